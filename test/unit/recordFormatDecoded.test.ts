// The consumer line of a decoded record: «schema label» then the exact JSON; a primitive's text; a failure
// as its marker followed by the raw bytes (nothing lost). Hand-made DecodedPart values, no registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumedRecord, DEFAULT_FORMAT, DecodedPart, formatRecord, labelText, MARK } from '../../src/kafka/rules/recordFormat';

const rec = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  partition: 0, offset: '7', timestamp: '1700000000000', key: Buffer.from('k1'), value: Buffer.from([0, 0, 0, 0, 7, 2, 0x66]), headers: {}, ...over,
});
const o = { ...DEFAULT_FORMAT, timestamp: false, headers: false };
const avro = (json: string): DecodedPart => ({ ok: true, json, schema: { type: 'AVRO', subject: 'orders-value', version: 3, id: 7 } });

test('schema labels name type, message, file or subject, version and id', () => {
  assert.equal(labelText({ type: 'AVRO', subject: 'orders-value', version: 3, id: 7 }), 'avro orders-value v3 id 7');
  assert.equal(labelText({ type: 'PROTOBUF', messageName: 'shop.Order', subject: 'orders-value', version: 1, id: 9 }), 'protobuf shop.Order orders-value v1 id 9');
  assert.equal(labelText({ type: 'AVRO', file: '/home/me/schemas/order.avsc' }), 'avro file order.avsc');
  assert.equal(labelText({ type: 'JSON', id: 12 }), 'json-schema id 12');
  assert.equal(MARK.schema({ type: 'AVRO', id: 1 }), '«avro id 1»');
});

test('a decoded value: the label marker, then pretty JSON with its digits exact', () => {
  const d = avro('{"id":9007199254740993,"price":1.10,"tags":["a"]}');
  assert.equal(formatRecord(rec(), o, { value: d }),
    'p0@7 key=k1 «avro orders-value v3 id 7» {\n  "id": 9007199254740993,\n  "price": 1.10,\n  "tags": [\n    "a"\n  ]\n}');
  assert.equal(formatRecord(rec(), { ...o, prettyJson: false }, { value: d }),
    'p0@7 key=k1 «avro orders-value v3 id 7» {"id":9007199254740993,"price":1.10,"tags":["a"]}');
});

test('a decoded key is compact on the line; a decoded scalar value stays a scalar', () => {
  const key: DecodedPart = { ok: true, json: '{"a": 1, "b": "x y"}', schema: { type: 'AVRO', subject: 'orders-key', version: 1, id: 2 } };
  assert.equal(formatRecord(rec({ value: Buffer.from('plain') }), o, { key }), 'p0@7 key=«avro orders-key v1 id 2» {"a":1,"b":"x y"} plain');
  assert.equal(formatRecord(rec(), o, { value: avro('"text"') }), 'p0@7 key=k1 «avro orders-value v3 id 7» "text"');
});

test('« inside decoded strings is escaped, so data never opens a marker', () => {
  assert.equal(formatRecord(rec(), { ...o, key: false, prettyJson: false }, { value: avro('{"s":"a«b»"}') }),
    'p0@7 «avro orders-value v3 id 7» {"s":"a\\u00abb»"}');
  // …and a marker's own text cannot close the marker early.
  assert.equal(formatRecord(rec(), { ...o, key: false }, { value: { ok: false, marker: 'bad «x»\nthing' } }),
    'p0@7 «bad ‹x› thing» «hex:00000000070266»');
});

test('a failure: the marker, then the raw bytes (hex or base64 as configured)', () => {
  const f: DecodedPart = { ok: false, marker: 'schema id 42: not in the registry at http://127.0.0.1:8081/apis/ccompat/v7' };
  const v = Buffer.from([0, 0, 0, 0, 42, 1, 2]);
  assert.equal(formatRecord(rec({ value: v }), o, { value: f }),
    'p0@7 key=k1 «schema id 42: not in the registry at http://127.0.0.1:8081/apis/ccompat/v7» «hex:000000002a0102»');
  assert.equal(formatRecord(rec({ value: v }), { ...o, binary: 'base64' }, { value: f }),
    `p0@7 key=k1 «schema id 42: not in the registry at http://127.0.0.1:8081/apis/ccompat/v7» «base64:${v.toString('base64')}»`);
  // A key that failed: marker and its bytes too, then the value as always.
  assert.equal(formatRecord(rec({ key: Buffer.from([0, 0, 0, 0, 1]), value: Buffer.from('v') }), o, { key: { ok: false, marker: 'registry down' } }),
    'p0@7 key=«registry down» «hex:0000000001» v');
  // Long raw bytes are cut as any value is, with the count of bytes left out.
  const big = Buffer.alloc(40, 0xab);
  assert.equal(formatRecord(rec({ value: big }), { ...o, key: false, maxValueBytes: 16 }, { value: { ok: false, marker: 'm' } }),
    `p0@7 «m» «hex:${'ab'.repeat(16)}» «… 24 bytes not shown»`);
});

test('primitive formats: numbers as their text, strings as text, hex/base64 as bytes', () => {
  const n = (text: string, primitive = 'int64'): DecodedPart => ({ ok: true, primitive, text });
  assert.equal(formatRecord(rec({ key: Buffer.alloc(8) }), o, { key: n('-9223372036854775808'), value: n('3.5', 'float64') }),
    'p0@7 key=-9223372036854775808 3.5');
  assert.equal(formatRecord(rec({ key: Buffer.from('a\nb'), value: Buffer.from('{"x":1}') }), o, { key: n('a\nb', 'string'), value: n('{"x":1}', 'string') }),
    'p0@7 key=a\\nb {"x":1}');
  assert.equal(formatRecord(rec({ key: Buffer.from([1, 2]), value: Buffer.from('hi') }), o, { key: n('0102', 'hex'), value: n('aGk=', 'base64') }),
    'p0@7 key=«hex:0102» «base64:aGk=»');
  // A wrong length is a failure like any other: marker, then the bytes.
  assert.equal(formatRecord(rec({ value: Buffer.from([0, 0, 0, 1]) }), { ...o, key: false }, { value: { ok: false, marker: 'int64: 4 bytes, not an int64 (8 bytes)' } }),
    'p0@7 «int64: 4 bytes, not an int64 (8 bytes)» «hex:00000001»');
});

test('null and empty keep their markers whatever the decoding; no decoding means today\'s line', () => {
  assert.equal(formatRecord(rec({ value: null }), o, { value: avro('{}') }), 'p0@7 key=k1 «null»');
  assert.equal(formatRecord(rec({ value: Buffer.from('{"a":1}') }), { ...o, prettyJson: false }, {}), 'p0@7 key=k1 {"a":1}');
});
