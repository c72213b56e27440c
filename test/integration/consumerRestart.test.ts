// The group-less consumer across a broker restart, on a 1-broker cluster of its own (the shared broker
// must not go down under other suites): the broker is killed mid-stream (and, separately, stopped
// cleanly while the session waits at the end of the log), comes back on the same ports and data dir,
// and the session resumes where it was: every offset exactly once, in order, with a line saying so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka } from 'kafkajs';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { uniqueTopic } from '../harness/sharedBroker';
import { client, collect, Collected, createTopic, kcatProduce, recordLines } from './consumerHelpers';

let cluster: KafkaCluster;
let kafka: Kafka;
before(async () => {
  const t0 = Date.now();
  cluster = await startKafka({ nodes: 1 });
  console.log(`# own 1-broker cluster up in ${Date.now() - t0} ms at ${cluster.bootstrap}`);
  kafka = client(cluster.bootstrap);
});
after(async () => { await cluster?.stop(); });

// kcat writes one record per batch, so a fetch capped at 1 byte per partition (Kafka still returns the
// first batch whole) delivers one record: the stream lasts long enough to be cut in the middle.
const ONE_PER_BATCH = ['-X', 'batch.num.messages=1', '-X', 'linger.ms=0'];
const values = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `v${from + i}`);

/** Offsets and values delivered, and the offsets of the lines written to the output text. */
function assertExactlyOnce(c: Collected, total: number): void {
  const offsets = c.records.map((r) => Number(r.offset));
  const dups = offsets.length - new Set(offsets).size;
  assert.equal(dups, 0, `${dups} duplicate deliveries`);
  const firstGap = offsets.findIndex((o, i) => o !== i);
  assert.equal(firstGap, -1, `offsets not consecutive from 0: at index ${firstGap} came offset ${offsets[firstGap]}`);
  assert.equal(offsets.length, total);
  assert.deepEqual(c.records.map((r) => r.value?.toString()), values(0, total));
  // What a person reads: one line per record, in offset order, around the status lines.
  const shown = recordLines(c.text()).split('\n').filter((l) => l.trim()).map((l) => /^p0@(\d+) /.exec(l)?.[1] ?? `?${l}`);
  assert.deepEqual(shown, offsets.map(String));
}

async function restartAndResume(c: Collected, topic: string, signal: NodeJS.Signals, produced: number, more: number): Promise<void> {
  const tStop = Date.now();
  await cluster.stopBroker(1, signal);
  const stopMs = Date.now() - tStop;
  await c.waitForStatus(/^Connection to test cluster lost \(.*\); reconnecting…$/, 60_000);
  const atLoss = c.records.length;
  const t0 = Date.now();
  await cluster.startBroker(1);
  console.log(`# ${signal}: broker down in ${stopMs} ms, back in ${Date.now() - t0} ms; ${atLoss} of ${produced} records delivered before the loss`);
  kcatProduce(cluster.bootstrap, topic, values(produced, more), ONE_PER_BATCH);
  // A killed broker keeps what it had written (the page cache survives the process): nothing may be lost.
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [end] = await admin.fetchTopicOffsets(topic);
    assert.equal(end.high, String(produced + more), 'the log kept every record across the restart');
  } finally {
    await admin.disconnect();
  }
  await c.waitForRecords(produced + more, 120_000);
  await c.waitForStatus(/^Reconnected after \d+\.\d s; resuming at p0@\d+\.$/, 10_000);
  const resumed = c.status.find((s) => s.startsWith('Reconnected after'));
  const at = Number(/p0@(\d+)/.exec(resumed ?? '')?.[1]);
  // The session resumed at the offset after the last record it had delivered before the loss.
  assert.ok(at >= atLoss && at <= produced, `resumed at ${at}; ${atLoss} delivered at the loss`);
  console.log(c.status.map((s) => `#   ${s}`).join('\n'));
}

test('broker killed mid-stream and restarted: the stream resumes with no gap and no duplicate', { timeout: 5 * 60_000 }, async () => {
  const topic = uniqueTopic('restart-kill');
  await createTopic(kafka, topic);
  const N = 600;
  kcatProduce(cluster.bootstrap, topic, values(0, N), ONE_PER_BATCH);
  const c = await collect(kafka, { topic, start: { kind: 'beginning' } }, undefined, 10_000, { maxBytesPerPartition: 1 });
  try {
    await c.waitForRecords(100, 30_000);
    assert.ok(c.records.length < N, 'still streaming when the broker goes');
    await restartAndResume(c, topic, 'SIGKILL', N, 200);
    assertExactlyOnce(c, N + 200);
    assert.equal(c.session.positions()[0], String(N + 200));
  } finally {
    await c.session.stop();
  }
});

test('broker stopped cleanly while the session waits at the end: new records after the restart arrive once', { timeout: 5 * 60_000 }, async () => {
  const topic = uniqueTopic('restart-term');
  await createTopic(kafka, topic);
  kcatProduce(cluster.bootstrap, topic, values(0, 50));
  const c = await collect(kafka, { topic, start: { kind: 'beginning' } });
  try {
    await c.waitForRecords(50);
    await restartAndResume(c, topic, 'SIGTERM', 50, 200);
    assertExactlyOnce(c, 250);
    const text = c.text();
    assert.match(text, /^--- Connection to test cluster lost .*reconnecting…$/m);
    assert.match(text, /^--- Reconnected after .* resuming at p0@50\.$/m);
  } finally {
    await c.session.stop();
  }
});
