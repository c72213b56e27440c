// JSON Schema: drafts 7 and 2020-12 (their own keywords), errors at the field, the payload shown as its own
// text (a 64-bit id exact), references by name, and examples the schema accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonTree, type JNode } from '../../src/kafka/serde/jsonTree';
import { jsonSchemaCodec } from '../../src/kafka/serde/jsonSchemaCodec';

const node = (text: string): JNode => {
  const p = parseJsonTree(text);
  if ('error' in p) throw new Error(p.error.message);
  return p.node;
};

const D7 = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, required: ['id', 'name'],
  properties: { id: { type: 'integer' }, name: { type: 'string', minLength: 2 }, tags: { type: 'array', items: { type: 'string' } }, kind: { enum: ['a', 'b'] }, when: { type: 'string', format: 'date-time' } },
  definitions: { unused: { type: 'string' } },
});
const D2020 = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['pair'],
  properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }, more: { $ref: '#/$defs/more' } },
  $defs: { more: { type: 'object', properties: { n: { type: 'number', minimum: 3 } }, unevaluatedProperties: false } },
});

test('draft 7: errors at the field, required and additional properties point at the property itself', () => {
  const c = jsonSchemaCodec(D7, []);
  assert.deepEqual(c.validate(node('{"id": 12345678901234567890, "name": "ab"}')), []);
  const errs = c.validate(node('{"id": 1.5, "name": "x", "tags": ["a", 2], "kind": "c", "extra": true}'));
  const byPath = Object.fromEntries(errs.map((e) => [e.path, e.message]));
  assert.equal(byPath['/id'], 'must be integer');
  assert.equal(byPath['/name'], 'must NOT have fewer than 2 characters');
  assert.equal(byPath['/tags/1'], 'must be string');
  assert.equal(byPath['/kind'], 'must be one of "a", "b"');
  assert.equal(byPath['/extra'], 'property "extra" is not allowed by the schema');
  assert.deepEqual(c.validate(node('{"id": 1}')), [{ path: '/name', message: 'required: the schema requires property "name"' }]);
});

test('draft 2020-12: prefixItems, items:false, unevaluatedProperties, $defs', () => {
  const c = jsonSchemaCodec(D2020, []);
  assert.deepEqual(c.validate(node('{"pair": ["a", 1], "more": {"n": 4}}')), []);
  const paths = c.validate(node('{"pair": ["a", "b", 3], "more": {"n": 1, "z": 0}}')).map((e) => e.path).sort();
  assert.deepEqual(paths, ['/more/n', '/more/z', '/pair', '/pair/1']);
});

test('decode shows the payload\'s own text (int64 exact); non-JSON and non-UTF-8 payloads are named', () => {
  const c = jsonSchemaCodec(D7, []);
  const text = '{"id":9223372036854775807,"name":"ab"}';
  assert.equal(c.decode(Buffer.from(text)).json, text);
  assert.deepEqual(c.encode(node('{ "id" : 9223372036854775807,\n "name": "ab" }')).payload, Buffer.from(text));
  assert.throws(() => c.decode(Buffer.from('{"id":')), /the payload is not JSON: line 1, column 7/);
  assert.throws(() => c.decode(Buffer.from([0x7b, 0xff])), /the payload is not UTF-8: byte 1/);
});

test('references by name; examples validate for both drafts', () => {
  const main = JSON.stringify({ type: 'object', properties: { addr: { $ref: 'address.json' } }, required: ['addr'] });
  const addr = JSON.stringify({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
  const c = jsonSchemaCodec(main, [{ name: 'address.json', schema: addr, type: 'JSON' }]);
  assert.deepEqual(c.validate(node('{"addr": {}}')), [{ path: '/addr/city', message: 'required: the schema requires property "city"' }]);
  for (const codec of [c, jsonSchemaCodec(D7, []), jsonSchemaCodec(D2020, [])]) assert.deepEqual(codec.validate(node(codec.example())), [], codec.example());
});
