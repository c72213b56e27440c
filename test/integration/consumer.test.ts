// The group-less consumer against a real broker, with kcat as the independent producer: formatting
// of keys/headers/binary/JSON under every codec, each start position, bad input, unreachable
// clusters, topic deletion, and that stopping closes every connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:net';
import { Kafka } from 'kafkajs';
import { ConsumerSession, ConsumerStartError } from '../../src/kafka/consume/consumerSession';
import { runConsumerPipeline } from '../../src/kafka/consume/consumerPipeline';
import { DEFAULT_FORMAT } from '../../src/kafka/rules/recordFormat';
import { waitFor } from '../harness/process';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, collect, connectionsTo, createTopic, kcatProduce, recordLines } from './consumerHelpers';

let broker: BrokerHandle;
let kafka: Kafka;
before(async () => {
  broker = await useBroker();
  kafka = client(broker.bootstrap);
});
after(async () => { await broker.release(); });

const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0xc3, 0x28]);

describe('records produced by kcat appear exactly in the formatted output', () => {
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    test(`codec ${codec}`, async () => {
      const topic = uniqueTopic(`consume-${codec}`);
      await createTopic(kafka, topic);
      kcatProduce(broker.bootstrap, topic, [
        'k1:hello world',
        'json:{"id":7,"tags":["a","b"],"ok":true}',
        Buffer.concat([Buffer.from('bin:'), BINARY]),
        'novalue-key:',
        'utf8:grüße 👋',
        'x'.repeat(3000).replace(/^x/, 'big:'),
      ], ['-K:', '-H', 'trace=abc', '-H', 'dup=1', '-H', 'dup=2', '-z', codec]);
      let out = '';
      const r = await runConsumerPipeline({ kafka, topic, count: 6, sink: (t) => { out += t; }, throttle: { format: { ...DEFAULT_FORMAT, timestamp: false } } });
      assert.equal(r.records, 6);
      const h = '{trace=abc, dup=1, dup=2}';
      assert.equal(recordLines(out).trim(), [
        `p0@0 key=k1 ${h} hello world`,
        `p0@1 key=json ${h} {\n  "id": 7,\n  "tags": [\n    "a",\n    "b"\n  ],\n  "ok": true\n}`,
        `p0@2 key=bin ${h} «hex:${BINARY.toString('hex')}»`,
        `p0@3 key=novalue-key ${h} «empty»`,
        `p0@4 key=utf8 ${h} grüße 👋`,
        `p0@5 key=big ${h} ${'x'.repeat(2999)}`,
      ].join('\n').trim());
    });
  }

  test('timestamps are shown as ISO UTC, and a record without a key shows no key', async () => {
    const topic = uniqueTopic('consume-ts');
    await createTopic(kafka, topic);
    const before = Date.now();
    kcatProduce(broker.bootstrap, topic, ['no key here']);
    const c = await collect(kafka, { topic, start: { kind: 'beginning' } }, DEFAULT_FORMAT);
    try {
      await c.waitForRecords(1);
      const line = recordLines(c.text()).trim();
      const m = /^(\S+) p0@0 no key here$/.exec(line);
      assert.ok(m, line);
      const ts = Date.parse(m[1]);
      assert.ok(ts >= before - 1000 && ts <= Date.now() + 1000, `timestamp ${m[1]}`);
    } finally {
      await c.session.stop();
    }
  });
});

describe('start positions', () => {
  let topic: string;
  before(async () => {
    topic = uniqueTopic('consume-pos');
    await createTopic(kafka, topic, 2);
    for (const p of [0, 1]) kcatProduce(broker.bootstrap, topic, Array.from({ length: 10 }, (_, i) => `p${p}-${i}`), ['-p', String(p)]);
  });

  const seen = (c: { records: Array<{ partition: number; offset: string }> }): string[] =>
    c.records.map((r) => `${r.partition}@${r.offset}`).sort();

  test('beginning: every record of every partition, once', async () => {
    const c = await collect(kafka, { topic, start: { kind: 'beginning' }, maxRecords: 20 });
    assert.deepEqual(await c.session.ended, { kind: 'limit', count: 20 });
    assert.deepEqual(seen(c), [0, 1].flatMap((p) => Array.from({ length: 10 }, (_, i) => `${p}@${i}`)).sort());
  });

  test('latest: only records produced after the start', async () => {
    const c = await collect(kafka, { topic, start: { kind: 'latest' } });
    try {
      kcatProduce(broker.bootstrap, topic, ['new-a', 'new-b'], ['-p', '1']);
      await c.waitForRecords(2);
      assert.deepEqual(c.records.map((r) => r.value?.toString()), ['new-a', 'new-b']);
      assert.deepEqual(c.records.map((r) => r.offset), ['10', '11']);
    } finally {
      await c.session.stop();
    }
  });

  test('one offset for all partitions, and partition:offset pairs', async () => {
    const c = await collect(kafka, { topic, start: { kind: 'offset', offset: '7' }, partitions: [0], maxRecords: 3 });
    await c.session.ended;
    assert.deepEqual(seen(c), ['0@7', '0@8', '0@9']);
    const d = await collect(kafka, { topic, start: { kind: 'offsets', offsets: { 0: '9', 1: '11' } }, maxRecords: 2 });
    await d.session.ended;
    // Partition 1 got two more records in the 'latest' test; only offsets ≥ the ones asked appear.
    assert.deepEqual(seen(d), ['0@9', '1@11']);
  });

  test('a partition subset reads only those partitions', async () => {
    const c = await collect(kafka, { topic, start: { kind: 'beginning' }, partitions: [1], maxRecords: 5 });
    await c.session.ended;
    assert.ok(c.records.every((r) => r.partition === 1));
    assert.deepEqual(c.records.map((r) => r.offset), ['0', '1', '2', '3', '4']);
  });

  test('timestamp: the first record at or after that time', async () => {
    const t2 = uniqueTopic('consume-time');
    await createTopic(kafka, t2);
    kcatProduce(broker.bootstrap, t2, ['old-1', 'old-2']);
    const old = await collect(kafka, { topic: t2, start: { kind: 'beginning' }, maxRecords: 2 });
    await old.session.ended;
    const cut = Math.max(...old.records.map((r) => Number(r.timestamp))) + 1;
    // Same host clock: once it has passed `cut`, records produced now have timestamps ≥ cut.
    await waitFor('the clock to pass the cut', 5_000, async () => Date.now() > cut + 1);
    kcatProduce(broker.bootstrap, t2, ['new-1', 'new-2']);
    const c = await collect(kafka, { topic: t2, start: { kind: 'timestamp', timestampMs: cut }, maxRecords: 2 });
    await c.session.ended;
    assert.deepEqual(c.records.map((r) => r.value?.toString()), ['new-1', 'new-2']);
    assert.match(c.status[0], /from \d{4}-\d\d-\d\dT/);
  });

  test('timestamp after the last record: waits at the end and says so', async () => {
    const c = await collect(kafka, { topic, start: { kind: 'timestamp', timestampMs: Date.now() - 1 }, partitions: [0] });
    try {
      assert.ok(c.status.some((s) => /partition 0 has no record at or after .*waiting for new ones at offset 10/.test(s)), c.status.join('\n'));
      kcatProduce(broker.bootstrap, topic, ['later'], ['-p', '0']);
      await c.waitForRecords(1);
      assert.equal(c.records[0].offset, '10');
    } finally {
      await c.session.stop();
    }
  });
});

describe('bad input gets a specific message and leaves nothing running', () => {
  let topic: string;
  before(async () => {
    topic = uniqueTopic('consume-bad');
    await createTopic(kafka, topic, 2);
    kcatProduce(broker.bootstrap, topic, ['a', 'b', 'c'], ['-p', '0']);
  });

  const rejects = async (o: Parameters<typeof collect>[1], re: RegExp, k: Kafka = kafka, timeoutMs = 10_000): Promise<void> => {
    await assert.rejects(collect(k, o, undefined, timeoutMs), (e: unknown) => {
      assert.ok(e instanceof ConsumerStartError, String(e));
      assert.match((e as Error).message, re);
      return true;
    });
  };

  test('no such topic', () => rejects({ topic: uniqueTopic('missing'), start: { kind: 'beginning' } }, /Topic "missing-.*" does not exist on test cluster/));
  test('no such partition', () => rejects({ topic, start: { kind: 'beginning' }, partitions: [0, 5] }, /has no partition 5: it has 2 partitions \(0 to 1\)/));
  test('per-partition offset for a partition that does not exist', () => rejects({ topic, start: { kind: 'offsets', offsets: { 3: '0' } } }, /has no partition 3/));
  test('offset out of range', () => rejects({ topic, start: { kind: 'offset', offset: '100' }, partitions: [0] },
    /offset 100 is out of range: partition 0 holds offsets 0 to 2, and 3 is the next to be written/));
  test('offset in an empty partition', () => rejects({ topic, start: { kind: 'offset', offset: '1' }, partitions: [1] }, /partition 1 holds offsets 0 to -1 \(it is empty\)/));
  test('timestamp in the future', () => rejects({ topic, start: { kind: 'timestamp', timestampMs: Date.now() + 3_600_000 } }, /is in the future: no record has that timestamp yet/));

  test('unreachable cluster (connection refused): bounded, clear, no connection left', async () => {
    const t0 = Date.now();
    await rejects({ topic, start: { kind: 'beginning' } }, /Connection refused .*tried test cluster/, client('127.0.0.1:1', 3_000));
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });

  test('a cluster that accepts TCP but never answers: rejected within the timeout, sockets closed', async () => {
    const sockets = new Set<import('node:net').Socket>();
    // It reads (resume) so that it notices the client closing, but never answers.
    const silent: Server = createServer((s) => { sockets.add(s); s.resume(); s.on('close', () => sockets.delete(s)); });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const t0 = Date.now();
      await rejects({ topic, start: { kind: 'beginning' } }, /Could not start consuming "consume-bad-.*": could not reach test cluster and read topic .* within 2000 ms/, client(`127.0.0.1:${port}`, 2_000), 2_000);
      const took = Date.now() - t0;
      assert.ok(took < 2_000 + 3_000, `took ${took} ms`);
      await waitFor('the silent server to see its connections closed', 10_000, async () => sockets.size === 0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('lifecycle', () => {
  test('stop closes every connection the consumer opened', async () => {
    const topic = uniqueTopic('consume-conn');
    await createTopic(kafka, topic, 3);
    const port = Number(broker.bootstrap.split(',')[0].split(':').pop());
    const own = client(broker.bootstrap);
    const baseline = connectionsTo(port);
    const c = await collect(own, { topic, start: { kind: 'latest' } });
    kcatProduce(broker.bootstrap, topic, ['x']);
    await c.waitForRecords(1);
    assert.ok(connectionsTo(port) > baseline, 'a running consumer holds connections');
    const t0 = Date.now();
    assert.deepEqual(await c.session.stop(), { kind: 'stopped' });
    // The in-flight long-poll is rejected when its socket closes, not left to the 30 s request timeout.
    assert.ok(Date.now() - t0 < 3_000, `stop took ${Date.now() - t0} ms`);
    // At most the baseline: a connection the topic's admin was still closing may be gone by now.
    await waitFor(`connections back to ${baseline}`, 5_000, async () => connectionsTo(port) <= baseline);
    // kcat puts a record without a key on a random partition of the three.
    assert.match(c.text(), /p[0-2]@0 x/);
  });

  test('topic deleted while consuming: a clear stop line', async () => {
    const topic = uniqueTopic('consume-del');
    await createTopic(kafka, topic);
    kcatProduce(broker.bootstrap, topic, ['before delete']);
    const c = await collect(kafka, { topic, start: { kind: 'beginning' } });
    await c.waitForRecords(1);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    const end = await Promise.race([c.session.ended, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no end within 30 s')), 30_000).unref())]);
    assert.equal(end.kind, 'deleted');
    assert.match((end as { message: string }).message, new RegExp(`Topic "${topic}" was deleted; the consumer stopped \\(it had reached p0@1\\)`));
  });

  test('the session writes nothing to the cluster: no consumer group appears', async () => {
    const topic = uniqueTopic('consume-nogroup');
    await createTopic(kafka, topic);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const before = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
      kcatProduce(broker.bootstrap, topic, ['a']);
      const s = await ConsumerSession.start(kafka, { topic, start: { kind: 'beginning' }, maxRecords: 1 }, { timeoutMs: 10_000, target: 't' },
        { onRecords: () => undefined, onStatus: () => undefined });
      await s.ended;
      // Each integration lane has a broker of its own and runs its files one at a time, so no other group
      // can appear meanwhile: the whole list must be as it was.
      const afterGroups = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
      assert.deepEqual(afterGroups, before);
    } finally {
      await admin.disconnect();
    }
  });
});
