// The producer's key/value encodings in the draft: primitives checked in the pure rules (the webview runs
// them as you type), schema choices turned into what the encoder needs, every mistake in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySchemaRef, schemaEncoding } from '../../src/kafka/rules/produceEncoding';
import { emptyDraft, parseDraft, ProduceDraft, validateDraft, valueKind } from '../../src/kafka/rules/produceValidation';
import { parseToHost } from '../../src/producer/messages';

const draft = (d: Partial<ProduceDraft> = {}): ProduceDraft => ({ ...emptyDraft('orders'), value: '{"a":1}', ...d });
const errorsOf = (d: Partial<ProduceDraft>): Record<string, string> => {
  const r = validateDraft(draft(d));
  assert.equal(r.ok, false, JSON.stringify(d));
  return (r as { errors: Record<string, string> }).errors;
};

test('primitive values and keys become their encodings; a value out of range is refused before sending', () => {
  const r = validateDraft(draft({ value: '{{seq}}', valueFormat: 'int64', key: '42', keyFormat: 'int32' }));
  assert.ok(r.ok);
  assert.deepEqual(r.spec.valueEncoding, { kind: 'primitive', format: 'int64' });
  assert.deepEqual(r.spec.keyEncoding, { kind: 'primitive', format: 'int32' });
  assert.equal(r.spec.valueJson, false);
  assert.match(errorsOf({ value: '70000', valueFormat: 'int16' }).value, /^Value \(int16\): .*70000/);
  assert.match(errorsOf({ value: 'abc', valueFormat: 'float64' }).value, /^Value \(float64\): /);
  assert.match(errorsOf({ value: 'zz', valueFormat: 'hex' }).value, /^Value \(hex\): /);
  assert.match(errorsOf({ key: '1.5', keyFormat: 'int64' }).key, /^Key \(int64\): /);
  // A primitive key is always sent: an empty field is a mistake, not "no key".
  assert.match(errorsOf({ key: '', keyFormat: 'int32' }).key, /Enter a key to send as int32, or choose No key/);
  // {{uuid}} can never be an int64: the sample with placeholders filled in says so.
  assert.match(errorsOf({ value: '{{uuid}}', valueFormat: 'int64' }).value, /^Value \(int64\): /);
  assert.equal(valueKind({ value: '7', valueFormat: 'int32' }), 'int32');
  assert.equal(valueKind({ value: 'x', valueFormat: 'int32' }), undefined);
});

test('a registry schema needs a subject and a version (latest by default); a file needs .avsc or .proto', () => {
  const ok = validateDraft(draft({ valueFormat: 'schema', valueSchema: { ...emptySchemaRef(), subject: ' orders-value ' } }));
  assert.ok(ok.ok);
  assert.deepEqual(ok.spec.valueEncoding, { kind: 'registry', subject: 'orders-value', version: 'latest' });
  assert.equal(ok.spec.valueJson, true, 'faker text stays JSON under a schema');
  const v3 = schemaEncoding('schema', { ...emptySchemaRef(), subject: 's', version: '3' }, 'Value');
  assert.deepEqual(v3, { kind: 'registry', subject: 's', version: 3 });
  assert.match(errorsOf({ valueFormat: 'schema' }).value, /^Value schema: choose a subject of the cluster's Schema Registry/);
  assert.match(errorsOf({ valueFormat: 'schema', valueSchema: { ...emptySchemaRef(), subject: 's', version: 'v2' } }).value, /"v2" is not a version: write latest, or a version number/);
  assert.match(errorsOf({ valueFormat: 'schema', valueSchema: { ...emptySchemaRef(), subject: 's', version: '0' } }).value, /"0" is not a version/);
  assert.match(errorsOf({ valueFormat: 'schema', value: '{"a":', valueSchema: { ...emptySchemaRef(), subject: 's' } }).value, /not valid JSON.*Example fills in a value/);
  assert.match(errorsOf({ valueFormat: 'schema-file' }).value, /^Value schema file: choose a \.avsc \(Avro\) or \.proto/);
  assert.match(errorsOf({ valueFormat: 'schema-file', valueSchema: { ...emptySchemaRef(), path: '/tmp/a.json' } }).value, /neither \.avsc \(Avro\) nor \.proto/);
  assert.match(errorsOf({ valueFormat: 'schema-file', valueSchema: { ...emptySchemaRef(), path: '/tmp/a.avsc', messageName: 'X' } }).value, /a message name is for \.proto files only/);
  assert.match(errorsOf({ valueFormat: 'schema-file', valueSchema: { ...emptySchemaRef(), path: '/tmp/a.proto', messageName: 'shop..Order' } }).value, /is not a Protobuf message name/);
  const file = validateDraft(draft({ valueFormat: 'schema-file', valueSchema: { ...emptySchemaRef(), path: '/tmp/o.proto', messageName: 'shop.Order' } }));
  assert.ok(file.ok);
  assert.deepEqual(file.spec.valueEncoding, { kind: 'schema-file', path: '/tmp/o.proto', messageName: 'shop.Order' });
  // The key has its own schema, separately from the value.
  const key = validateDraft(draft({ key: '{"id": {{seq}}}', keyFormat: 'schema', keySchema: { ...emptySchemaRef(), subject: 'orders-key', version: '1' } }));
  assert.ok(key.ok);
  assert.deepEqual(key.spec.keyEncoding, { kind: 'registry', subject: 'orders-key', version: 1 });
  assert.deepEqual(key.spec.valueEncoding, { kind: 'plain' });
  assert.match(errorsOf({ key: '{"id":', keyFormat: 'schema', keySchema: { ...emptySchemaRef(), subject: 'k' } }).key, /^The key is not valid JSON/);
});

test('drafts carry their schema choices through parseDraft and webview messages; older drafts still load', () => {
  const d = draft({ valueFormat: 'schema', valueSchema: { subject: 's', version: 'latest', path: '', messageName: '' }, keyFormat: 'int64', key: '1' });
  const back = parseDraft(JSON.parse(JSON.stringify(d)));
  assert.deepEqual(back, d);
  const old = parseDraft({ topic: 't', key: '', value: 'v', valueFormat: 'auto', headers: [], partition: '', compression: 'none', acks: 'all', count: '1' });
  assert.ok(typeof old !== 'string' && old.keySchema === undefined && old.keyFormat === 'text');
  assert.equal(parseDraft({ ...d, valueSchema: { subject: 5 } }), 'draft.valueSchema.subject is not a string');
  assert.equal(parseDraft({ ...d, valueFormat: 'avro' }).toString().startsWith('draft.valueFormat is not one of'), true);
  assert.deepEqual(parseToHost({ type: 'example', part: 'value', draft: d }), { type: 'example', part: 'value', draft: d });
  assert.deepEqual(parseToHost({ type: 'example', part: 'header', draft: d }), { invalid: 'example: part is not key or value' });
  assert.deepEqual(parseToHost({ type: 'listSubjects', extra: 1 }), { type: 'listSubjects' });
});
