// Formatting must be total: any bytes in, readable text out, never mojibake, never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asText, ConsumedRecord, count, DEFAULT_FORMAT, formatOptionsFrom, formatRecord, formatValue } from '../../src/kafka/rules/recordFormat';

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
  assert.equal(formatValue(bad, DEFAULT_FORMAT), '«hex:c328ff0041»');
  assert.equal(formatValue(bad, { ...DEFAULT_FORMAT, binary: 'base64' }), `«base64:${bad.toString('base64')}»`);
  assert.equal(formatValue(Buffer.from('a\u0001b'), DEFAULT_FORMAT), '«hex:610162»');
  assert.equal(asText(Buffer.from([0xe2, 0x82])), undefined); // truncated sequence
  assert.equal(formatValue(Buffer.from('grüße 👋'), DEFAULT_FORMAT), 'grüße 👋');
  assert.equal(formatValue(Buffer.from('\ufeffbom'), DEFAULT_FORMAT), 'bom');
});

test('binary keys and header values, null key and value, empty value', () => {
  const line = formatRecord(rec({ key: Buffer.from([0x00, 0xff]), value: null, headers: { h: Buffer.from([0xfe]) } }), { ...DEFAULT_FORMAT, timestamp: false });
  assert.equal(line, 'p2@42 key=«hex:00ff» {h=«hex:fe»} «null»');
  assert.equal(formatRecord(rec({ key: null, value: Buffer.alloc(0) }), { ...DEFAULT_FORMAT, timestamp: false, showAbsent: true }), 'p2@42 key=«null» {} «empty»');
  assert.equal(formatRecord(rec({ key: Buffer.alloc(0), value: Buffer.from('v') }), { ...DEFAULT_FORMAT, timestamp: false }), 'p2@42 key=«empty» v');
});

test('absent keys and headers are left out of the line unless showAbsent is set', () => {
  const o = { ...DEFAULT_FORMAT, timestamp: false };
  assert.equal(formatRecord(rec({ key: null }), o), 'p2@42 hello');
  assert.equal(formatRecord(rec({ key: null }), { ...o, showAbsent: true }), 'p2@42 key=«null» {} hello');
  // With the key left out, a value that starts with key= cannot pose as one.
  assert.equal(formatRecord(rec({ key: null, value: Buffer.from('key=k1 hello') }), o), 'p2@42 "key=k1 hello"');
  assert.equal(formatOptionsFrom({ showAbsent: true }).showAbsent, true);
});

test('markers cannot be faked by data: tombstone vs (null), null key vs key text, bytes vs hex: text', () => {
  const o = { ...DEFAULT_FORMAT, timestamp: false, showAbsent: true };
  const shown = (r: Partial<ConsumedRecord>): string => formatRecord(rec(r), o);
  const pairs: Array<[Partial<ConsumedRecord>, Partial<ConsumedRecord>]> = [
    [{ value: null }, { value: Buffer.from('(null)') }],
    [{ value: null }, { value: Buffer.from('«null»') }],
    [{ value: null }, { value: Buffer.from('"«null»"') }],
    [{ key: null }, { key: Buffer.from('(null)') }],
    [{ key: null }, { key: Buffer.from('«null»') }],
    [{ value: Buffer.from([0x00, 0xff]) }, { value: Buffer.from('hex:00ff') }],
    [{ value: Buffer.from([0x00, 0xff]) }, { value: Buffer.from('«hex:00ff»') }],
    [{ key: Buffer.from([0x00, 0xff]) }, { key: Buffer.from('«hex:00ff»') }],
    [{ value: Buffer.alloc(0) }, { value: Buffer.from('«empty»') }],
    [{ headers: { h: Buffer.from([0xfe]) } }, { headers: { h: Buffer.from('«hex:fe»') } }],
    [{ value: Buffer.from('x'.repeat(100)) }, { value: Buffer.from(`${'x'.repeat(16)} «… 84 bytes not shown»`) }],
  ];
  for (const [a, b] of pairs) assert.notEqual(shown(a), shown(b), `${shown(a)} vs ${shown(b)}`);
  assert.equal(formatValue(null, o), '«null»');
  assert.equal(formatValue(Buffer.from('(null)'), o), '(null)');
  assert.equal(formatValue(Buffer.from('«null»'), o), '"«null»"');
  assert.equal(formatValue(Buffer.from('hex:00ff'), o), 'hex:00ff');
  assert.equal(formatValue(Buffer.from([0x00, 0xff]), o), '«hex:00ff»');
  assert.equal(shown({ key: Buffer.from('«null»'), value: Buffer.from('v') }), 'p2@42 key=\\u00abnull» {} v');
});

test('JSON is shown as written: never re-serialized (64-bit ids, 1.10, duplicate keys, 1e400), pretty or compact', () => {
  const raw = '{"id": 9007199254740993, "big":12345678901234567890, "price":1.10, "k":1, "k":2, "huge":1e400, "s":"a\\u00e9 b"}';
  const v = Buffer.from(raw);
  assert.equal(formatValue(v, DEFAULT_FORMAT),
    '{\n  "id": 9007199254740993,\n  "big": 12345678901234567890,\n  "price": 1.10,\n  "k": 1,\n  "k": 2,\n  "huge": 1e400,\n  "s": "a\\u00e9 b"\n}');
  assert.equal(formatValue(v, { ...DEFAULT_FORMAT, prettyJson: false }),
    '{"id":9007199254740993,"big":12345678901234567890,"price":1.10,"k":1,"k":2,"huge":1e400,"s":"a\\u00e9 b"}');
  assert.equal(formatValue(Buffer.from('[1.50, -0.0, 1E+2]'), { ...DEFAULT_FORMAT, prettyJson: false }), '[1.50,-0.0,1E+2]');
});

test('the cut marker counts the bytes not shown exactly, also when the cut lands inside a character', () => {
  const o = { ...DEFAULT_FORMAT, maxValueBytes: 16 };
  const euro = Buffer.from('€€€€€€'); // 18 bytes, 3 each: the cut at 16 lands inside the 6th
  assert.equal(formatValue(euro, o), '€€€€€ «… 3 bytes not shown»');
  for (const s of ['x'.repeat(15) + '👋👋', 'x'.repeat(14) + '👋👋', 'x'.repeat(13) + 'é€👋', 'ü'.repeat(20)]) {
    const b = Buffer.from(s);
    const m = /^(.*) «… (\d+) bytes? not shown»$/s.exec(formatValue(b, o));
    assert.ok(m, formatValue(b, o));
    assert.equal(Buffer.byteLength(m[1]) + Number(m[2]), b.length, `${s}: ${m[1]} + ${m[2]}`);
    assert.ok(Buffer.byteLength(m[1]) <= 16);
  }
  assert.equal(formatValue(Buffer.alloc(20, 0xff), o), `«hex:${'ff'.repeat(16)}» «… 4 bytes not shown»`);
});

test('newlines in keys and headers are escaped so a record never fakes another line', () => {
  const line = formatRecord(rec({ key: Buffer.from('a\nb'), headers: { 'x\ny': 'v' } }), { ...DEFAULT_FORMAT, timestamp: false });
  assert.equal(line, 'p2@42 key=a\\nb {x\\ny=v} hello');
});

test('forced hex/base64 and long values cut with the count of bytes left out', () => {
  assert.equal(formatValue(Buffer.from('hi'), { ...DEFAULT_FORMAT, value: 'hex' }), '«hex:6869»');
  assert.equal(formatValue(Buffer.from('hi'), { ...DEFAULT_FORMAT, value: 'base64' }), '«base64:aGk=»');
  const long = Buffer.from('x'.repeat(100));
  assert.equal(formatValue(long, { ...DEFAULT_FORMAT, maxValueBytes: 16 }), `${'x'.repeat(16)} «… 84 bytes not shown»`);
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

test('count groups whole numbers as toLocaleString("en-US") does, and leaves the rest to it', () => {
  const values = [0, -0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 1001, 9999, 10000, 99999, 100000, 100103, 999999, 1000000,
    1234567, -1234567, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 0.5, 1234.5678, -0.0004,
    NaN, Infinity, -Infinity];
  for (let d = 1; d <= 16; d++) values.push(Number('9'.repeat(d)), Number(`1${'0'.repeat(d - 1)}`));
  for (const n of values) assert.equal(count(n), n.toLocaleString('en-US'), String(n));
});
