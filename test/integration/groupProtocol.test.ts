// A group of Kafka 4's `consumer` protocol (KIP-848), run by Kafka's own Java console consumer with
// group.protocol=consumer: DescribeGroups (kafkajs) calls it "Dead · 0 members"; we describe it with
// ConsumerGroupDescribe (API 69) and must show what kafka-consumer-groups.sh --describe shows. On a broker
// without API 69 (Kafka 3.9 unless the new coordinator is enabled) the case skips, and the describe's
// fallback note is asserted instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { brokerApiRange, groupCoordinator } from '../../src/kafka/client/rawRequest';
import { consumerGroupDescribe } from '../../src/kafka/admin/groupDescribe';
import { groupRow } from '../../src/explorer/labels';
import { consumerGroupsDescribeLayout, describeGroupText } from '../../src/kafka/rules/groupText';
import { describeMembers, describeOffsets, resetDryRun, startConsoleConsumer, tableRows } from '../harness/kafkaGroupTools';
import { kafkaVersion } from '../harness/kafka';
import { waitFor } from '../harness/process';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, createTopic } from './consumerHelpers';
import { kafkaPythonConsume, produceStamped } from './groupOpsHelpers';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let hasApi69 = false;
let t69: { minVersion: number; maxVersion: number } | undefined;
before(async () => {
  broker = await useBroker();
  admin = new ClusterAdmin(client(broker.bootstrap), 15_000, 'groupProtocol');
  // Whether the coordinator answers ConsumerGroupDescribe (Kafka 3.9 announces API 69 but refuses it
  // with UNSUPPORTED_VERSION unless the new group coordinator is enabled): the same test describeGroup makes.
  hasApi69 = await admin.runRaw('ConsumerGroupDescribe probe', async (c) => (await consumerGroupDescribe(c, ['probe'])) !== 'unsupported');
  t69 = await admin.runRaw('ApiVersions', async (c) => brokerApiRange(await groupCoordinator(c, 'probe'), 69));
});
after(async () => {
  await admin?.close();
  await broker?.release();
});

test('a consumer-protocol group (Java console consumer, group.protocol=consumer): listed Stable with 1 member, described as --describe, reset refused naming it, then reset after it stops', { timeout: 300_000 }, async (t) => {
  if (!hasApi69) {
    t.skip(`Kafka ${kafkaVersion()} here does not serve ConsumerGroupDescribe (API 69 ${t69 ? `announced v${t69.minVersion}-${t69.maxVersion} but refused with UNSUPPORTED_VERSION` : 'not announced'}), so it runs no consumer-protocol groups; the fallback note is asserted in the next test`);
    return;
  }
  const topic = uniqueTopic('gproto');
  const group = uniqueTopic('gproto-java');
  const kafka = client(broker.bootstrap);
  await createTopic(kafka, topic, 2);
  await produceStamped(kafka, topic, 2, 6, Date.now() - 60_000);
  const consumer = await startConsoleConsumer(broker.bootstrap, topic, group, 'consumer', 'java-848');
  try {
    const listed = await waitFor('the group to be listed Stable with 1 member', 90_000, async () =>
      (await admin.groups()).find((g) => g.groupId === group && g.state === 'Stable' && g.members === 1));
    assert.equal(listed.protocol, 'consumer');
    assert.match(groupRow(listed).description, /Stable · consumer · 1 member$/);
    await waitFor('the member to commit both partitions to the end', 60_000, async () => {
      const lag = await admin.groupLag(group);
      return lag.length === 2 && lag.every((l) => l.lag === '0');
    });
    const d = await admin.describeGroup(group);
    assert.equal(d.protocol, 'consumer');
    assert.equal(d.state, 'Stable');
    assert.equal(d.assignor, 'uniform');
    assert.equal(d.note, undefined);
    assert.deepEqual(d.members.map((m) => [m.clientId, m.assignment]), [['java-848', [{ topic, partitions: [0, 1] }]]]);
    const k = await describeMembers(broker.bootstrap, group);
    assert.deepEqual(k.members.map((m) => [m.consumerId, m.host, m.clientId, m.partitions, m.assignment]),
      [[d.members[0].memberId, d.members[0].host, 'java-848', '2', `${topic}:0,1`]], k.run.stdout);
    const offsets = await describeOffsets(broker.bootstrap, group);
    assert.deepEqual(tableRows(consumerGroupsDescribeLayout(d), 'GROUP ').sort(), tableRows(offsets.run.stdout, 'GROUP ').sort());
    assert.match(describeGroupText(d, 'local'), /Protocol: {7}consumer \(KIP-848\)/);

    const who = `java-848 @ ${d.members[0].host}`;
    await assert.rejects(admin.planOffsetReset({ groupId: group }, { kind: 'earliest' }), (e: Error) => e.message.includes(`1 active member: ${who}`));
    await assert.rejects(admin.deleteGroup(group), (e: Error) => e.message.includes(who));
  } finally {
    await consumer.stop('SIGTERM', 15_000);
  }
  await waitFor('the group to be Empty once the console consumer stopped', 90_000, async () => (await admin.describeGroup(group)).state === 'Empty');
  const listed = (await admin.groups()).find((g) => g.groupId === group);
  assert.deepEqual(listed && [listed.state, listed.members, listed.protocol], ['Empty', 0, 'consumer']);
  const plan = await admin.planOffsetReset({ groupId: group, topic }, { kind: 'shift', by: '-4' });
  const dry = await resetDryRun(broker.bootstrap, group, ['--topic', topic], ['--shift-by=-4']);
  assert.deepEqual(plan.rows.map((r) => `${r.topic} ${r.partition} ${r.target}`).sort(), dry.rows);
  await admin.applyOffsetReset(plan);
  const after = await describeOffsets(broker.bootstrap, group);
  assert.deepEqual([0, 1].map((p) => after.rows.get(`${topic} ${p}`)?.current), ['2', '2']);
});

test('fallback where the broker lacks ConsumerGroupDescribe: a classic group is described with a plain note', { timeout: 120_000 }, async (t) => {
  const topic = uniqueTopic('gfall');
  const group = uniqueTopic('gfall-py');
  const kafka = client(broker.bootstrap);
  await createTopic(kafka, topic, 1);
  await produceStamped(kafka, topic, 1, 3, Date.now() - 60_000);
  assert.equal(await kafkaPythonConsume(broker.bootstrap, group, topic, 3), '3');
  const d = await waitFor('the group to be Empty', 60_000, async () => {
    const x = await admin.describeGroup(group);
    return x.state === 'Empty' && x.partitions.length ? x : undefined;
  });
  assert.equal(d.protocol, 'classic');
  assert.deepEqual(d.partitions.map((l) => [l.committed, l.end, l.lag]), [['3', '3', '0']]);
  if (hasApi69) {
    assert.equal(d.note, undefined);
    t.diagnostic(`Kafka ${kafkaVersion()} offers API 69: no fallback note`);
  } else {
    assert.match(d.note ?? '', /does not support ConsumerGroupDescribe \(API 69.*described with ListGroups, DescribeGroups and OffsetFetch/);
    assert.match(describeGroupText(d, 'local'), /Note: .*does not support ConsumerGroupDescribe/);
  }
});
