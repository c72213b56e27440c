// The throttle writes lines as bytes (formatRecordInto into LineBytes): the text must be formatRecord's,
// byte for byte, and the length it reports must be the string's length (the character budget counts it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineBytes } from '../../src/kafka/rules/lineBytes';
import { decodeRecordSet } from '../../src/kafka/protocol/recordBatch';
import { inflateBatch } from '../../src/kafka/client/codecs';
import { batch, RecordSpec } from './recordBatchBytes';
import { ConsumedRecord, DEFAULT_FORMAT, formatRecord, formatRecordInto, FormatOptions, RecordDecoding } from '../../src/kafka/rules/recordFormat';

const values: Array<Buffer | null> = [
  null, Buffer.alloc(0), Buffer.from('{"id":"0000000001","payload":"xxxx"}'), Buffer.from(' [1.0, {"k":1,"k":2}, [], "grüße 👋"] '),
  Buffer.from('plain text'), Buffer.from('grüße 👋 «null»'), Buffer.from('"quoted'), Buffer.from('key=v'), Buffer.from([0x00, 0xff, 0xfe]),
  Buffer.from('{not json'), Buffer.from('{"t":"{{seq}}"}'), Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x5d]), Buffer.from('x'.repeat(100)),
  Buffer.from(`{"big":"${'é'.repeat(40)}"}`), Buffer.from('{"a":"\\ud83d\\ude00","b":"😀"}'),
];
const keys: Array<Buffer | null> = [null, Buffer.from('k1'), Buffer.from('ключ\n'), Buffer.from([0xff])];
const headers: ConsumedRecord['headers'][] = [{}, { trace: Buffer.from('abc'), dup: [Buffer.from('1'), 'två'] }];
const options: FormatOptions[] = [
  DEFAULT_FORMAT, { ...DEFAULT_FORMAT, prettyJson: false }, { ...DEFAULT_FORMAT, showAbsent: true, timestamp: false },
  { ...DEFAULT_FORMAT, maxValueBytes: 16 }, { ...DEFAULT_FORMAT, value: 'text' }, { ...DEFAULT_FORMAT, value: 'hex' },
  { ...DEFAULT_FORMAT, timestamp: false, partition: false, offset: false, key: false, headers: false },
];
const decodings: Array<RecordDecoding | undefined> = [
  undefined,
  { value: { ok: true, json: '{"a":"«x»","n":12345678901234567890}', schema: { type: 'AVRO', subject: 'orders-value', version: 3, id: 7 } } },
  { key: { ok: true, primitive: 'int64', text: '42' }, value: { ok: false, marker: 'no schema 9' } },
];
// Schema-decoded values go the byte path (decodedBytes.ts): each of these must come out as the string path's.
const avro = { type: 'AVRO', subject: 'orders-value', version: 3, id: 7 } as const;
const proto = { type: 'PROTOBUF', subject: 'shop-value', version: 1, id: 9, messageName: 'shop.Order' } as const;
const decodedJson = [
  '{"id":1,"customer":"c-1","amount":12.50,"status":"NEW","items":["a","b"],"note":{"string":"gift"},"big":12345678901234567890,"e":1E+400}',
  '{ "nested" : { "deep" : [ [ ], { }, [1, [2, [3]]], {"x":{"y":{"z":null}}} ] }, "t" : true, "f" : false }',
  '{"m":"«x» and »y« {{seq}} }}","u":"grüße 👋 日本","esc":"\\n\\t\\"\\\\ \\u00ab \\ud83d\\ude00","c1":"\u0085"}',
  '[{"a":"»"},{"b":"{{"},-0.0,-1.5e-7]', '"a bare string «x»"', '123', '[]', '{}', 'null', '{"lone":"\ud800"}',
];
for (const json of decodedJson) {
  decodings.push({ value: { ok: true, json, schema: avro } });
  decodings.push({ key: { ok: true, json, schema: proto }, value: { ok: true, json, schema: { ...proto, file: '/tmp/x/order.proto' } } });
}
decodings.push(
  { key: { ok: false, marker: 'no schema: «magic» byte\n0x6f' }, value: { ok: true, json: decodedJson[0], schema: avro } },
  { key: { ok: false, marker: 'same « » marker', schema: avro }, value: { ok: false, marker: 'bytes do not match »', schema: avro } },
  { key: { ok: true, primitive: 'string', text: 'k «1»\n' }, value: { ok: true, primitive: 'string', text: 'v' } },
  { key: { ok: true, primitive: 'hex', text: '' }, value: { ok: true, primitive: 'base64', text: '' } },
  { value: { ok: true, primitive: 'double', text: '-1.5e-7' } },
);

// The text as UTF-8 gives it back: a lone surrogate (raw in decodedJson's last case, which JSON.stringify
// would have escaped) becomes U+FFFD in bytes, whichever way the line was written, as it always did.
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

test('formatRecordInto writes formatRecord\'s text and returns its length, line after line in one buffer', () => {
  const out = new LineBytes(4096);
  let expected = '';
  let n = 0;
  for (const value of values) for (const key of keys) for (const h of headers) for (const o of options) for (const d of decodings) {
    const r: ConsumedRecord = { partition: 3, offset: String(1000 + n++), timestamp: '1700000000000', key, value, headers: h };
    const line = formatRecord(r, o, d);
    const before = out.length;
    assert.equal(formatRecordInto(out, r, o, d), line.length, line);
    assert.equal(out.length - before, Buffer.byteLength(line), line);
    out.byte(0x0a);
    expected += `${line}\n`;
    // Take now and then, so both the ASCII and the UTF-8 decoding and a reused buffer are covered.
    if (n % 97 === 0) { assert.equal(out.take(), utf8(expected)); expected = ''; }
  }
  assert.equal(out.take(), utf8(expected));
  assert.equal(out.take(), '');
});

test('a value far larger than the buffer: grown, right, and let go afterwards', () => {
  const out = new LineBytes(64 * 1024);
  const big = Buffer.from(JSON.stringify({ rows: Array.from({ length: 5000 }, (_, i) => ({ i, s: 'ü'.repeat(i % 7) })) }));
  const r: ConsumedRecord = { partition: 0, offset: '1', timestamp: '0', key: null, value: big, headers: {} };
  const o = { ...DEFAULT_FORMAT, maxValueBytes: big.length };
  out.write('before\n');
  const units = formatRecordInto(out, r, o);
  const line = formatRecord(r, o);
  assert.equal(units, line.length);
  assert.equal(out.take(), `before\n${line}`);
  assert.ok(out.buf.length <= 64 * 1024);
});

test('LineBytes.write encodes a non-ASCII tail as Buffer does (pairs, lone surrogates, 2- and 3-byte characters)', () => {
  const out = new LineBytes(4096);
  for (const s of ['ascii', '«x» é 日本 👋 end', 'a\ud800b', 'x\udc00', 'tail\ud83d', '\u0080\u07ff\u0800\uffff', '👋👋']) {
    out.length = 0;
    assert.equal(out.write(s), s.length);
    assert.deepEqual(out.buf.subarray(0, out.length), Buffer.from(s, 'utf8'), s);
  }
});

test('records decoded from a batch (their values read where they lie) give formatRecord\'s text for plain copies', () => {
  // Values next to each other in one batch, with headers and keys after and before them: a value's end is
  // where the next field starts, and nothing past it may be read as part of it.
  const specs: RecordSpec[] = [];
  let k = 0;
  for (const value of values) {
    for (const key of [null, '}', '"k"']) {
      const headers: Array<[string, string]> = k % 3 === 0 ? [['h', ']}'], ['t', '.5e1"']] : [];
      specs.push({ offsetDelta: k, timestampDelta: k * 7, key, value, headers });
      k++;
    }
  }
  specs.push({ offsetDelta: k++, value: '[' }, { offsetDelta: k++, value: '{"a":1' }, { offsetDelta: k++, value: '[1' }, { offsetDelta: k++, value: '{"a":"\\' });
  const set = Buffer.concat([batch({ baseOffset: 41n, records: specs }), batch({ baseOffset: 500n, records: specs, codec: 'gzip' })]);
  const options: FormatOptions[] = [DEFAULT_FORMAT, { ...DEFAULT_FORMAT, prettyJson: false }, { ...DEFAULT_FORMAT, maxValueBytes: 16 }, { ...DEFAULT_FORMAT, value: 'text' }];
  let inPlace = 0;
  for (const o of options) {
    const decoded = decodeRecordSet(set, { partition: 2, inflate: inflateBatch }).records;
    assert.equal(decoded.length, specs.length * 2);
    const out = new LineBytes();
    let expected = '';
    decoded.forEach((r, n) => {
      // Every other record has its value asked for first (a Buffer made), the rest are read in place.
      if (n % 2 === 1) void r.value;
      const units = formatRecordInto(out, r, o);
      // The JSON values were re-indented in place: no Buffer was made for them.
      const made = (r as unknown as { v: Buffer | null }).v !== null;
      const line = formatRecord((r as unknown as { toJSON(): ConsumedRecord }).toJSON(), o);
      assert.equal(units, line.length, line);
      out.byte(0x0a);
      expected += `${line}\n`;
      if (n % 2 === 0 && o === DEFAULT_FORMAT && line.endsWith('"payload": "xxxx"\n}') && !made) inPlace++;
    });
    assert.equal(out.take(), utf8(expected));
  }
  assert.ok(inPlace >= 3, `${inPlace} values re-indented in place`);
});
