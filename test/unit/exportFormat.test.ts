// The export row: JSON stays JSON with its exact text, text is a string, bytes are base64 with a marker,
// null stays null, headers keep duplicates; CSV quotes as RFC 4180 says; the writer frames each format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { csvField, encodeBytes, ExportFormat, ExportWriter, rowCsv, rowJson, toExportRow } from '../../src/kafka/browse/exportFormat';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

const rec = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  partition: 1, offset: '42', timestamp: '1700000000000', key: Buffer.from('k1'), value: Buffer.from('hello'), headers: {}, ...over,
});
const line = (over: Partial<ConsumedRecord>): string => rowJson(toExportRow('orders', rec(over)));

test('a JSON value is embedded with its exact text: 64-bit ints, 1.10, 1e400 and duplicated keys survive', () => {
  const text = '{"id":12345678901234567890,"amount":1.10,"big":1e400,"a":1,"a":2}';
  const l = line({ value: Buffer.from(text) });
  assert.equal(l, `{"topic":"orders","partition":1,"offset":"42","timestamp":"1700000000000","key":"k1","value":${text},"headers":[]}`);
  assert.equal(JSON.parse(l).value.a, 2); // still JSON a reader parses
  assert.equal(line({ value: Buffer.from('[1,2]') }).includes('"value":[1,2]'), true);
  assert.equal(line({ value: Buffer.from('-0.5') }).includes('"value":-0.5,'), true);
  assert.equal(line({ key: Buffer.from('12345678901234567890') }).includes('"key":12345678901234567890,'), true);
  assert.equal(line({ value: Buffer.from('true') }).includes('"value":true,'), true);
});

test('text that merely looks like JSON, or JSON a reader would change, is a string', () => {
  for (const t of ['null', '"abc"', '{not json', ' {"a":1}', '{"a":1} ', '{"a":\n1}', 'hello', '', '\ufeff{"a":1}']) {
    const b = encodeBytes(Buffer.from(t));
    assert.deepEqual(b, { encoding: 'text', text: t }, JSON.stringify(t));
    assert.equal(JSON.parse(line({ value: Buffer.from(t) })).value, t);
  }
  // The JSON array format may keep line breaks inside JSON; JSONL may not.
  assert.equal(encodeBytes(Buffer.from('{"a":\n1}'), true).encoding, 'json');
});

test('bytes that are not UTF-8 are base64 with "valueEncoding":"base64"; a BOM is kept', () => {
  const bin = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
  assert.equal(line({ value: bin }).includes('"value":"/wDDKA==","valueEncoding":"base64"'), true);
  assert.equal(line({ key: bin }).includes('"key":"/wDDKA==","keyEncoding":"base64"'), true);
  const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]);
  assert.equal(Buffer.from(JSON.parse(line({ value: bom })).value, 'utf8').equals(bom), true);
});

test('a null key and a tombstone stay null; the empty value stays ""', () => {
  const o = JSON.parse(line({ key: null, value: null }));
  assert.equal(o.key, null);
  assert.equal(o.value, null);
  assert.equal(JSON.parse(line({ value: Buffer.alloc(0) })).value, '');
});

test('headers: an ordered array with duplicates, binary values marked, null kept; timestampType when known', () => {
  const r = rec({ headers: { trace: [Buffer.from('a'), Buffer.from('b')], sig: Buffer.from([0xfe]), s: 'x', n: undefined }, timestampType: 'LogAppendTime' });
  assert.equal(rowJson(toExportRow('t', r)),
    '{"topic":"t","partition":1,"offset":"42","timestamp":"1700000000000","timestampType":"LogAppendTime","key":"k1","value":"hello",' +
    '"headers":[{"name":"trace","value":"a"},{"name":"trace","value":"b"},{"name":"sig","value":"/g==","valueEncoding":"base64"},{"name":"s","value":"x"},{"name":"n","value":null}]}');
});

test('CSV fields are quoted as RFC 4180 says', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\r'), '"cr\r"');
  assert.equal(csvField(''), '');
});

test('a CSV row: text columns, encoding columns (null differs from empty), headers as JSON, CRLF', () => {
  const r = toExportRow('t', rec({ key: null, value: Buffer.from('{"a":"x,y"}'), headers: { h: Buffer.from('v') } }));
  assert.equal(rowCsv(r), 't,1,42,1700000000000,,,null,"{""a"":""x,y""}",json,"[{""name"":""h"",""value"":""v""}]"\r\n');
  assert.equal(rowCsv(toExportRow('t', rec({ value: Buffer.alloc(0), key: Buffer.from([0x80]) }))), 't,1,42,1700000000000,,gA==,base64,,text,[]\r\n');
});

async function written(format: ExportFormat, records: ConsumedRecord[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new ExportWriter(out, format);
  await w.writeRecords('t', records);
  await w.end();
  assert.equal(w.written, records.length);
  return Buffer.concat(chunks).toString('utf8');
}

test('the writer frames each format: JSONL lines, a JSON array (valid when empty), CSV with its header row', async () => {
  const two = [rec(), rec({ offset: '43', value: Buffer.from('{"n":1}') })];
  const jsonl = await written('jsonl', two);
  assert.equal(jsonl.split('\n').length, 3);
  assert.equal(jsonl.endsWith('\n'), true);
  assert.deepEqual(JSON.parse(await written('json', two)).map((o: { offset: string }) => o.offset), ['42', '43']);
  assert.deepEqual(JSON.parse(await written('json', [])), []);
  const csv = await written('csv', two);
  assert.equal(csv.split('\r\n')[0], 'topic,partition,offset,timestamp,timestampType,key,keyEncoding,value,valueEncoding,headers');
  assert.equal(csv.split('\r\n').length, 4);
  assert.equal(await written('jsonl', []), '');
});

test('the writer waits for a full stream to drain (backpressure) and loses nothing', async () => {
  const out = new PassThrough({ highWaterMark: 1024 });
  const w = new ExportWriter(out, 'jsonl');
  const many = Array.from({ length: 5000 }, (_, i) => rec({ offset: String(i), value: Buffer.from('x'.repeat(100)) }));
  let settled = false;
  const p = w.writeRecords('t', many).then(() => { settled = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'writeRecords resolved although nobody read the stream');
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await p;
  await w.end();
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
  assert.equal(lines.length, 5000);
  assert.equal(JSON.parse(lines[4999]).offset, '4999');
});
