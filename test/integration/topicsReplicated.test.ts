// On a real 3-broker cluster: an RF=3 topic shows 3 replicas and full ISR; after one broker stops, the
// describe model shows the shrunken ISR and the tree's rows mark the partitions and topic under-replicated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { formatKafkaTopicsDescribe } from '../../src/kafka/admin/describeTopic';
import { partitionRow, topicRow } from '../../src/explorer/labels';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { comparableDescribe, kafkaTopicsDescribe } from '../harness/kafkaTools';
import { uniqueTopic } from '../harness/sharedBroker';

let cluster: KafkaCluster;
let admin: ClusterAdmin;
before(async () => {
  cluster = await startKafka({ nodes: 3 });
  admin = new ClusterAdmin(createKafkaClient({ id: 'c3', name: 'c3', bootstrapServers: cluster.bootstrapServers }, {}, { connectionTimeoutMs: 10_000 }), 10_000, 'c3');
});
after(async () => {
  await admin?.close();
  await cluster?.stop();
});

async function waitUntil<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

test('RF=3: full ISR, then a stopped broker shrinks the ISR and the tree marks under-replicated', { timeout: 150_000 }, async () => {
  const topic = uniqueTopic('rf3');
  await admin.createTopic({ name: topic, partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
  const full = await waitUntil('full ISR on every partition', 30_000, async () => {
    const d = await admin.describeTopic(topic);
    return d.partitions.every((p) => p.isr.length === 3) ? d : undefined;
  });
  assert.equal(full.replicationFactor, 3);
  for (const p of full.partitions) {
    assert.deepEqual([...p.replicas].sort(), [1, 2, 3]);
    assert.deepEqual([...p.isr].sort(), [1, 2, 3]);
    assert.equal(p.underReplicated, false);
    assert.equal(partitionRow(p).warning, false);
  }
  assert.equal(full.underReplicatedCount, 0);
  // The "Copy" text is what kafka-topics.sh itself prints (less TopicId/ELR, which kafkajs cannot know).
  assert.equal(comparableDescribe(formatKafkaTopicsDescribe(full)), comparableDescribe(await kafkaTopicsDescribe(cluster, topic)));
  assert.equal(topicRow((await admin.topics()).find((t) => t.name === topic)!).warning, false);

  await cluster.stopBroker(3);
  const shrunk = await waitUntil('broker 3 out of every ISR', 60_000, async () => {
    const d = await admin.describeTopic(topic);
    return d.partitions.every((p) => !p.isr.includes(3)) ? d : undefined;
  });
  for (const p of shrunk.partitions) {
    assert.equal(p.replicas.length, 3, 'replicas stay 3');
    assert.deepEqual(p.isr.filter((b) => b !== 3).length, 2);
    assert.notEqual(p.leader, 3);
    assert.equal(p.underReplicated, true);
    const row = partitionRow(p);
    assert.equal(row.warning, true);
    // The row leads with the offset range and says under-replicated; the ISR is in its tooltip.
    assert.match(row.description, /^\d+…\d+ · under-replicated$/);
    assert.match(row.tooltip, /\| In-sync replicas \(ISR\) \| [12], [12] \|/);
  }
  assert.equal(shrunk.underReplicatedCount, 3);
  assert.match(formatKafkaTopicsDescribe(shrunk), /\tIsr: [12],[12]\n/);
  assert.equal(comparableDescribe(formatKafkaTopicsDescribe(shrunk)), comparableDescribe(await kafkaTopicsDescribe(cluster, topic)));
  const summary = await waitUntil('topic summary shows under-replication', 20_000, async () => {
    const t = (await admin.topics()).find((x) => x.name === topic);
    return t?.underReplicated ? t : undefined;
  });
  assert.equal(summary.underReplicated, 3);
  const row = topicRow(summary);
  assert.equal(row.warning, true);
  assert.equal(row.description, '3 under-replicated · 3 partitions');
});
