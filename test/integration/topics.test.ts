// Topic lifecycle through src/kafka on the shared real broker: create → listed → describe → delete → gone,
// cross-checked with kcat; plus readable broker refusals and the kafka-topics.sh text layout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { formatKafkaTopicsDescribe, formatTopicReport } from '../../src/kafka/admin/describeTopic';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';

let broker: BrokerHandle;
let admin: ClusterAdmin;
before(async () => {
  broker = await useBroker();
  const kafka = createKafkaClient({ id: 't', name: 't', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
  admin = new ClusterAdmin(kafka, 10_000, 'test cluster');
});
after(async () => {
  await admin.close();
  await broker.release();
});

async function waitUntil(what: string, ms: number, fn: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

test('create → listed → describe (partitions, leaders, non-default retention.ms) → delete → gone', async () => {
  const topic = uniqueTopic('lifecycle');
  await admin.createTopic({ name: topic, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'cleanup.policy': 'compact,delete' } });
  const listed = await admin.topics();
  assert.deepEqual(listed.find((t) => t.name === topic), { name: topic, partitions: 3, internal: false });

  execFileSync('kcat', ['-b', broker.bootstrap, '-P', '-K:', '-t', topic, '-p', '1'], { input: 'k1:a\nk2:b\nk3:c\n' });
  await waitUntil('3 messages in partition 1', 10_000, async () => (await admin.partitions(topic))[1].latest === '3');

  const d = await admin.describeTopic(topic);
  assert.equal(d.partitions.length, 3);
  assert.equal(d.replicationFactor, 1);
  for (const p of d.partitions) {
    assert.equal(p.leader, 1);
    assert.deepEqual(p.replicas, [1]);
    assert.deepEqual(p.isr, [1]);
    assert.equal(p.underReplicated, false);
  }
  assert.deepEqual(d.partitions.map((p) => p.messages), ['0', '3', '0']);
  assert.equal(d.messages, '3');
  const retention = d.configs.find((c) => c.name === 'retention.ms');
  assert.deepEqual(retention && { v: retention.value, s: retention.source, n: retention.nonDefault }, { v: '3600000', s: 'topic', n: true });
  const flush = d.configs.find((c) => c.name === 'flush.ms');
  assert.equal(flush?.nonDefault, false);
  assert.equal(flush?.source, 'default');

  const text = formatKafkaTopicsDescribe(d);
  const lines = text.trimEnd().split('\n');
  assert.match(lines[0], new RegExp(`^Topic: ${topic}\\tPartitionCount: 3\\tReplicationFactor: 1\\tConfigs: .*retention\\.ms=3600000`));
  assert.match(lines[0], /cleanup\.policy=compact,delete/);
  assert.equal(lines[2], `\tTopic: ${topic}\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1`);
  assert.match(formatTopicReport(d, 'local'), /\* +retention\.ms +3600000 +topic/);

  await admin.deleteTopic(topic);
  // Straight after deleteTopic returns: no wait here, the tree refreshes at this moment.
  assert.ok(!(await admin.topics()).some((t) => t.name === topic), 'the topic list still shows the deleted topic');
  const kc = execFileSync('kcat', ['-b', broker.bootstrap, '-L', '-J'], { encoding: 'utf8' });
  assert.ok(!(JSON.parse(kc) as { topics: Array<{ topic: string }> }).topics.some((t) => t.topic === topic), 'kcat still lists the topic');
});

test('broker refusals come back readable: exists, replication factor too large, unknown topic', async () => {
  const topic = uniqueTopic('refusals');
  await admin.createTopic({ name: topic, partitions: 1 });
  try {
    await assert.rejects(admin.createTopic({ name: topic, partitions: 1 }), /Topic ".*" already exists on test cluster\. Pick another name\./);
    await assert.rejects(admin.createTopic({ name: `${topic}-rf`, partitions: 1, replicationFactor: 3 }), /replication factor is larger than the number of brokers/);
    await assert.rejects(admin.describeTopic(`${topic}-missing`), /does not exist/);
  } finally {
    await admin.deleteTopic(topic);
  }
  await assert.rejects(admin.deleteTopic(`${topic}-never`), /does not exist on test cluster/);
});

test('the broker default replication factor is read', async () => {
  assert.equal(await admin.defaultReplicationFactor(), 1);
});

test('describe marks (*) a config by value, not by where it is set: min.insync.replicas=1 set on the topic equals Kafka\'s default and is not marked', async () => {
  const tuned = uniqueTopic('marked');
  const plain = uniqueTopic('plain');
  // min.insync.replicas=1 and segment.bytes=1073741824 are Kafka's defaults, set explicitly (source: topic);
  // retention.ms and max.message.bytes are not.
  await admin.createTopic({ name: tuned, partitions: 1, configs: { 'min.insync.replicas': '1', 'segment.bytes': '1073741824', 'retention.ms': '3600000', 'max.message.bytes': '2000000' } });
  await admin.createTopic({ name: plain, partitions: 1 });
  try {
    const d = await admin.describeTopic(tuned);
    const c = (name: string) => d.configs.find((x) => x.name === name);
    assert.deepEqual([c('min.insync.replicas')?.source, c('min.insync.replicas')?.differsFromDefault, c('min.insync.replicas')?.kafkaDefault], ['topic', false, '1']);
    assert.deepEqual([c('segment.bytes')?.source, c('segment.bytes')?.differsFromDefault], ['topic', false]);
    assert.deepEqual([c('retention.ms')?.source, c('retention.ms')?.differsFromDefault], ['topic', true]);
    assert.deepEqual([c('max.message.bytes')?.source, c('max.message.bytes')?.differsFromDefault, c('max.message.bytes')?.kafkaDefault], ['topic', true, '1048588']);
    // kafka-topics.sh still lists every config set on the topic (its own rule: by source).
    assert.match(formatKafkaTopicsDescribe(d), /min\.insync\.replicas=1/);
    const report = formatTopicReport(d, 'local');
    assert.match(report, /^Configs \(\* = the value differs from Kafka's built-in default; source = where the value in force is set\)$/m);
    assert.match(report, /^ {5}min\.insync\.replicas +1 +topic \(= Kafka's default\)$/m, report);
    assert.match(report, /^ {2}\* +retention\.ms +3600000 +topic$/m, report);
    assert.match(report, /^ {2}\* +max\.message\.bytes +2000000 +topic$/m, report);

    // A topic created without configs: only what the broker itself sets to a non-default value is marked
    // (the test broker sets log.segment.bytes=67108864, Kafka's default being 1073741824).
    const p = await admin.describeTopic(plain);
    const marked = p.configs.filter((x) => x.differsFromDefault);
    for (const x of marked) {
      assert.match(x.source, /broker$/, `${x.name}=${x.value} marked with source ${x.source}`);
      assert.notEqual(x.value, x.kafkaDefault, `${x.name} marked though it equals the default`);
    }
    assert.deepEqual(marked.find((x) => x.name === 'segment.bytes') && [marked.find((x) => x.name === 'segment.bytes')?.kafkaDefault], ['1073741824']);
    assert.equal(p.configs.find((x) => x.name === 'min.insync.replicas')?.differsFromDefault, false);
  } finally {
    await admin.run('delete', (a) => a.deleteTopics({ topics: [tuned, plain] })).catch(() => undefined);
  }
});
