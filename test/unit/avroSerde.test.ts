// Avro: bytes → Avro's JSON encoding (longs exact, unions wrapped, bytes as \u00XX strings), JSON typed by
// a person → bytes with errors at their field, examples that round-trip, and a local .avsc through the
// record decoder's schema-file path. The bytes are checked against avsc's own encoder with a plain schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as avro from 'avsc';
import { avroCodec } from '../../src/kafka/serde/avroCodec';
import { parseJsonTree, type JNode } from '../../src/kafka/serde/jsonTree';
import { createFileEncoder, createRecordDecoder } from '../../src/kafka/serde/serdeBundle';
import { SerdeError } from '../../src/kafka/serde/types';

const ORDER = JSON.stringify({
  type: 'record', name: 'Order', namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'qty', type: 'int' },
    { name: 'price', type: 'double' },
    { name: 'ratio', type: 'float' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'raw', type: 'bytes' },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'long' } },
    { name: 'ref', type: ['null', { type: 'record', name: 'Ref', fields: [{ name: 'code', type: { type: 'fixed', name: 'Code', size: 2 } }] }], default: null },
  ],
});

const node = (text: string): JNode => {
  const p = parseJsonTree(text);
  if ('error' in p) throw new Error(p.error.message);
  return p.node;
};

const VALUE = '{"id":9007199254740993,"qty":-3,"price":0.1,"ratio":0.1,"note":{"string":"hi"},"status":"PAID","raw":"\\u0000\\u00ff","tags":["a"],"attrs":{"x":-9223372036854775808},"ref":{"shop.Ref":{"code":"ab"}}}';

test('Avro JSON encoding both ways, int64 beyond 2^53 exact, float shown as its float32 shortest text', () => {
  const c = avroCodec(ORDER);
  assert.deepEqual(c.validate(node(VALUE)), []);
  const { payload } = c.encode(node(VALUE));
  // Bytes come back as Java's JsonEncoder writes them: ISO-8859-1 characters, raw (not \u-escaped) above 0x7f.
  assert.equal(c.decode(payload).json, VALUE.replace('\\u00ff', '\u00ff'));
  // The same bytes as avsc's stock encoder writes for the same record (long 9007199254740993 is beyond its
  // safe range, so a smaller one here: the varint layout is what is compared).
  const plain = avro.Type.forSchema(JSON.parse(ORDER) as avro.Schema, { wrapUnions: true });
  const small = VALUE.replace('9007199254740993', '123').replace('-9223372036854775808', '-5');
  assert.deepEqual(c.encode(node(small)).payload, plain.toBuffer(plain.fromString(small)));
});

test('bad bytes give a specific error, never a wrong value', () => {
  const c = avroCodec(ORDER);
  const { payload } = c.encode(node(VALUE));
  assert.throws(() => c.decode(payload.subarray(0, 5)), /truncated/);
  assert.throws(() => c.decode(Buffer.concat([payload, Buffer.from([1])])), /trailing/);
});

test('validation errors point at the field (JSON Pointer)', () => {
  const c = avroCodec(ORDER);
  const plain = (): Record<string, unknown> => ({ ...(JSON.parse(VALUE) as Record<string, unknown>), id: 1, attrs: { x: 1 } });
  const bad = plain();
  bad.qty = 3000000000;
  bad.note = 'plain';
  bad.status = 'LOST';
  bad.tags = ['a', 5];
  bad.extra = 1;
  delete bad.id;
  const errs = c.validate(node(JSON.stringify(bad)));
  const byPath = Object.fromEntries(errs.map((e) => [e.path, e.message]));
  assert.match(byPath['/id'], /required: field "id" \(long\) of record shop.Order has no default/);
  assert.match(byPath['/qty'], /3000000000 is out of Avro int's range/);
  assert.match(byPath['/note'], /a union value is written as \{"string": …\} or null/);
  assert.match(byPath['/status'], /"LOST" is not a symbol of enum shop.Status: "NEW", "PAID"/);
  assert.match(byPath['/tags/1'], /expected a string, got a number/);
  assert.match(byPath['/extra'], /record shop.Order has no field "extra"/);
  assert.match(c.validate(node('{"id": 1.5}'))[0].message, /1.5 is not a whole number/);
  // A field with a default may be left out.
  const noNote = plain();
  delete noNote.note;
  assert.deepEqual(c.validate(node(JSON.stringify(noNote))), []);
});

test('example() is valid and round-trips through encode/decode', () => {
  const c = avroCodec(ORDER);
  const ex = c.example();
  assert.deepEqual(c.validate(node(ex)), []);
  assert.equal(c.decode(c.encode(node(ex)).payload).json, ex);
});

test('a local .avsc: file encoder (unframed bytes) → record decoder with schema-file, label names the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-avro-'));
  const file = join(dir, 'order.avsc');
  writeFileSync(file, ORDER);
  const encoder = await createFileEncoder(file);
  assert.deepEqual(encoder.label, { type: 'AVRO', file: 'order.avsc' });
  assert.deepEqual(encoder.validate('{"id": '), [{ path: '', message: 'not JSON: line 1, column 8: the text ends where a value should be' }]);
  assert.deepEqual(encoder.validate(encoder.example()), []);
  const bytes = encoder.encode(VALUE);
  assert.throws(() => encoder.encode('{"id": "x"}'), (e: unknown) => e instanceof SerdeError && e.fieldErrors.some((f) => f.path === '/id'));
  const decoder = createRecordDecoder({ key: { kind: 'primitive', format: 'string' }, value: { kind: 'schema-file', path: file }, timeoutMs: 1000 });
  await decoder.prepare([{ key: null, value: bytes }]);
  assert.deepEqual(decoder.decode(bytes, 'value'), { ok: true, json: VALUE.replace('\\u00ff', '\u00ff'), schema: { type: 'AVRO', file: 'order.avsc' } });
  assert.equal(decoder.decode(bytes, 'key'), undefined, 'primitive formats are decodePrimitive\'s');
  const broken = decoder.decode(bytes.subarray(0, 3), 'value');
  assert.equal(broken?.ok, false);
  assert.match(broken && !broken.ok ? broken.marker : '', /^bytes do not match the avro file order.avsc: truncated/);
  // A missing file and a wrong extension: specific markers, no throw.
  const missing = createRecordDecoder({ key: { kind: 'auto' }, value: { kind: 'schema-file', path: join(dir, 'nope.avsc') }, timeoutMs: 1000 });
  await missing.prepare([]);
  assert.deepEqual(missing.decode(bytes, 'value'), { ok: false, marker: `cannot read the schema file ${join(dir, 'nope.avsc')}: ENOENT` });
  await assert.rejects(createFileEncoder(join(dir, 'order.json')), /a local schema file is an Avro schema \(.avsc\) or a Protobuf file \(.proto\), not ".json"/);
});
