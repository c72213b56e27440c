// Key/value formats as settings and pickers write them, the decoding they give without any registry
// (primitives; auto = nothing to decode, so records are shown exactly as before), and the filter's JSON
// condition reading decoded JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asDataFormat, dataFormatSetting, dataFormatText, describeDataFormat, parseDataFormat } from '../../src/kafka/consume/dataFormat';
import { createDecoding, decodingProblem } from '../../src/kafka/consume/recordDecoding';
import { compileFilter } from '../../src/kafka/rules/recordFilter';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';
import type { DataFormat } from '../../src/kafka/serde/types';

const rec = (key: Buffer | null, value: Buffer | null): ConsumedRecord => ({ partition: 0, offset: '0', timestamp: '0', key, value, headers: {} });

test('formats parse from what a person writes, and print back the same', () => {
  for (const s of ['auto', 'registry', 'int64', 'string', 'base64', '/tmp/order.avsc', '/tmp/shop.proto#shop.Order']) {
    const p = parseDataFormat(s);
    assert.ok('value' in p, s);
    assert.equal(dataFormatText(p.value), s);
  }
  assert.deepEqual(parseDataFormat(' INT32 '), { value: { kind: 'primitive', format: 'int32' } });
  assert.deepEqual(parseDataFormat(''), { value: { kind: 'auto' } });
  assert.match((parseDataFormat('long') as { error: string }).error, /"long" is not a format: write auto, registry, one of string, int16, int32, int64, float32, float64, hex, base64, or the path of a \.avsc or \.proto file/);
  assert.match((parseDataFormat('/x/a.avsc#A') as { error: string }).error, /names a Protobuf message, but \/x\/a\.avsc is an Avro schema/);
  assert.equal(describeDataFormat({ kind: 'schema-file', path: '/a/b/shop.proto', messageName: 'shop.Order' }), 'schema file shop.proto (shop.Order)');
  assert.deepEqual(dataFormatSetting(5), { value: { kind: 'auto' }, error: 'is 5, not a string such as "auto", "registry" or "int64"' });
  assert.equal(asDataFormat({ kind: 'primitive', format: 'int8' }), undefined);
  assert.equal(asDataFormat({ kind: 'schema-file', path: '/etc/passwd' }), undefined);
  assert.deepEqual(asDataFormat({ kind: 'registry', extra: 1 }), { kind: 'registry' });
});

test('auto without a registry decodes nothing: records go through as before', () => {
  assert.equal(createDecoding({ key: { kind: 'auto' }, value: { kind: 'auto' }, timeoutMs: 1_000 }), undefined);
});

test('primitives decode without a registry, and a wrong width is a marker', async () => {
  const int64: DataFormat = { kind: 'primitive', format: 'int64' };
  const d = createDecoding({ key: int64, value: { kind: 'primitive', format: 'float32' }, timeoutMs: 1_000 }, () => assert.fail('no schema decoder is needed'));
  assert.ok(d);
  await d.prepare([]);
  const key = Buffer.alloc(8);
  key.writeBigInt64BE(-9223372036854775808n);
  const value = Buffer.alloc(4);
  value.writeFloatBE(0.5);
  assert.deepEqual(d.decode(rec(key, value)), { key: { ok: true, primitive: 'int64', text: '-9223372036854775808' }, value: { ok: true, primitive: 'float32', text: '0.5' } });
  assert.deepEqual(d.decode(rec(Buffer.alloc(4), null)), { key: { ok: false, marker: 'int64: 4 bytes, not an int64 (8 bytes)' }, value: undefined });
});

test('"registry" needs a registry; the reason says where to set one', () => {
  assert.match(decodingProblem({ key: { kind: 'registry' }, value: { kind: 'auto' } }) ?? '', /^the key format is "Schema Registry" but this cluster has no registry: set its URL with Edit Cluster → Schema Registry/);
  assert.equal(decodingProblem({ key: { kind: 'auto' }, value: { kind: 'primitive', format: 'hex' } }), undefined);
});

test('a schema decoder that throws or hangs never stops the records', async () => {
  const d = createDecoding({ key: { kind: 'auto' }, value: { kind: 'registry' }, timeoutMs: 0, registry: {} as never }, () => ({
    prepare: () => new Promise<void>(() => undefined), // never settles
    decode: () => { throw new Error('boom'); },
  }));
  assert.ok(d);
  await d.prepare([rec(null, Buffer.from([0, 0, 0, 0, 1]))]); // gives up after its bound (timeoutMs + 2 s)
  assert.deepEqual(d.decode(rec(null, Buffer.from([0, 0, 0, 0, 1]))), { key: undefined, value: { ok: false, marker: 'could not decode the value: boom' } });
});

test('the JSON condition reads the decoded JSON when there is one, the bytes otherwise, and never a failed decode', () => {
  const decoded = new Map<string, string | null>([['a', '{"status":"failed"}'], ['b', null]]);
  const f = compileFilter({ json: 'status == "failed"' }, Date.now(), (r) => decoded.get(r.key?.toString() ?? ''));
  assert.ok(f.ok);
  assert.equal(f.test(rec(Buffer.from('a'), Buffer.from([0, 0, 0, 0, 1]))), true);
  assert.equal(f.test(rec(Buffer.from('b'), Buffer.from('{"status":"failed"}'))), false);
  assert.equal(f.test(rec(Buffer.from('c'), Buffer.from('{"status":"failed"}'))), true);
});
