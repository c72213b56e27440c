// Topic changes through src/kafka on the shared real broker, read back with Kafka's own tools:
// configs with ConfigCommand (kafka-configs.sh --describe), partitions with TopicCommand, purges with
// kcat -o beginning -e. Bad input: a value the broker refuses (its words passed through, nothing
// changed), fewer partitions than now, purge beyond the end, a topic that does not exist.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { controllerBroker, pickVersion, sendRawRequest } from '../../src/kafka/client/rawRequest';
import { decodeIncrementalAlterConfigs, encodeIncrementalAlterConfigs } from '../../src/kafka/protocol/incrementalAlterConfigs';
import { configPreviewText, parseConfigEdits, planConfigEdit, ConfigEditPlan } from '../../src/kafka/rules/topicConfigEdit';
import { parsePurgeSpec, purgePreviewText, PurgeSpec } from '../../src/kafka/rules/partitionChanges';
import { kafkaVersion } from '../harness/kafka';
import { kafkaTopicsDescribe } from '../harness/kafkaTools';
import { kcatPartitionRecords, topicOverrides } from '../harness/kafkaConfigTools';
import { kcatProduce } from '../harness/kcat';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let cluster: { version: string; bootstrap: string };
before(async () => {
  broker = await useBroker();
  cluster = { version: kafkaVersion(), bootstrap: broker.bootstrap };
  const kafka = createKafkaClient({ id: 't', name: 't', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
  admin = new ClusterAdmin(kafka, 15_000, 'test cluster');
});
after(async () => {
  await admin.close();
  await broker.release();
});

async function plan(topic: string, text: string): Promise<ConfigEditPlan> {
  const current = await admin.topicConfigs(topic);
  const e = parseConfigEdits(text, new Set(current.map((c) => c.name)));
  assert.ok('edits' in e, JSON.stringify(e));
  const p = planConfigEdit(topic, current, e.edits);
  assert.ok(!('error' in p), JSON.stringify(p));
  return p;
}

const spec = (text: string): PurgeSpec => { const s = parsePurgeSpec(text); assert.ok('spec' in s); return s.spec; };

test('edit configs: change, add, validate-only changes nothing, reset to default; ConfigCommand agrees each time', async () => {
  const topic = uniqueTopic('cfg');
  await admin.createTopic({ name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } });
  try {
    assert.deepEqual(await topicOverrides(cluster, topic), { 'retention.ms': '3600000' });
    const p = await plan(topic, 'retention.ms=60000 cleanup.policy=compact,delete max.message.bytes=2000000');
    assert.deepEqual(p.rows.map((r) => [r.key, r.kind, r.old, r.new]), [
      ['retention.ms', 'change', '3600000', '60000'], ['cleanup.policy', 'add', 'delete', 'compact,delete'], ['max.message.bytes', 'add', '1048588', '2000000'],
    ]);
    await admin.alterTopicConfigs(p, true);
    assert.deepEqual(await topicOverrides(cluster, topic), { 'retention.ms': '3600000' }, 'validateOnly applied something');
    await admin.alterTopicConfigs(p, false);
    assert.deepEqual(await topicOverrides(cluster, topic), { 'retention.ms': '60000', 'cleanup.policy': 'compact,delete', 'max.message.bytes': '2000000' });

    // Reset: the preview's "reset to default (X)" is what the topic has afterwards.
    const r = await plan(topic, '-retention.ms -max.message.bytes');
    assert.deepEqual(r.rows.map((x) => [x.key, x.kind, x.new, x.newSource]), [['retention.ms', 'reset', '604800000', 'default'], ['max.message.bytes', 'reset', '1048588', 'default']]);
    assert.match(configPreviewText(r, 'test'), /^retention\.ms +60000 \(topic\) +→ +reset to default \(604800000, default\)$/m);
    await admin.alterTopicConfigs(r, false);
    assert.deepEqual(await topicOverrides(cluster, topic), { 'cleanup.policy': 'compact,delete' });
    const now = await admin.topicConfigs(topic);
    assert.deepEqual(['retention.ms', 'max.message.bytes'].map((k) => { const c = now.find((x) => x.name === k); return [c?.value, c?.source]; }),
      [['604800000', 'default'], ['1048588', 'default']]);
  } finally {
    await admin.deleteTopic(topic);
  }
});

test('a value the broker refuses: its reason passed through, nothing changed (validate-only and apply alike)', async () => {
  const topic = uniqueTopic('cfg-refused');
  await admin.createTopic({ name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } });
  try {
    // Our table accepts remote.storage.enable=true (a boolean); this broker has tiered storage off and refuses it.
    const p = await plan(topic, 'remote.storage.enable=true retention.ms=60000');
    for (const validateOnly of [true, false]) {
      await assert.rejects(admin.alterTopicConfigs(p, validateOnly), (e: Error) => {
        assert.match(e.message, new RegExp(`^The broker refused the config change of topic "${topic}": .*[Ss]torage.*\\. Nothing was changed\\.$`));
        return true;
      });
    }
    assert.deepEqual(await topicOverrides(cluster, topic), { 'retention.ms': '3600000' });
  } finally {
    await admin.deleteTopic(topic);
  }
});

test('IncrementalAlterConfigs v0 (classic) and v1 (flexible) both answered by the real broker', async () => {
  const topic = uniqueTopic('cfg-versions');
  await admin.createTopic({ name: topic, partitions: 1 });
  try {
    const answers = await admin.runRaw('versions', async (c) => {
      const b = await controllerBroker(c);
      assert.equal(pickVersion(b, 44, 0, 1), 1, 'the broker offers v1');
      const out = [];
      for (const v of [0, 1]) {
        out.push(await sendRawRequest(b, {
          apiKey: 44, apiName: 'IncrementalAlterConfigs', apiVersion: v, flexible: v >= 1,
          body: encodeIncrementalAlterConfigs(v, [{ type: 2, name: topic, configs: [{ name: 'retention.ms', op: 'set', value: `${v + 1}000` }] }], false),
          decode: (body) => decodeIncrementalAlterConfigs(v, body),
        }));
      }
      return out;
    });
    assert.deepEqual(answers.map((a) => a.results.map((r) => [r.errorCode, r.resourceName])), [[[0, topic]], [[0, topic]]]);
    assert.deepEqual(await topicOverrides(cluster, topic), { 'retention.ms': '2000' });
  } finally {
    await admin.deleteTopic(topic);
  }
});

test('a topic that does not exist: describe configs, alter, add partitions and purge each say so', async () => {
  const missing = uniqueTopic('nope');
  await assert.rejects(admin.topicConfigs(missing), /does not exist/);
  const fake: ConfigEditPlan = { topic: missing, rows: [{ key: 'retention.ms', kind: 'add', old: null, oldSource: 'default', new: '1000', newSource: 'topic' }] };
  await assert.rejects(admin.alterTopicConfigs(fake, true), new RegExp(`Topic "${missing}" does not exist on test cluster`));
  await assert.rejects(admin.addPartitions(missing, 3), /does not exist/);
  await assert.rejects(admin.planPurge(missing, { kind: 'end' }), /does not exist/);
});

test('add partitions: 2 → 4 as TopicCommand shows; fewer or equal refused with the current count', async () => {
  const topic = uniqueTopic('parts');
  await admin.createTopic({ name: topic, partitions: 2 });
  try {
    await admin.addPartitions(topic, 4);
    assert.match(await kafkaTopicsDescribe(cluster, topic), /PartitionCount: 4\t/);
    assert.equal((await admin.partitions(topic)).length, 4);
    await assert.rejects(admin.addPartitions(topic, 3), /Kafka cannot remove partitions: the topic has 4, so the new total must be more than 4 \(got 3\)/);
    await assert.rejects(admin.addPartitions(topic, 4), /already has 4 partitions/);
    assert.match(await kafkaTopicsDescribe(cluster, topic), /PartitionCount: 4\t/);
  } finally {
    await admin.deleteTopic(topic);
  }
});

test('purge: p0 before 6, then everything; kcat -o beginning sees exactly what the preview said; beyond the end deletes nothing', async () => {
  const topic = uniqueTopic('purge');
  await admin.createTopic({ name: topic, partitions: 2 });
  try {
    kcatProduce(broker.bootstrap, topic, Array.from({ length: 10 }, (_, i) => `a${i}`), ['-p', '0']);
    kcatProduce(broker.bootstrap, topic, Array.from({ length: 4 }, (_, i) => `b${i}`), ['-p', '1']);
    assert.deepEqual([...kcatPartitionRecords(broker.bootstrap, topic)].sort(), [[0, { first: '0', count: 10 }], [1, { first: '0', count: 4 }]]);

    await assert.rejects(admin.planPurge(topic, spec('0:11')), /Cannot purge beyond the end of topic ".*": partition 0 ends at offset 10, asked 11\..*nothing was deleted/);
    await assert.rejects(admin.planPurge(topic, spec('5')), /partition 1 ends at offset 4, asked 5/);

    const p = await admin.planPurge(topic, spec('0:6'));
    assert.deepEqual(p.rows.map((r) => [r.partition, r.low, r.newLow, r.removed]), [[0, '0', '6', '6']]);
    assert.match(purgePreviewText(p, 'test'), /^0 +0 → 6 +6$/m);
    await admin.applyPurge(p);
    assert.deepEqual([...kcatPartitionRecords(broker.bootstrap, topic)].sort(), [[0, { first: '6', count: 4 }], [1, { first: '0', count: 4 }]]);

    const all = await admin.planPurge(topic, spec('end'));
    assert.deepEqual(all.rows.map((r) => [r.partition, r.low, r.newLow, r.removed]), [[0, '6', '10', '4'], [1, '0', '4', '4']]);
    await admin.applyPurge(all);
    assert.equal(kcatPartitionRecords(broker.bootstrap, topic).size, 0);
    await assert.rejects(admin.planPurge(topic, spec('end')), /Nothing to purge in topic ".*": partition 0 empty, partition 1 empty/);
  } finally {
    await admin.deleteTopic(topic);
  }
});
