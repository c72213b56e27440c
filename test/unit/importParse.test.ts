// Reading a file to send: every row exportFormat writes comes back as the same bytes; every bad input
// gets its exact message with its line number; JSON arrays and plain lines are read as streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowJson, toExportRow } from '../../src/kafka/browse/exportFormat';
import { fileKindOf, FileKind, readImportFile } from '../../src/kafka/browse/importFile';
import { ImportRecord, isLineError, LineError, parseRecord } from '../../src/kafka/browse/importParse';
import { memberTexts } from '../../src/kafka/browse/jsonSpan';
import { prng } from '../harness/prng';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

const ok = (text: string, line = 1): ImportRecord => {
  const r = parseRecord(text, line);
  assert.ok(!isLineError(r), isLineError(r) ? r.message : '');
  return r;
};
const bad = (text: string, line: number): string => {
  const r = parseRecord(text, line);
  assert.ok(isLineError(r), `accepted: ${text}`);
  assert.equal(r.line, line);
  return r.message;
};

test('every exported row reads back as the same key, value and header bytes', () => {
  const bin = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
  const records: ConsumedRecord[] = [
    { partition: 2, offset: '7', timestamp: '1700000000000', key: Buffer.from('k'), value: Buffer.from('{"id":12345678901234567890,"x":1.10}'), headers: { h: [Buffer.from('a'), bin] } },
    { partition: 0, offset: '8', timestamp: '1', key: null, value: null, headers: {} },
    { partition: 0, offset: '9', timestamp: '1', key: bin, value: bin, headers: {} },
    { partition: 0, offset: '10', timestamp: '1', key: Buffer.alloc(0), value: Buffer.from('null'), headers: {} },
    { partition: 0, offset: '11', timestamp: '1', key: Buffer.from('42'), value: Buffer.from('"quoted"'), headers: {} },
    { partition: 0, offset: '12', timestamp: '1', key: Buffer.from('ü\u2028'), value: Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), headers: {} },
  ];
  for (const r of records) {
    const back = ok(rowJson(toExportRow('t', r)));
    assert.deepEqual(back.key, r.key);
    assert.deepEqual(back.value, r.value);
    assert.equal(back.partition, r.partition);
    assert.equal(back.timestamp, r.timestamp);
    const flat = Object.entries(r.headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((x) => ({ name, value: x })));
    assert.deepEqual(back.headers, flat);
  }
});

test('the value field\'s JSON text is sent as written, spaces and all, and "json" marks a JSON string', () => {
  assert.equal(ok('{"value": { "a" : [1, 2.50] } , "key":"k"}').value?.toString(), '{ "a" : [1, 2.50] }');
  assert.equal(ok('{"value":"x","valueEncoding":"json"}').value?.toString(), '"x"');
  assert.equal(ok('{"value":null,"valueEncoding":"json"}').value?.toString(), 'null');
  assert.equal(ok('{"value":"x","valueEncoding":"text"}').value?.toString(), 'x');
  assert.equal(ok('{"value":1,"value":2}').value?.toString(), '2');
  assert.equal(ok('{"value":"a","headers":{"h":["1","2"],"g":"3"}}').headers.map((h) => `${h.name}=${h.value}`).join(), 'h=1,h=2,g=3');
  assert.equal(ok('{"value":"a","timestamp":1700000000000}').timestamp, '1700000000000');
  assert.equal(ok('{"value":"v"}').key, null);
  assert.deepEqual([...memberTexts('{"a\\"b":"x,}","c":{"d":[1,{"e":"]"}]}}')], [['a"b', '"x,}"'], ['c', '{"d":[1,{"e":"]"}]}']]);
});

test('bad lines: each message names the line and what is wrong', () => {
  const EX = '{"key":"k1","value":{"id":1},"headers":[{"name":"h","value":"v"}]}';
  const cases: Array<[string, string]> = [
    ['hello world', `line 7: not JSON: "hello world". A record is a JSON object such as ${EX}; to send each line as a text value, choose "Each line is a value"`],
    ['[1,2]', `line 7: a record is a JSON object such as ${EX}; found an array`],
    ['"text"', `line 7: a record is a JSON object such as ${EX}; found the string "text"`],
    ['{"key":"k"}', 'line 7: no "value" field; write "value": null for a tombstone'],
    ['{"vaule":1}', 'line 7: unknown field "vaule"; a record has topic, partition, offset, timestamp, timestampType, key, keyEncoding, value, valueEncoding, headers'],
    ['{"value":"AA","valueEncoding":"hex"}', 'line 7: unknown "valueEncoding" "hex": use "base64" (bytes), "json" (the JSON text as written) or "text" (the default for a string)'],
    ['{"value":"x","keyEncoding":"base64"}', 'line 7: "keyEncoding" without a "key"'],
    ['{"value":5,"valueEncoding":"base64"}', 'line 7: "valueEncoding" is "base64" but "value" is the number 5, not a base64 string'],
    ['{"value":"ab$=","valueEncoding":"base64"}', 'line 7: "value" is marked base64 but "ab$=" is not base64: use A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters'],
    ['{"key":{"a":1},"keyEncoding":"text","value":1}', 'line 7: "keyEncoding" is "text" but "key" is an object, not a string'],
    ['{"value":"x","partition":"1"}', 'line 7: "partition" must be a whole number from 0 to 2147483647; found the string "1"'],
    ['{"value":"x","partition":-1}', 'line 7: "partition" must be a whole number from 0 to 2147483647; found the number -1'],
    ['{"value":"x","timestamp":"yesterday"}', 'line 7: "timestamp" must be epoch milliseconds, a whole number (or its digits in a string); found the string "yesterday"'],
    ['{"value":"x","topic":5}', 'line 7: "topic" is the number 5; it is a topic name (a string), and only informative: the records go to the topic you choose'],
    ['{"value":"x","offset":"-3"}', 'line 7: "offset" is the string "-3"; it is an offset (digits, as exported), and only informative: Kafka assigns new offsets'],
    ['{"value":"x","timestampType":"Create"}', 'line 7: "timestampType" is the string "Create"; it is "CreateTime" or "LogAppendTime"'],
    ['{"value":"x","headers":"h=v"}', 'line 7: "headers" is the string "h=v"; write "headers" as an array of {"name":"…","value":"…"} (a repeated name once per value)'],
    ['{"value":"x","headers":[["h","v"]]}', 'line 7: headers[0] is an array; write "headers" as an array of {"name":"…","value":"…"} (a repeated name once per value)'],
    ['{"value":"x","headers":[{"name":1,"value":"v"}]}', 'line 7: headers[0].name is the number 1; a header name is a string'],
    ['{"value":"x","headers":[{"value":"v"}]}', 'line 7: headers[0].name is missing; a header name is a string'],
    ['{"value":"x","headers":[{"name":"h","value":null}]}', 'line 7: headers[0] ("h") has a null value, which kafkajs cannot send; use "" or leave the header out'],
    ['{"value":"x","headers":[{"name":"h","value":3}]}', 'line 7: headers[0] ("h") has the value the number 3; a header value is a string (text, or base64 with "valueEncoding":"base64")'],
    ['{"value":"x","headers":[{"name":"h","value":"v","valueEncoding":"hex"}]}', 'line 7: headers[0] has an unknown "valueEncoding" "hex": use "base64" or leave it out for text'],
    ['{"value":"x","headers":[{"name":"h","value":"%%","valueEncoding":"base64"}]}', 'line 7: headers[0] ("h") is marked base64 but "%%" is not base64'],
    ['{"value":"x","headers":[{"name":"h","value":"v","extra":1}]}', 'line 7: headers[0] has an unknown field "extra"; a header has "name", "value" and optionally "valueEncoding": "base64"'],
  ];
  for (const [text, message] of cases) assert.equal(bad(text, 7), message, text);
  assert.equal(bad('x'.repeat(60), 3), `line 3: not JSON: "${'x'.repeat(40)}…". A record is a JSON object such as ${EX}; to send each line as a text value, choose "Each line is a value"`);
});

const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-import-'));
async function read(name: string, content: string | Buffer, kind: FileKind = fileKindOf(name)): Promise<Array<ImportRecord | LineError>> {
  const f = join(dir, name);
  writeFileSync(f, content);
  const out: Array<ImportRecord | LineError> = [];
  for await (const r of readImportFile(f, kind)) out.push(r);
  return out;
}
const messages = (rs: Array<ImportRecord | LineError>): string[] => rs.filter(isLineError).map((e) => e.message);

test('file kinds follow the extension', () => {
  assert.deepEqual(['a.json', 'a.JSONL', 'a.ndjson', 'a.txt', 'noext'].map(fileKindOf), ['json', 'jsonl', 'jsonl', 'lines', 'lines']);
});

test('JSONL: CRLF and a BOM are fine, blank lines skipped, line numbers count every line, bad UTF-8 named', async () => {
  const rs = await read('a.jsonl', Buffer.concat([Buffer.from('\ufeff{"value":"a"}\r\n\r\n{"value":'), Buffer.from([0xff]), Buffer.from('}\n  \n{"value":"c"}')]));
  assert.equal(rs.length, 3);
  assert.equal((rs[0] as ImportRecord).value?.toString(), 'a');
  assert.deepEqual(messages(rs), ['line 3: not valid UTF-8 text; a JSON file is text (bytes go into a record as base64, with "valueEncoding":"base64")']);
  assert.equal((rs[2] as ImportRecord).line, 5);
});

test('plain lines: each non-empty line is a value, bytes as they are', async () => {
  const rs = await read('a.txt', Buffer.from([0x61, 0x0a, 0x0a, 0xff, 0xfe, 0x0d, 0x0a, 0x62])) as ImportRecord[];
  assert.deepEqual(rs.map((r) => [r.line, r.value?.toString('hex'), r.key]), [[1, '61', null], [3, 'fffe', null], [4, '62', null]]);
});

test('a JSON array is split into records with the line each starts on, commas and brackets in strings included', async () => {
  const rs = await read('a.json', '[\n  {"value":"a,]"},\n  {"value":\n    {"b":[1,{"c":"}"}]}},\n  {"key":"\\"k","value":null}\n]\n') as ImportRecord[];
  assert.deepEqual(rs.map((r) => [r.line, r.value?.toString() ?? null, r.key?.toString() ?? null]), [[2, 'a,]', null], [3, '{"b":[1,{"c":"}"}]}', null], [5, null, '"k']]);
  assert.deepEqual(await read('e.json', '[]'), []);
});

test('a broken JSON array: its exact message and line, and nothing after it', async () => {
  const cases: Array<[string, string[]]> = [
    ['{"value":"a"}', ['line 1: a .json file to send must hold one array of records, [{"key":…,"value":…}, …]; it starts with "{\\"value\\":\\"a\\"}"']],
    ['[\n{"value":"a"},\n]', ['line 3: a comma before "]" (JSON allows no trailing comma)']],
    ['[{"value":"a"},,{"value":"b"}]', ['line 1: an empty element (two commas in a row)']],
    ['[\n{"value":"a"},\n{"value":"b"', ['line 3: the file ends inside the element that starts on line 3: the array is not closed with "]" (a cut-off file?)']],
    ['[{"value":"a"}] x', ['line 1: text after the array\'s closing "]": "x"']],
    ['', ['line 1: the file is empty: a .json file to send holds an array of records, [{"key":…,"value":…}, …]']],
    ['[\n{"value":"a"},\nnope\n]', ['line 3: not JSON: "nope". A record is a JSON object such as {"key":"k1","value":{"id":1},"headers":[{"name":"h","value":"v"}]}; to send each line as a text value, choose "Each line is a value"']],
  ];
  for (const [content, expected] of cases) assert.deepEqual(messages(await read('b.json', content)), expected, content);
});

test('memberTexts: each member is the exact text JSON.parse reads, whatever backslashes and quotes its strings hold', () => {
  // Strings made of the characters that decide where a JSON string ends: backslash runs of every length
  // before a quote, escaped quotes, braces and commas, \u escapes, non-ASCII.
  const r = prng(16);
  const parts = ['\\', '\\\\', '"', '\\"', '{', '}', '[', ']', ',', ':', 'a', 'é', '👋', '\\u0022', ' '];
  const str = (): string => Array.from({ length: Math.floor(r() * 8) }, () => parts[Math.floor(r() * parts.length)]).join('');
  const value = (depth: number): unknown => {
    const k = r();
    if (depth < 3 && k < 0.25) return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [str(), value(depth + 1)]));
    if (depth < 3 && k < 0.4) return Array.from({ length: Math.floor(r() * 4) }, () => value(depth + 1));
    if (k < 0.8) return str();
    return k < 0.9 ? Math.floor(r() * 1e6) : null;
  };
  for (let n = 0; n < 3000; n++) {
    const names = Array.from({ length: 1 + Math.floor(r() * 5) }, str);
    const members = names.map((name) => [name, value(0)] as const);
    const space = r() < 0.5 ? '' : ' ';
    const text = `{${space}${members.map(([k, v]) => `${JSON.stringify(k)}${space}:${space}${JSON.stringify(v, null, r() < 0.3 ? 1 : undefined)}`).join(`,${space}`)}${space}}`;
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const got = memberTexts(text);
    assert.deepEqual([...got.keys()].sort(), Object.keys(parsed).sort(), text);
    for (const [name, raw] of got) {
      assert.ok(text.includes(raw), text);
      assert.deepEqual(JSON.parse(raw), parsed[name], `${text}: ${JSON.stringify(name)}`);
    }
  }
});
