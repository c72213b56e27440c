// What the consumer shows is exactly what is in the topic, whoever wrote it: records written by
// kafka-python and by kcat (64-bit ids, decimals with trailing zeros, duplicate keys, 1e400, text that
// looks like a marker, tombstones, null and empty keys, invalid UTF-8) go through the real path
// (session → throttle → sink). Also: "the last N records" of each partition, and a deliberate stop
// that logs no error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Kafka } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/client/client';
import { DEFAULT_FORMAT } from '../../src/kafka/rules/recordFormat';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, collect, createTopic, kcatProduce, noTimestamp, recordLines } from './consumerHelpers';

let broker: BrokerHandle;
let kafka: Kafka;
before(async () => {
  broker = await useBroker();
  kafka = client(broker.bootstrap);
});
after(async () => { await broker.release(); });

type Bytes = Buffer | null;
const b = (s: string): Buffer => Buffer.from(s, 'utf8');
/** key, value, and the line the consumer must show for them (default format, no timestamp). */
const CASES: Array<[Bytes, Bytes, string]> = [
  [b('id64'), b('{"id":9007199254740993,"big":12345678901234567890}'), 'key=id64 {\n  "id": 9007199254740993,\n  "big": 12345678901234567890\n}'],
  [b('dec'), b('{"price":1.10,"rate":2.500}'), 'key=dec {\n  "price": 1.10,\n  "rate": 2.500\n}'],
  [b('dup'), b('{"a":1,"a":2}'), 'key=dup {\n  "a": 1,\n  "a": 2\n}'],
  [b('huge'), b('[1e400]'), 'key=huge [\n  1e400\n]'],
  [b('fake'), b('(null)'), 'key=fake (null)'],
  [b('fakehex'), b('hex:00ff'), 'key=fakehex hex:00ff'],
  [b('fakemark'), b('«null»'), 'key=fakemark "«null»"'],
  [b('tomb'), null, 'key=tomb «null»'],
  [null, b('no key'), 'no key'],
  [b(''), b('empty key'), 'key=«empty» empty key'],
  [b('(null)'), b('key text'), 'key=(null) key text'],
  [b('bad'), Buffer.from([0xc3, 0x28, 0xff]), 'key=bad «hex:c328ff»'],
  [Buffer.from([0x00, 0xff]), Buffer.from([0x00, 0xff]), 'key=«hex:00ff» «hex:00ff»'],
];
const expected = CASES.map(([, , line], i) => `p0@${i} ${line}`).join('\n');

/** Reads the topic from the beginning through the session, the throttle and a string sink. */
async function shown(topic: string, compact = false): Promise<string> {
  const c = await collect(kafka, { topic, start: { kind: 'beginning' }, maxRecords: CASES.length }, { ...noTimestamp, prettyJson: !compact });
  await c.session.ended;
  return recordLines(c.text()).trim();
}

describe('records written by other clients appear exactly as their bytes say', () => {
  test('kafka-python', async () => {
    const topic = uniqueTopic('exact-py');
    await createTopic(kafka, topic);
    const py = `
import json, sys
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=sys.argv[1].split(','))
for k, v in json.loads(sys.argv[3]):
    p.send(sys.argv[2], key=None if k is None else bytes.fromhex(k), value=None if v is None else bytes.fromhex(v), partition=0).get(timeout=30)
p.flush()
p.close()
`;
    const records = JSON.stringify(CASES.map(([k, v]) => [k?.toString('hex') ?? null, v?.toString('hex') ?? null]));
    execFileSync('/usr/bin/python3', ['-c', py, broker.bootstrap, topic, records], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    assert.equal(await shown(topic), expected);
    // Compact JSON is the original text too, not a re-serialized value.
    const compact = await shown(topic, true);
    assert.match(compact, /^p0@0 key=id64 \{"id":9007199254740993,"big":12345678901234567890\}$/m);
    assert.match(compact, /^p0@1 key=dec \{"price":1.10,"rate":2.500\}$/m);
    assert.match(compact, /^p0@2 key=dup \{"a":1,"a":2\}$/m);
    assert.match(compact, /^p0@3 key=huge \[1e400\]$/m);
  });

  test('kcat', async () => {
    const topic = uniqueTopic('exact-kcat');
    await createTopic(kafka, topic);
    const rec = ([k, v]: [Bytes, Bytes, string]): Buffer => (k === null ? v! : Buffer.concat([k, b(':'), v ?? Buffer.alloc(0)]));
    const tomb = CASES.findIndex(([, v]) => v === null);
    // -Z sends an empty value as NULL (a tombstone); without it an empty key stays empty.
    kcatProduce(broker.bootstrap, topic, CASES.slice(0, tomb).map(rec), ['-K:', '-p', '0']);
    kcatProduce(broker.bootstrap, topic, [rec(CASES[tomb])], ['-K:', '-p', '0', '-Z']);
    kcatProduce(broker.bootstrap, topic, CASES.slice(tomb + 1).map(rec), ['-K:', '-p', '0']);
    assert.equal(await shown(topic), expected);
  });
});

describe('the last N records of each partition', () => {
  test('a 3-partition topic shows exactly the last N of each, then new records', async () => {
    const topic = uniqueTopic('exact-last');
    await createTopic(kafka, topic, 3);
    const counts = [5, 2, 10];
    counts.forEach((n, p) => kcatProduce(broker.bootstrap, topic, Array.from({ length: n }, (_, i) => `p${p}-${i}`), ['-p', String(p)]));
    const c = await collect(kafka, { topic, start: { kind: 'last', count: 3 } });
    try {
      await c.waitForRecords(8);
      const seen = (): string[] => c.records.map((r) => `${r.partition}@${r.offset}=${r.value?.toString()}`).sort();
      assert.deepEqual(seen(), ['0@2=p0-2', '0@3=p0-3', '0@4=p0-4', '1@0=p1-0', '1@1=p1-1', '2@7=p2-7', '2@8=p2-8', '2@9=p2-9']);
      // Nothing more is read: every partition is at its end.
      assert.deepEqual(c.session.positions(), { 0: '5', 1: '2', 2: '10' });
      assert.match(c.status[0], /from the last 3 records of each partition \(p0@2, p1@0, p2@7\)/);
      kcatProduce(broker.bootstrap, topic, ['later'], ['-p', '1']);
      await c.waitForRecords(9);
      assert.equal(`${c.records[8].partition}@${c.records[8].offset}`, '1@2');
    } finally {
      await c.session.stop();
    }
  });
});

describe('stopping', () => {
  test('a deliberate stop logs no error (kafkajs logs captured)', async () => {
    const topic = uniqueTopic('exact-stop');
    await createTopic(kafka, topic, 2);
    const logs: string[] = [];
    const own = createKafkaClient({ id: 't', name: 't', bootstrapServers: broker.bootstrap.split(',') }, {},
      { connectionTimeoutMs: 10_000, log: (level, message) => logs.push(`${level} ${message}`) });
    const c = await collect(own, { topic, start: { kind: 'latest' } }, DEFAULT_FORMAT);
    kcatProduce(broker.bootstrap, topic, ['x']);
    await c.waitForRecords(1);
    // The session is now waiting in a long-poll Fetch on each broker connection: Stop must end it
    // without kafkajs reporting the closed sockets as connection errors.
    const t0 = Date.now();
    assert.deepEqual(await c.session.stop(), { kind: 'stopped' });
    assert.ok(Date.now() - t0 < 3_000, `stop took ${Date.now() - t0} ms`);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(logs.filter((l) => l.startsWith('error')), []);
  });
});
