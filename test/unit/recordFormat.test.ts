// Formatting must be total: any bytes in, readable text out, never mojibake, never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asText, ConsumedRecord, DEFAULT_FORMAT, formatOptionsFrom, formatRecord, formatValue } from '../../src/kafka/recordFormat';

const rec = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  partition: 2, offset: '42', timestamp: '1700000000000', key: Buffer.from('k1'), value: Buffer.from('hello'), headers: {}, ...over,
});

test('full prefix: timestamp, partition@offset, key, headers, then value', () => {
  const line = formatRecord(rec({ headers: { trace: Buffer.from('abc'), dup: [Buffer.from('1'), Buffer.from('2')] } }));
  assert.equal(line, '2023-11-14T22:13:20.000Z p2@42 key=k1 {trace=abc, dup=1, dup=2} hello');
});

test('prefix fields can be switched off one by one', () => {
  const o = { ...DEFAULT_FORMAT, timestamp: false, headers: false };
  assert.equal(formatRecord(rec(), o), 'p2@42 key=k1 hello');
  assert.equal(formatRecord(rec(), { ...o, partition: false }), '@42 key=k1 hello');
  assert.equal(formatRecord(rec(), { ...o, offset: false, key: false }), 'p2 hello');
  assert.equal(formatRecord(rec(), { ...o, partition: false, offset: false, key: false }), 'hello');
});

test('JSON values are pretty-printed, or compact when asked', () => {
  const v = Buffer.from('{"a":1,"b":[true,null]}');
  assert.equal(formatValue(v, DEFAULT_FORMAT), '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  assert.equal(formatValue(v, { ...DEFAULT_FORMAT, prettyJson: false }), '{"a":1,"b":[true,null]}');
  // Looks like JSON but is not: shown as the text it is.
  assert.equal(formatValue(Buffer.from('{not json'), DEFAULT_FORMAT), '{not json');
  // Scalars stay as typed (a bare 42 is text, not reformatted).
  assert.equal(formatValue(Buffer.from('42'), DEFAULT_FORMAT), '42');
});

test('invalid UTF-8 and control bytes become hex (or base64), never mojibake', () => {
  const bad = Buffer.from([0xc3, 0x28, 0xff, 0x00, 0x41]);
  assert.equal(formatValue(bad, DEFAULT_FORMAT), 'hex:c328ff0041');
  assert.equal(formatValue(bad, { ...DEFAULT_FORMAT, binary: 'base64' }), `base64:${bad.toString('base64')}`);
  assert.equal(formatValue(Buffer.from('a\u0001b'), DEFAULT_FORMAT), 'hex:610162');
  assert.equal(asText(Buffer.from([0xe2, 0x82])), undefined); // truncated sequence
  assert.equal(formatValue(Buffer.from('grüße 👋'), DEFAULT_FORMAT), 'grüße 👋');
  assert.equal(formatValue(Buffer.from('\ufeffbom'), DEFAULT_FORMAT), 'bom');
});

test('binary keys and header values, null key and value, empty value', () => {
  const line = formatRecord(rec({ key: Buffer.from([0x00, 0xff]), value: null, headers: { h: Buffer.from([0xfe]) } }), { ...DEFAULT_FORMAT, timestamp: false });
  assert.equal(line, 'p2@42 key=hex:00ff {h=hex:fe} (null)');
  assert.equal(formatRecord(rec({ key: null, value: Buffer.alloc(0) }), { ...DEFAULT_FORMAT, timestamp: false }), 'p2@42 key=(null) ');
});

test('newlines in keys and headers are escaped so a record never fakes another line', () => {
  const line = formatRecord(rec({ key: Buffer.from('a\nb'), headers: { 'x\ny': 'v' } }), { ...DEFAULT_FORMAT, timestamp: false });
  assert.equal(line, 'p2@42 key=a\\nb {x\\ny=v} hello');
});

test('forced hex/base64 and long values cut with the count of bytes left out', () => {
  assert.equal(formatValue(Buffer.from('hi'), { ...DEFAULT_FORMAT, value: 'hex' }), 'hex:6869');
  assert.equal(formatValue(Buffer.from('hi'), { ...DEFAULT_FORMAT, value: 'base64' }), 'base64:aGk=');
  const long = Buffer.from('x'.repeat(100));
  assert.equal(formatValue(long, { ...DEFAULT_FORMAT, maxValueBytes: 16 }), `${'x'.repeat(16)} … (84 more bytes)`);
  // A cut in the middle of a multi-byte character is still text.
  const euro = Buffer.from('€€€€€€'); // 3 bytes each
  assert.equal(formatValue(euro, { ...DEFAULT_FORMAT, maxValueBytes: 16 }), '€€€€€ … (2 more bytes)');
});

test('timestamps that are missing or absurd are shown raw, not as Invalid Date', () => {
  assert.match(formatRecord(rec({ timestamp: '-1' })), /^ts=-1 p2@42/);
  assert.match(formatRecord(rec({ timestamp: '99999999999999999' })), /^ts=99999999999999999 /);
});

test('settings are read field by field, bad values fall back to defaults', () => {
  const o = formatOptionsFrom({ key: false, value: 'nonsense', binary: 'base64', maxValueBytes: 3 });
  assert.equal(o.key, false);
  assert.equal(o.value, 'auto');
  assert.equal(o.binary, 'base64');
  assert.equal(o.maxValueBytes, DEFAULT_FORMAT.maxValueBytes);
});
