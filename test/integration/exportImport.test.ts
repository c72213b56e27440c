// Export → import on the shared broker: text, JSON with exact number text, bytes that are not UTF-8, null
// keys, tombstones, empty values and headers (repeated names, binary values) are exported from the topic
// to JSONL, JSON and CSV, sent back from the JSONL and the JSON into other topics, and read by kafka-python:
// the same keys, values, headers and partitions, byte for byte. kafka-python and Python's json and csv
// modules read the files; kcat -C -J counts what the topic holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, Message } from 'kafkajs';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { exportRange, partialPath } from '../../src/kafka/browse/exportRecords';
import { produceFromFile } from '../../src/kafka/browse/importFile';
import { ClusterProducer } from '../../src/kafka/produce/producer';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { pyCheckJsonl, pyCsv, pyDump } from './exportOracle';

const run = promisify(execFile);
const TIMEOUT = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-export-'));

let broker: BrokerHandle;
let kafka: Kafka;
let admin: ClusterAdmin;
let producer: ClusterProducer;
const settings = () => ({ timeoutMs: TIMEOUT, target: broker.bootstrap });
const all = { from: { kind: 'beginning' as const }, to: { kind: 'end' as const } };

const BIN = Buffer.from([0xc3, 0x28, 0x00, 0xff, 0xfe]);
/** The cases, by partition: each is what a user's topic may hold. */
const CASES: Array<Message & { partition: number }> = [
  { partition: 0, key: 'k1', value: 'plain text' },
  { partition: 0, key: null, value: '{"id":12345678901234567890,"amount":1.10,"a":1,"a":2,"big":1e400}' },
  { partition: 1, key: Buffer.from([0xff, 0x80]), value: BIN, headers: { trace: ['a', 'b'], bin: Buffer.from([0x80, 0x81]), dup: [Buffer.from([0xff]), 'x'] } },
  { partition: 1, key: 'tomb', value: null },
  { partition: 2, key: '', value: '' },
  { partition: 2, key: '42', value: '"quoted"' },
  { partition: 2, key: 'pretty', value: '{\n  "x": 1\n}' },
  { partition: 0, key: 'bom', value: Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]) },
  { partition: 0, key: null, value: null, headers: { e: '' } },
  { partition: 1, key: 'ü', value: 'line1\nline2,"q"\r\nend', headers: { 'ü-name': 'wert' } },
  { partition: 2, key: 'null', value: 'null' },
  ...Array.from({ length: 300 }, (_, i) => ({ partition: i % 3, key: `k-${i}`, value: JSON.stringify({ seq: i, text: 'x'.repeat(i % 50) }) })),
];

let src: string;

before(async () => {
  broker = await useBroker();
  kafka = createKafkaClient({ id: 'x', name: 'x', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: TIMEOUT });
  admin = new ClusterAdmin(kafka, TIMEOUT, broker.bootstrap);
  producer = new ClusterProducer(kafka, admin, TIMEOUT, broker.bootstrap);
  src = uniqueTopic('export-src');
  await admin.createTopic({ name: src, partitions: 3 });
  // Written with kafkajs's own producer, not through our import path.
  const p = kafka.producer({ allowAutoTopicCreation: false });
  await p.connect();
  await p.send({ topic: src, messages: CASES, acks: -1 });
  await p.disconnect();
});
after(async () => {
  await producer?.close();
  await admin?.close();
  await broker?.release();
});

const lines = (f: string): string[] => readFileSync(f, 'utf8').split('\n').filter((l) => l);

test('export to JSONL: exact count (kcat -C -J agrees), and kafka-python reads every line back to the bytes of its record', async () => {
  const file = join(dir, 'src.jsonl');
  const r = await exportRange(kafka, { topic: src, ...all }, 'jsonl', file, settings());
  assert.equal(r.complete, true, r.stoppedBy);
  assert.equal(r.written, CASES.length);
  assert.equal(r.file, file);
  assert.equal(existsSync(partialPath(file)), false);
  assert.equal(lines(file).length, CASES.length);
  const { stdout } = await run('kcat', ['-C', '-J', '-e', '-q', '-o', 'beginning', '-b', broker.bootstrap, '-t', src], { timeout: 60_000, maxBuffer: 64 << 20 });
  const kc = stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l) as { partition: number; offset: number });
  assert.equal(kc.length, r.written);
  const ours = lines(file).map((l) => JSON.parse(l) as { partition: number; offset: string });
  assert.deepEqual(new Set(ours.map((o) => `${o.partition}:${o.offset}`)), new Set(kc.map((o) => `${o.partition}:${o.offset}`)));
  // The JSON value is written with its exact text.
  assert.ok(readFileSync(file, 'utf8').includes('"value":{"id":12345678901234567890,"amount":1.10,"a":1,"a":2,"big":1e400}'));
  const py = await pyCheckJsonl(broker.bootstrap, src, file);
  assert.deepEqual(py.bad, []);
  assert.equal(py.lines, CASES.length);
  assert.equal(py.records, CASES.length);
  assert.equal(py.base64, 2); // the binary key and the binary value
  assert.ok(py.json >= 300, `only ${py.json} JSON fields`);
});

/** kafka-python's view of a topic without offsets: what must be equal after a round trip. */
async function content(topic: string): Promise<string[]> {
  return (await pyDump(broker.bootstrap, topic)).map((r) => JSON.stringify([r.p, r.k, r.v, r.h]));
}

// Sent from the records the check kept, and (keep: 2 records) from the file read a second time.
for (const [format, keep] of [['jsonl', undefined], ['json', undefined], ['jsonl', { records: 2, bytes: 1 << 20 }], ['json', { records: 100, bytes: 10 }]] as const) {
  test(`export to ${format.toUpperCase()}, produce from it into another topic${keep ? ' (the file read again to send)' : ''}: keys, values, headers and partitions byte for byte`, async () => {
    const file = join(dir, `round.${format}`);
    const e = await exportRange(kafka, { topic: src, ...all }, format, file, settings());
    assert.equal(e.written, CASES.length);
    if (format === 'json') assert.equal((JSON.parse(readFileSync(file, 'utf8')) as unknown[]).length, CASES.length);
    const dst = uniqueTopic(`import-${format}`);
    await admin.createTopic({ name: dst, partitions: 3 });
    const progress: number[] = [];
    const r = await produceFromFile(producer, file, { topic: dst, kind: format, keep, onProgress: (n) => progress.push(n) });
    assert.deepEqual(r.errors, []);
    assert.equal(r.sent, CASES.length);
    assert.equal(r.cancelled, false);
    assert.equal(progress.at(-1), CASES.length);
    assert.deepEqual(r.partitions.map((p) => p.count), [0, 1, 2].map((p) => CASES.filter((c) => c.partition === p).length));
    assert.deepEqual(await content(dst), await content(src));
  });
}

test('export to CSV: Python\'s csv module reads a header row and one row per record, quoting intact', async () => {
  const file = join(dir, 'src.csv');
  const r = await exportRange(kafka, { topic: src, ...all }, 'csv', file, settings());
  assert.equal(r.written, CASES.length);
  const rows = await pyCsv(file);
  assert.deepEqual(rows[0], ['topic', 'partition', 'offset', 'timestamp', 'timestampType', 'key', 'keyEncoding', 'value', 'valueEncoding', 'headers']);
  assert.equal(rows.length, CASES.length + 1);
  const byKey = (k: string): string[] => rows.find((x) => x[5] === k && x[6] !== 'null') as string[];
  assert.deepEqual(byKey('ü').slice(5, 10), ['ü', 'text', 'line1\nline2,"q"\r\nend', 'text', '[{"name":"ü-name","value":"wert"}]']);
  assert.deepEqual(byKey('tomb').slice(7, 9), ['', 'null']);
  assert.deepEqual(byKey('').slice(6, 9), ['text', '', 'text']);
  assert.deepEqual(byKey('/4A=').slice(6, 9), ['base64', BIN.toString('base64'), 'base64']);
  assert.equal(byKey('k1')[4], 'CreateTime');
});

test('a cancelled export never leaves a file with the chosen name: the partial file is named so and holds exactly what was counted', async () => {
  const big = uniqueTopic('export-big');
  await admin.createTopic({ name: big, partitions: 1 });
  const p = kafka.producer();
  await p.connect();
  for (let b = 0; b < 20; b++) await p.send({ topic: big, acks: -1, messages: Array.from({ length: 1000 }, (_, i) => ({ value: `${b}-${i}-${'y'.repeat(500)}` })) });
  await p.disconnect();
  for (const format of ['jsonl', 'json'] as const) {
    const file = join(dir, `cancel.${format}`);
    writeFileSync(file, 'an older export that must stay as it is');
    const abort = new AbortController();
    const r = await exportRange(kafka, { topic: big, ...all }, format, file, settings(), { signal: abort.signal, onProgress: () => abort.abort() });
    assert.equal(r.complete, false);
    assert.equal(r.stoppedBy, 'cancelled');
    assert.ok(r.written > 0 && r.written < 20_000, `${r.written} written`);
    assert.equal(readFileSync(file, 'utf8'), 'an older export that must stay as it is');
    assert.equal(r.file, partialPath(file));
    const text = readFileSync(partialPath(file), 'utf8');
    const n = format === 'json' ? (JSON.parse(text) as unknown[]).length : text.split('\n').filter((l) => l).length;
    assert.equal(n, r.written);
  }
});

test('a file with bad lines sends nothing and names each line', async () => {
  const dst = uniqueTopic('import-bad');
  await admin.createTopic({ name: dst, partitions: 2 });
  const file = join(dir, 'bad.jsonl');
  writeFileSync(file, '{"key":"a","value":1}\nnot json\n{"value":"x","partition":5}\n{"value":"AA","valueEncoding":"hex"}\n');
  const r = await produceFromFile(producer, file, { topic: dst, kind: 'jsonl' });
  assert.equal(r.sent, 0);
  assert.deepEqual(r.errors.map((e) => e.line), [2, 3, 4]);
  assert.equal(r.errors[1].message, `line 3: partition 5 does not exist: "${dst}" has 2 partitions (0…1); send with "Kafka picks the partition (by key)" instead`);
  assert.deepEqual(await content(dst), []);
});

test('plain lines: each line is a value, and a topic that does not exist is named', async () => {
  const dst = uniqueTopic('import-lines');
  await admin.createTopic({ name: dst, partitions: 1 });
  const file = join(dir, 'lines.txt');
  writeFileSync(file, 'one\r\ntwo\n\nthree');
  const r = await produceFromFile(producer, file, { topic: dst, kind: 'lines' });
  assert.equal(r.sent, 3);
  assert.deepEqual(r.partitions, [{ partition: 0, firstOffset: '0', lastOffset: '2', count: 3 }]);
  assert.deepEqual((await pyDump(broker.bootstrap, dst)).map((x) => Buffer.from(x.v ?? '', 'hex').toString()), ['one', 'two', 'three']);
  const missing = uniqueTopic('import-missing');
  await assert.rejects(produceFromFile(producer, file, { topic: missing, kind: 'lines' }), { message: `Topic "${missing}" does not exist on ${broker.bootstrap}. Create it first; nothing was sent.` });
});
