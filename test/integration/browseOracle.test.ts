// Filters and search against an independent oracle: `kcat -C -J -e` piped through jq selects records
// from the same data, and ours must select exactly the same partition/offset set. The data set mixes
// JSON (nested, 64-bit ints), plain text, binary, null keys, invalid UTF-8 keys, tombstones, headers,
// explicit timestamps and one gzip batch, over 3 partitions. Also: a topic deleted mid-scan or mid-browse
// ends with a specific message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CompressionTypes, Kafka } from 'kafkajs';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, createTopic, kcatProduce } from './consumerHelpers';
import { scanTopic } from '../../src/kafka/browse/scan';
import { searchTopic } from '../../src/kafka/browse/search';
import { startBrowse } from '../../src/kafka/browse/browseSession';
import { RecordWindow } from '../../src/kafka/browse/recordWindow';
import { compileFilter, FilterSpec } from '../../src/kafka/rules/recordFilter';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';
import type { EndReason } from '../../src/kafka/consume/consumerSession';

let broker: BrokerHandle;
let kafka: Kafka;
let topic: string;
const all: ConsumedRecord[] = [];
const settings = { timeoutMs: 10_000, target: 'test cluster', reconnectGiveUpMs: 60_000 };
const N = 120;
const BASE = Math.floor((Date.now() - 7_200_000) / 1000) * 1000;
const BIG = 9007199254740990n;
const STATUS = ['failed', 'ok', 'timeout', 'pending'];

function value(i: number): Buffer | null {
  switch (i % 6) {
    case 0: return Buffer.from(`{"user":{"id":${i},"name":"user${i}"},"amount":${i * 3.5},"status":"${STATUS[(i / 6) % 4]}","items":[{"sku":"S${i % 5}"}],"big":${BIG + BigInt(i)}}`);
    case 1: return Buffer.from(i % 4 === 1 ? `hello world ${i} NeedLe` : `order placed ${i}`);
    case 2: return Buffer.from([0, 1, 2, 0xff, i]);
    case 3: return null;
    case 4: return Buffer.from(i % 12 === 4 ? `{"odd key":true,"n":${i}}` : `[${i},"x"]`);
    default: return Buffer.from(`{"user":{"id":"${i}"},"status":"ok","note":"needle in JSON ${i}"}`);
  }
}
function key(i: number): Buffer | null {
  if (i % 10 === 0) return null;
  if (i % 17 === 0) return Buffer.from([0xff, 0xfe, i]);
  return Buffer.from(i % 5 === 0 ? `ORDER-${i}` : `k-${i}`);
}
function headers(i: number): Record<string, string> | undefined {
  const h: Record<string, string> = {};
  if (i % 4 === 0) Object.assign(h, { trace: `t-${i}`, source: 'svc-a' });
  if (i % 7 === 0) h['X-Flag'] = 'NEEDLE';
  return Object.keys(h).length ? h : undefined;
}

before(async () => {
  broker = await useBroker();
  kafka = client(broker.bootstrap);
  topic = uniqueTopic('browse-oracle');
  await createTopic(kafka, topic, 3);
  const producer = kafka.producer();
  await producer.connect();
  try {
    const msg = (i: number) => ({ partition: i % 3, key: key(i), value: value(i), headers: headers(i), timestamp: String(BASE + i * 1000) });
    await producer.send({ topic, messages: Array.from({ length: N }, (_, i) => msg(i)) });
    // One gzip batch, so that a record can say how its batch was compressed.
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [N, N + 3, N + 6].map(msg) });
  } finally {
    await producer.disconnect();
  }
  const r = await scanTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'end' } }, settings, { onRecords: (b) => { all.push(...b); } });
  assert.deepEqual({ ...r, reached: undefined }, { scanned: N + 3, complete: true, stoppedBy: 'end', reached: undefined });
  assert.deepEqual(r.reached, { 0: String(N / 3 + 3), 1: String(N / 3), 2: String(N / 3) });
});
after(async () => { await broker?.release(); });

/** "p:o" of each record the jq program selects from kcat's JSON lines. */
function oracle(jq: string): string[] {
  const json = execFileSync('kcat', ['-b', broker.bootstrap, '-C', '-J', '-e', '-q', '-o', 'beginning', '-t', topic], { maxBuffer: 64 << 20, timeout: 30_000 });
  const out = execFileSync('jq', ['-r', `${jq} | "\\(.partition):\\(.offset)"`], { input: json, maxBuffer: 64 << 20 }).toString();
  return out.split('\n').filter(Boolean).sort();
}
const ids = (rs: Iterable<ConsumedRecord>): string[] => [...rs].map((r) => `${r.partition}:${r.offset}`).sort();
function ours(spec: FilterSpec): string[] {
  const f = compileFilter(spec);
  assert.ok(f.ok, JSON.stringify(f));
  const w = new RecordWindow(1000);
  w.push(all);
  return ids(Array.from(w.filter(f), (i) => w.at(i)));
}
const JV = '((.payload // "") | try fromjson catch null) as $v';
const OBJ = '($v | type) == "object"';

const CASES: Array<[string, FilterSpec, string]> = [
  ['text, all scopes, case-insensitive', { text: 'needle' }, 'select([.key, .payload] + (.headers // []) | map(select(. != null) | ascii_downcase) | any(contains("needle")))'],
  ['text, value only', { text: 'NEEDLE', scope: 'value' }, 'select(.payload != null and (.payload | ascii_downcase | contains("needle")))'],
  ['text, key only', { text: 'order', scope: 'key' }, 'select(.key != null and (.key | ascii_downcase | contains("order")))'],
  ['text, headers only', { text: 'svc', scope: 'headers' }, 'select((.headers // []) | map(select(. != null) | ascii_downcase) | any(contains("svc")))'],
  ['regex on keys', { text: '^order-\\d+$', regex: true, scope: 'key' }, 'select(.key != null and (.key | test("^order-\\\\d+$"; "i")))'],
  ['regex with flags, case-sensitive', { text: '/^order placed [0-9]*7$/', regex: true }, 'select(.payload != null and (.payload | test("^order placed [0-9]*7$")))'],
  ['JSON ==', { json: 'user.id == 42' }, `select(${JV} | ${OBJ} and $v.user.id == 42)`],
  ['JSON == string', { json: 'user.id == "41"' }, `select(${JV} | ${OBJ} and $v.user.id == "41")`],
  ['JSON in', { json: 'status in ("failed", "timeout")' }, `select(${JV} | ${OBJ} and ($v.status == "failed" or $v.status == "timeout"))`],
  ['JSON > and and', { json: 'amount > 100 and status != "ok"' }, `select(${JV} | ${OBJ} and ($v.amount | type) == "number" and $v.amount > 100 and $v.status != "ok")`],
  ['JSON array index, contains', { json: 'items[0].sku == "S1" or note contains "JSON 1"' }, `select(${JV} | ${OBJ} and ($v.items[0].sku == "S1" or (($v.note | type) == "string" and ($v.note | contains("JSON 1")))))`],
  ['JSON odd key, not exists', { json: '["odd key"] == true or not (status exists)' }, `select(${JV} | ($v | type) == "array" or (${OBJ} and ($v["odd key"] == true or ($v | has("status") | not))))`],
  ['JSON 64-bit ==', { json: 'big == 9007199254741020' }, 'select(.payload != null and (.payload | test("\\"big\\":9007199254741020[,}]")))'],
  ['JSON 64-bit >', { json: 'big > 9007199254741050' }, 'select(.payload != null and (.payload | test("\\"big\\":")) and ((.payload | capture("\\"big\\":(?<b>[0-9]+)") | .b) as $b | ($b | length) > 16 or (($b | length) == 16 and $b > "9007199254741050")))'],
  ['partition and text', { partitions: [1], text: 'order' }, 'select(.partition == 1 and ([.key, .payload] + (.headers // []) | map(select(. != null) | ascii_downcase) | any(contains("order"))))'],
  ['time range', { fromMs: BASE + 30_000, toMs: BASE + 75_000 }, `select(.ts >= ${BASE + 30_000} and .ts < ${BASE + 75_000})`],
];

test('the data set read whole: every record kcat reads, with timestamp type and compression', () => {
  assert.deepEqual(ids(all), oracle('.'));
  assert.ok(all.every((r) => r.timestampType === 'CreateTime'));
  const gz = all.filter((r) => BigInt(r.timestamp) >= BigInt(BASE + N * 1000));
  assert.deepEqual(gz.map((r) => r.compression), ['gzip', 'gzip', 'gzip']);
  assert.ok(all.filter((r) => !gz.includes(r) && (r.key || r.value)).every((r) => r.compression === 'none'));
  assert.equal(all.filter((r) => r.value === null).length, N / 6 + 1); // and record 123, in the gzip batch
});

for (const [name, spec, jq] of CASES) {
  test(`filter = kcat | jq: ${name}`, () => {
    const want = oracle(jq);
    assert.ok(want.length > 0 && want.length < N + 3, `the oracle selects a proper subset (${want.length})`);
    assert.deepEqual(ours(spec), want);
  });
}

test('searchTopic = kcat | jq, whole topic and a time range; maxMatches keeps the first per partition', async () => {
  const failed = `select(${JV} | ${OBJ} and $v.status == "failed")`;
  const r = await searchTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'end' }, filter: { json: 'status == "failed"' }, maxMatches: 1000 }, settings, {});
  assert.deepEqual([r.stoppedBy, r.complete, r.scanned], ['end', true, N + 3]);
  assert.deepEqual(ids(r.matches), oracle(failed));

  const range = { kind: 'range' as const, fromMs: BASE + 20_000, toMs: BASE + 90_000 };
  const inRange = await searchTopic(kafka, { topic, from: range, to: { kind: 'end' }, filter: { text: 'needle' }, maxMatches: 1000 }, settings, {});
  assert.equal(inRange.stoppedBy, 'end');
  assert.deepEqual(ids(inRange.matches), oracle(`select(.ts >= ${range.fromMs} and .ts < ${range.toMs}) | select([.key, .payload] + (.headers // []) | map(select(. != null) | ascii_downcase) | any(contains("needle")))`));

  const progress: number[] = [];
  const first = await searchTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'end' }, filter: { text: 'needle' }, maxMatches: 4 }, settings,
    { onProgress: (p) => progress.push(p.matched) });
  assert.deepEqual([first.stoppedBy, first.complete, first.matches.length], ['maxMatches', false, 4]);
  const every = oracle('select([.key, .payload] + (.headers // []) | map(select(. != null) | ascii_downcase) | any(contains("needle")))');
  for (const p of [0, 1, 2]) {
    const mine = ids(first.matches).filter((x) => x.startsWith(`${p}:`)).map((x) => Number(x.split(':')[1])).sort((a, b) => a - b);
    const theirs = every.filter((x) => x.startsWith(`${p}:`)).map((x) => Number(x.split(':')[1])).sort((a, b) => a - b);
    assert.deepEqual(mine, theirs.slice(0, mine.length), `partition ${p}: the first matches in offset order`);
    // Reached: the next offset after what was looked at, never past an unexamined match.
    assert.ok(BigInt(first.reached[p]) <= BigInt(theirs[mine.length] ?? Number.MAX_SAFE_INTEGER), `partition ${p} reached ${first.reached[p]}`);
  }
  assert.ok(progress.length > 0 && progress[progress.length - 1] === 4);
});

test('scan to a count and to a timestamp; bad input is a specific message', async () => {
  const c = await scanTopic(kafka, { topic, partitions: [2], from: { kind: 'offset', offset: '5' }, to: { kind: 'count', records: 7 } }, settings, { onRecords: () => undefined });
  assert.deepEqual(c, { scanned: 7, complete: true, stoppedBy: 'count', reached: { 2: '12' } });
  const got: ConsumedRecord[] = [];
  const t = await scanTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'timestamp', ms: BASE + 30_000 } }, settings, { onRecords: (b) => { got.push(...b); } });
  assert.equal(t.stoppedBy, 'timestamp');
  assert.deepEqual(ids(got), oracle(`select(.ts < ${BASE + 30_000})`));
  const missing = await scanTopic(kafka, { topic: `${topic}-missing`, from: { kind: 'beginning' }, to: { kind: 'end' } }, settings, { onRecords: () => undefined });
  assert.deepEqual(missing, { scanned: 0, complete: false, stoppedBy: 'error', error: `Topic "${topic}-missing" does not exist on test cluster.`, reached: {} });
  const future = await searchTopic(kafka, { topic, from: { kind: 'range', fromMs: Date.now() + 86_400_000, toMs: Date.now() + 2 * 86_400_000 }, to: { kind: 'end' }, filter: {}, maxMatches: 10 }, settings, {});
  assert.match(future.stoppedBy, /in the future: no record can have that timestamp yet/);
  const badRe = await searchTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'end' }, filter: { text: '[', regex: true }, maxMatches: 10 }, settings, {});
  assert.equal(badRe.stoppedBy, 'the text filter: not a valid regular expression: Unterminated character class');
});

test('a topic deleted while scanning, or while browsing live, ends with a specific message', async () => {
  const doomed = uniqueTopic('browse-doomed');
  await createTopic(kafka, doomed, 1);
  // One record per batch: a fetch capped at 64 bytes brings one, so the scan is still going when the topic goes.
  kcatProduce(broker.bootstrap, doomed, Array.from({ length: 50 }, (_, i) => `v${i}`), ['-X', 'batch.num.messages=1', '-X', 'linger.ms=0']);
  const admin = kafka.admin();
  await admin.connect();
  const ends: EndReason[] = [];
  const live = await startBrowse(kafka, { topic: doomed, start: { kind: 'beginning' }, live: true }, settings,
    { onRecords: () => undefined, onStatus: () => undefined, onEnd: (r) => ends.push(r) });
  let deleted = false;
  // Backpressure: the scan waits on its first batch while the topic is deleted under it.
  const r = await scanTopic(kafka, { topic: doomed, from: { kind: 'beginning' }, to: { kind: 'count', records: 10_000 } }, { ...settings, maxBytesPerPartition: 64 }, {
    onRecords: async () => { if (!deleted) { deleted = true; await admin.deleteTopics({ topics: [doomed], timeout: 20_000 }); } },
  });
  await admin.disconnect();
  assert.equal(r.stoppedBy, 'error');
  assert.match(r.error ?? '', new RegExp(`^Topic "${doomed}" was deleted; the scan stopped \\(it had reached p0@\\d+\\)\\.$`));
  const end = await live.ended;
  assert.equal(end.kind, 'deleted');
  assert.deepEqual(ends, [end]);
});
