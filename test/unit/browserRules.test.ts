// The pure parts of Browse Messages: what the webview may post (untrusted), where-to-read parsing with the
// consumer's own parsers, kafkaDev.browser.maxRecords, the record as JSON (exact digits), the hex dump,
// and the producer draft for Re-send (text only: bytes that are not UTF-8 are refused with a reason).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToHost } from '../../src/browser/messages';
import { defaultReadRequest, parseReadRequest } from '../../src/kafka/rules/browseRequest';
import { hexDump, recordJson, shown } from '../../src/browser/recordView';
import { kcatCommand, toDraft } from '../../src/browser/reproduce';
import { shQuote as shellQuote } from '../../src/kafka/rules/snippetQuote';
import { maxRecordsFrom } from '../../src/kafka/rules/browserSettings';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

const rec = (o: Partial<ConsumedRecord>): ConsumedRecord => ({ partition: 0, offset: '7', timestamp: '1714568400000', key: null, value: null, headers: {}, ...o });

test('webview messages are parsed; junk becomes a sentence', () => {
  assert.deepEqual(parseToHost({ type: 'rows', version: 3, start: 0, end: 100, extra: 1 }), { type: 'rows', version: 3, start: 0, end: 100 });
  assert.deepEqual(parseToHost({ type: 'filter', spec: { text: 'x', regex: true, scope: 'key', partitions: [0, 2], fromMs: 5 } }),
    { type: 'filter', spec: { text: 'x', regex: true, scope: 'key', partitions: [0, 2], fromMs: 5 } });
  const invalid = (m: unknown): string => {
    const r = parseToHost(m);
    assert.ok('invalid' in r, JSON.stringify(m));
    return r.invalid;
  };
  assert.match(invalid({ type: 'rows', version: 1, start: 10, end: 5 }), /start <= end/);
  assert.match(invalid({ type: 'rows', version: 1, start: 0, end: 5_000 }), /start \+ 1000/);
  assert.match(invalid({ type: 'filter', spec: { scope: 'body' } }), /scope is not all, key, value or headers/);
  assert.match(invalid({ type: 'filter', spec: { partitions: [-1] } }), /partitions is not a list/);
  assert.match(invalid({ type: 'read', request: { ...defaultReadRequest(), from: 'yesterday' } }), /from is not one of latest, beginning/);
  assert.match(invalid({ type: 'action', action: 'delete' }), /action: not one of/);
  assert.match(invalid({ type: 'nope' }), /unknown message type "nope"/);
});

test('where to read: the newest N by default, the consumer parsers for offsets and times, a range ends after it starts', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const d = parseReadRequest(defaultReadRequest(), 3, now);
  assert.deepEqual(d, { ok: true, start: { kind: 'last', count: 1000 }, partitions: undefined, live: false });
  assert.deepEqual(parseReadRequest({ ...defaultReadRequest(), from: 'offset', offsetText: '0:5, 2:9', partitionsText: '0,2' }, 3, now),
    { ok: true, start: { kind: 'offsets', offsets: { 0: '5', 2: '9' } }, partitions: [0, 2], live: false });
  const range = parseReadRequest({ ...defaultReadRequest(), from: 'range', timeText: '15 minutes ago', toText: '' }, 3, now);
  assert.deepEqual(range, { ok: true, start: { kind: 'range', fromMs: now - 900_000, toMs: now }, partitions: undefined, live: false });
  const future = parseReadRequest({ ...defaultReadRequest(), from: 'timestamp', timeText: '2027-01-01T00:00:00Z' }, 3, now);
  assert.ok(!future.ok && future.field === 'time' && /is in the future/.test(future.error));
  const backwards = parseReadRequest({ ...defaultReadRequest(), from: 'range', timeText: '5 minutes ago', toText: '10 minutes ago' }, 3, now);
  assert.ok(!backwards.ok && backwards.field === 'to' && /must be after the start/.test(backwards.error));
  const parts = parseReadRequest({ ...defaultReadRequest(), partitionsText: '5' }, 3, now);
  assert.ok(!parts.ok && parts.field === 'partitions' && /partitions 0 to 2/.test(parts.error));
});

test('kafkaDev.browser.maxRecords: 1 … 100,000, anything else named and replaced by the default', () => {
  assert.deepEqual(maxRecordsFrom(undefined), { value: 10_000 });
  assert.deepEqual(maxRecordsFrom(100_000), { value: 100_000 });
  assert.match(maxRecordsFrom(0).problem?.message ?? '', /^kafkaDev.browser.maxRecords must be a whole number from 1 to 100,000, got 0\. Using 10,000/);
  assert.match(maxRecordsFrom('500').problem?.message ?? '', /must be a number \(without quotes\), got the text "500"/);
  assert.equal(maxRecordsFrom(1e9).value, 10_000);
});

test('record as JSON keeps the value\'s exact digits; bytes that are not text are base64, named so', () => {
  const j = recordJson('orders', rec({ key: Buffer.from('k1'), value: Buffer.from('{"id":9007199254740993,"price":1.10}'), headers: { h: Buffer.from([0xff, 0x00]) } }));
  assert.match(j, /"value": \{\n {4}"id": 9007199254740993,\n {4}"price": 1.10\n {2}\}/);
  assert.match(j, /"headers": \[\n {4}\{\n {6}"name": "h",\n {6}"value": \{\n {8}"base64": "\/wA="/);
  assert.deepEqual(JSON.parse(recordJson('t', rec({ value: Buffer.from('a $& b') }))).value, 'a $& b');
  assert.equal(JSON.parse(recordJson('t', rec({}))).value, null);
});

test('detail: JSON pretty with exact digits, text as is, bytes as a hex dump, null and empty as markers', () => {
  assert.deepEqual(shown(Buffer.from('{"a":1.10}')), { kind: 'json', text: '{\n  "a": 1.10\n}', bytes: 10 });
  assert.deepEqual(shown(null), { kind: 'null', text: '«null»', bytes: 0 });
  assert.deepEqual(shown(Buffer.alloc(0)), { kind: 'empty', text: '«empty»', bytes: 0 });
  assert.equal(shown(Buffer.from('line 1\nline 2')).text, 'line 1\nline 2');
  const bin = Buffer.from([0x00, 0x41, 0xff, ...Buffer.from('hello world, more')]);
  assert.equal(shown(bin).kind, 'binary');
  assert.equal(hexDump(bin), '00000000  00 41 ff 68 65 6c 6c 6f 20 77 6f 72 6c 64 2c 20  .A.hello world, \n00000010  6d 6f 72 65                                      more');
});

test('Re-send draft: key and value formats kept; bytes that are not UTF-8 are refused with the reason', () => {
  const d = toDraft('orders', rec({ key: Buffer.alloc(0), value: Buffer.from('{"a":1}'), headers: { h: [Buffer.from('1'), Buffer.from('2')] }, compression: 'gzip' } as Partial<ConsumedRecord>));
  assert.ok('draft' in d);
  assert.equal(d.draft.keyFormat, 'empty');
  assert.equal(d.draft.valueFormat, 'json');
  assert.equal(d.draft.value, '{"a":1}');
  assert.deepEqual(d.draft.headers, [{ name: 'h', value: '1' }, { name: 'h', value: '2' }]);
  assert.equal(d.draft.compression, 'gzip');
  const tomb = toDraft('orders', rec({ key: Buffer.from('gone') }));
  assert.ok('draft' in tomb && tomb.draft.valueFormat === 'null' && tomb.draft.key === 'gone' && tomb.draft.keyFormat === 'text');
  const bad = toDraft('orders', rec({ value: Buffer.from([0xc3, 0x28]) }));
  assert.ok('error' in bad && /value of orders p0@7 is not UTF-8 text \(2 bytes\).*cannot be re-sent from the form without changing its bytes/.test(bad.error));
  const templ = toDraft('orders', rec({ value: Buffer.from('hi {{seq}}') }));
  assert.ok('warning' in templ && /placeholder/.test(templ.warning ?? ''));
});

test('kcat command: quoting, tombstone with -Z, multi-line and binary values through a file; binary keys refused', () => {
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('127.0.0.1:9092'), '127.0.0.1:9092');
  const one = kcatCommand('127.0.0.1:9092', 'orders', rec({ key: Buffer.from('k 1'), value: Buffer.from("it's"), headers: { a: Buffer.from('b=c') } }));
  assert.deepEqual(one, { command: `printf '%s\\n' 'it'\\''s' | kcat -P -b 127.0.0.1:9092 -t orders -p 0 -k 'k 1' -H a=b=c` });
  const tomb = kcatCommand('127.0.0.1:9092', 'orders', rec({ key: Buffer.from('gone') }));
  assert.deepEqual(tomb, { command: `printf '%s\\n' 'gone|' | kcat -P -b 127.0.0.1:9092 -t orders -p 0 -K '|' -Z` });
  const multi = kcatCommand('127.0.0.1:9092', 'orders', rec({ value: Buffer.from('a\nb%\\') }));
  assert.deepEqual(multi, { command: `printf 'a\\012b\\045\\134' > record.value && kcat -P -b 127.0.0.1:9092 -t orders -p 0 record.value` });
  const bad = kcatCommand('127.0.0.1:9092', 'orders', rec({ key: Buffer.from([0xff]) }));
  assert.ok('error' in bad && /key is not UTF-8 text/.test(bad.error));
});
