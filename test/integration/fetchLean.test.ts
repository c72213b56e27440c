// The lean Fetch path (our own Fetch request and record-batch decoder) against a real broker, checked record
// by record (partition, offset, timestamp, key, value, headers) against kcat reading the same topic: every
// codec written by kcat (librdkafka) and by kafka-python, batches cut at the response limit, a compacted
// topic with offset gaps and one whose head was deleted, and transactions (committed, aborted, one still
// open) written by kafkajs's transactional producer. Fails if a record is dropped, duplicated or altered.
// Runs its own broker: the log cleaner is off in the shared one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { kcatProduce } from '../harness/kcat';
import { waitFor } from '../harness/process';
import { uniqueTopic } from '../harness/sharedBroker';
import { client, createTopic } from './consumerHelpers';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { kcatRows, noise, ourRows, sameRows } from './fetchLeanHelpers';

let cluster: KafkaCluster;
let kafka: Kafka;
before(async () => {
  cluster = await startKafka({ nodes: 1, serverProperties: { 'log.cleaner.enable': 'true', 'log.cleaner.backoff.ms': '200' } });
  kafka = client(cluster.bootstrap);
  process.stderr.write(`[fetchLean] Kafka ${cluster.version} at ${cluster.bootstrap}\n`);
});
after(async () => { await cluster?.stop(); });

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** Records for kcat -K: -Z: some without a key, some tombstones (empty → null with -Z), JSON and text of many sizes. */
function kcatRecords(seed: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const value = i % 11 === 0 ? '' : i % 3 === 0 ? `{"seq":${i},"pad":"${noise(seed + i, i % 200)}"}` : `text ${i} ${'x'.repeat(i % 50)}`;
    // kcat -P skips an empty message: a record without a key always has a value.
    return i % 7 === 0 ? value || `unkeyed ${i}` : `key-${i % 50}:${value}`;
  });
}

describe('every codec, read back exactly as kcat reads it', () => {
  for (const codec of CODECS) {
    test(`kcat -P -z ${codec}: 3 partitions, keys, nulls, duplicate headers`, async () => {
      const topic = uniqueTopic(`lean-${codec}`);
      await createTopic(kafka, topic, 3);
      kcatProduce(cluster.bootstrap, topic, kcatRecords(codec.length, 3000), ['-K:', '-Z', '-z', codec, '-H', 'h=1', '-H', 'h=2', '-H', 'solo=x']);
      const [ours, theirs] = [await ourRows(kafka, topic), await kcatRows(cluster.bootstrap, topic)];
      assert.equal(theirs.length, 3000);
      sameRows(ours.rows, theirs, codec);
      // The codec is read from each batch, not guessed. librdkafka sends a batch that would not shrink (a lone
      // small record) uncompressed, so a few may say none.
      const said = new Set(ours.records.map((r) => r.compression));
      assert.ok([...said].every((c) => c === codec || c === 'none') && ours.records.filter((r) => r.compression === codec).length > 1500,
        `records say ${[...said].join(', ')}`);
    });
  }

  test('kafka-python (gzip): null keys and values, duplicate and empty headers, explicit timestamps', async () => {
    const topic = uniqueTopic('lean-python');
    await createTopic(kafka, topic, 2);
    const py = `
import sys
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=sys.argv[1].split(','), compression_type='gzip', linger_ms=50)
for i in range(2000):
    key = None if i % 5 == 0 and i % 13 != 0 else ('k%d' % (i % 37)).encode()
    value = None if i % 13 == 0 else ('value %d ' % i + 'y' * (i % 300)).encode()
    headers = [('dup', b'a'), ('dup', str(i).encode()), ('empty', b'')] if i % 4 == 0 else []
    p.send(sys.argv[2], key=key, value=value, headers=headers, partition=i % 2, timestamp_ms=1700000000000 + i * 1000)
p.flush()
p.close()
`;
    execFileSync('/usr/bin/python3', ['-c', py, cluster.bootstrap, topic], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    const [ours, theirs] = [await ourRows(kafka, topic), await kcatRows(cluster.bootstrap, topic)];
    assert.equal(theirs.length, 2000);
    sameRows(ours.rows, theirs, 'kafka-python');
    assert.ok(ours.rows.some((r) => r.headers.length === 3 && r.headers[1][0] === 'dup' && r.headers[2][1] === ''));
  });
});

test('batches cut at the response limit: values large against maxBytes, nothing dropped or read twice', async () => {
  const topic = uniqueTopic('lean-cut');
  await createTopic(kafka, topic, 3);
  const values = Array.from({ length: 120 }, (_, i) => `k${i}:${noise(i, 20_000 + (i % 9) * 3_000)}`);
  kcatProduce(cluster.bootstrap, topic, values, ['-K:', '-z', 'lz4', '-X', 'linger.ms=100']);
  kcatProduce(cluster.bootstrap, topic, values.slice(0, 60), ['-K:']);
  const theirs = await kcatRows(cluster.bootstrap, topic);
  assert.equal(theirs.length, 180);
  // A response of ~64 KB holds one or two of these batches and cuts the next one.
  for (const [maxBytes, maxBytesPerPartition] of [[64 * 1024, 48 * 1024], [100 * 1024, 100 * 1024]]) {
    const ours = await ourRows(kafka, topic, { maxBytes, maxBytesPerPartition });
    sameRows(ours.rows, theirs, `maxBytes ${maxBytes}/${maxBytesPerPartition}`);
  }
});

describe('offset gaps', () => {
  test('a compacted topic: the cleaner removed records, offsets jump, every survivor is read once', async () => {
    const topic = uniqueTopic('lean-compact');
    const admin = kafka.admin();
    await admin.connect();
    try {
      await createTopicsReady(admin, [{
        topic, numPartitions: 2, configEntries: [
          { name: 'cleanup.policy', value: 'compact' }, { name: 'segment.ms', value: '200' },
          { name: 'min.cleanable.dirty.ratio', value: '0.01' }, { name: 'min.compaction.lag.ms', value: '0' },
          { name: 'delete.retention.ms', value: '0' },
        ],
      }], 30_000);
    } finally {
      await admin.disconnect();
    }
    for (let round = 0; round < 4; round++) {
      kcatProduce(cluster.bootstrap, topic, Array.from({ length: 300 }, (_, i) => `${i % 10 === 0 ? `unique-${round}-${i}` : `key-${i % 20}`}:round ${round} record ${i}`), ['-K:', '-z', round % 2 ? 'gzip' : 'none']);
      await new Promise((r) => setTimeout(r, 400)); // older than segment.ms: the next write rolls the segment
    }
    kcatProduce(cluster.bootstrap, topic, ['key-0:last'], ['-K:']);
    // The cleaner runs on its own schedule: wait until kcat sees records removed.
    let theirs = await kcatRows(cluster.bootstrap, topic);
    await waitFor('the log cleaner to compact the topic', 90_000, async () => {
      theirs = await kcatRows(cluster.bootstrap, topic);
      return theirs.length < 400;
    });
    const ours = await ourRows(kafka, topic);
    sameRows(ours.rows, theirs, 'compacted');
    const gaps = theirs.filter((r, i) => i > 0 && r.partition === theirs[i - 1].partition && BigInt(r.offset) !== BigInt(theirs[i - 1].offset) + 1n);
    assert.ok(gaps.length > 0, 'the compacted topic has offset gaps');
  });

  test('records deleted with DeleteRecords: reading starts at the new log start', async () => {
    const topic = uniqueTopic('lean-deleted');
    await createTopic(kafka, topic, 1);
    kcatProduce(cluster.bootstrap, topic, Array.from({ length: 500 }, (_, i) => `v${i}`), ['-z', 'zstd']);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '123' }] });
    } finally {
      await admin.disconnect();
    }
    const [ours, theirs] = [await ourRows(kafka, topic), await kcatRows(cluster.bootstrap, topic)];
    assert.equal(theirs[0].offset, '123');
    sameRows(ours.rows, theirs, 'after DeleteRecords');
  });
});

describe('transactions (read_committed, as kcat reads by default)', () => {
  test('committed shown, aborted hidden, control records never shown; an open transaction does not hold up the end', async () => {
    const topic = uniqueTopic('lean-txn');
    await createTopic(kafka, topic, 2);
    const plain = kafka.producer();
    const tx = kafka.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([plain.connect(), tx.connect()]);
    try {
      const inTx = async (label: string, commit: boolean, compression = 0): Promise<void> => {
        const t = await tx.transaction();
        for (let b = 0; b < 3; b++) {
          await t.send({ topic, compression, messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `${label} ${b}/${i}`, partition: i % 2, headers: { label } })) });
          await plain.send({ topic, messages: [{ key: 'plain', value: `plain during ${label} ${b}`, partition: b % 2 }] });
        }
        if (commit) await t.commit(); else await t.abort();
      };
      await inTx('committed-1', true);
      await inTx('aborted-1', false);
      await inTx('committed-2', true, 1);
      await inTx('aborted-2', false, 1);
      await inTx('committed-3', true);
      const theirs = await kcatRows(cluster.bootstrap, topic);
      assert.equal(theirs.length, 3 * 60 + 15);
      assert.ok(!theirs.some((r) => r.value?.startsWith('aborted')));
      const ours = await ourRows(kafka, topic);
      sameRows(ours.rows, theirs, 'transactions');

      // A transaction left open: a bounded read ends at the last stable offset with what was committed before it.
      const open = await tx.transaction();
      await open.send({ topic, messages: [{ value: 'open 0', partition: 0 }, { value: 'open 1', partition: 1 }] });
      await plain.send({ topic, messages: [{ value: 'after the open one', partition: 0 }] });
      const whileOpen = await ourRows(kafka, topic);
      sameRows(whileOpen.rows, theirs, 'while a transaction is open');
      await open.abort();
      const afterAbort = await kcatRows(cluster.bootstrap, topic);
      assert.ok(afterAbort.some((r) => r.value === 'after the open one') && !afterAbort.some((r) => r.value?.startsWith('open')));
      sameRows((await ourRows(kafka, topic)).rows, afterAbort, 'after the open transaction was aborted');
    } finally {
      await Promise.all([plain.disconnect(), tx.disconnect()]);
    }
  });
});
