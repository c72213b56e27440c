// Consumer-group operations on classic groups (kcat, kafka-python) with Kafka's own
// kafka-consumer-groups.sh as the oracle: our reset plan equals its --dry-run for each kind and scope,
// after Apply its --describe shows the same offsets and a kcat member resumes from them, lag equals its
// LAG, and every bad input gets its own message with nothing applied.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import type { ResetKind, ResetPlan, ResetScope } from '../../src/kafka/rules/groupTypes';
import { consumerGroupsDescribeLayout, dryRunLayout, resetPreviewText } from '../../src/kafka/rules/groupText';
import { consumerGroups, describeMembers, describeOffsets, resetDryRun, tableRows } from '../harness/kafkaGroupTools';
import { waitFor } from '../harness/process';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, createTopic } from './consumerHelpers';
import { kafkaPythonConsume, kcatMember, produceStamped, waitForMember } from './groupOpsHelpers';

let broker: BrokerHandle;
let admin: ClusterAdmin;
before(async () => {
  broker = await useBroker();
  admin = new ClusterAdmin(client(broker.bootstrap), 15_000, 'groupOps');
});
after(async () => {
  await admin?.close();
  await broker?.release();
});

const kindArgs = (k: ResetKind): string[] => {
  switch (k.kind) {
    case 'earliest': return ['--to-earliest'];
    case 'latest': return ['--to-latest'];
    case 'timestamp': return [`--to-datetime=${new Date(k.ms).toISOString()}`];
    case 'offset': return [`--to-offset=${k.offset}`];
    case 'shift': return [`--shift-by=${k.by}`];
  }
};
const scopeArgs = (s: ResetScope): string[] => (!s.topic ? ['--all-topics'] : ['--topic', s.partitions ? `${s.topic}:${s.partitions.join(',')}` : s.topic]);
const ourRows = (plan: ResetPlan): string[] => tableRows(dryRunLayout(plan), 'GROUP ').map((r) => `${r[1]} ${r[2]} ${r[3]}`).sort();

/** Our plan and Kafka's --dry-run for the same group, scope and kind; returns our plan. */
async function sameAsKafka(scope: ResetScope, kind: ResetKind): Promise<ResetPlan> {
  const plan = await admin.planOffsetReset(scope, kind);
  const kafka = await resetDryRun(broker.bootstrap, scope.groupId, scopeArgs(scope), kindArgs(kind));
  assert.deepEqual(ourRows(plan), kafka.rows, `${JSON.stringify(kind)} on ${JSON.stringify(scope)}: ours vs --dry-run\n${kafka.run.stdout}${kafka.run.stderr}`);
  assert.ok(kafka.rows.length > 0, 'Kafka planned something');
  return plan;
}

test('classic kcat group: describe and lag as --describe; every reset kind and scope as --dry-run; apply resumes a kcat member there', { timeout: 600_000 }, async () => {
  const topic = uniqueTopic('gops');
  const group = uniqueTopic('gops-kcat');
  const kafka = client(broker.bootstrap);
  await createTopic(kafka, topic, 3);
  const base = Date.now() - 600_000;
  await produceStamped(kafka, topic, 3, 10, base);

  const member = kcatMember(broker.bootstrap, group, topic, 'kcat-ops');
  try {
    await waitForMember(member.lines, [0, 1, 2], 'the kcat member to read all three partitions');
    await waitFor('the member to commit the end of every partition', 60_000, async () => {
      const lag = await admin.groupLag(group);
      return lag.length === 3 && lag.every((l) => l.lag === '0');
    });
    const d = await waitFor('the group to be Stable with one member', 60_000, async () => {
      const x = await admin.describeGroup(group);
      return x.state === 'Stable' && x.members.length === 1 ? x : undefined;
    });
    assert.equal(d.protocol, 'classic');
    assert.equal(d.members[0].clientId, 'kcat-ops');
    assert.deepEqual(d.members[0].assignment, [{ topic, partitions: [0, 1, 2] }]);
    const kafkaMembers = await describeMembers(broker.bootstrap, group);
    // (Kafka 3.9.1 leaves the topic name out of the assignment: ":0,1,2"; 4.x prints "topic:0,1,2".)
    assert.deepEqual(kafkaMembers.members.map((m) => [m.consumerId, m.host, m.clientId, m.partitions, m.assignment.replace(/^:/, `${topic}:`)]),
      [[d.members[0].memberId, d.members[0].host, 'kcat-ops', '3', `${topic}:0,1,2`]], kafkaMembers.run.stdout);
    // The --describe layout (Copy) row by row, as Kafka prints it for a live member.
    const kafkaDescribe = await consumerGroups(broker.bootstrap, ['--group', group, '--describe']);
    assert.deepEqual(tableRows(consumerGroupsDescribeLayout(d), 'GROUP ').sort(), tableRows(kafkaDescribe.stdout, 'GROUP ').sort());

    // Refused while the member runs, naming it; Kafka refuses too; nothing changes.
    await assert.rejects(admin.planOffsetReset({ groupId: group }, { kind: 'earliest' }),
      (e: Error) => /is Stable with 1 active member: kcat-ops @ \S+/.test(e.message) && /stop its consumers/.test(e.message));
    const refused = await resetDryRun(broker.bootstrap, group, ['--all-topics'], ['--to-earliest']);
    assert.match(refused.run.stdout + refused.run.stderr, /can only be reset if the group .* is inactive/);
    await assert.rejects(admin.deleteGroup(group), /is Stable with 1 active member: kcat-ops @/);
  } finally {
    await member.stop();
  }
  await waitFor('the group to be Empty once kcat left', 60_000, async () => (await admin.describeGroup(group)).state === 'Empty');
  await produceStamped(kafka, topic, 1, 4, base + 20_000); // p0: 4 more records, lag 4

  // Lag as --describe's LAG, and the Copy layout as --describe prints it for an Empty group.
  const d = await admin.describeGroup(group);
  const described = await describeOffsets(broker.bootstrap, group);
  assert.deepEqual(d.partitions.map((l) => [`${l.topic} ${l.partition}`, l.committed, l.end, l.lag]),
    [...described.rows].sort().map(([k, r]) => [k, r.current, r.end, r.lag]));
  assert.equal(d.lag, '4');
  assert.deepEqual(tableRows(consumerGroupsDescribeLayout(d), 'GROUP ').sort(), tableRows(described.run.stdout, 'GROUP ').sort());

  // Every kind over every topic the group committed, and two kinds over a topic and over chosen partitions.
  const all: ResetScope = { groupId: group };
  await sameAsKafka(all, { kind: 'earliest' });
  await sameAsKafka(all, { kind: 'latest' });
  const mid = await sameAsKafka(all, { kind: 'timestamp', ms: base + 4_500 });
  assert.deepEqual(mid.rows.map((r) => r.target), ['5', '5', '5']);
  const before0 = await sameAsKafka(all, { kind: 'timestamp', ms: base - 3_600_000 });
  assert.deepEqual(before0.rows.map((r) => r.target), ['0', '0', '0']);
  assert.match(before0.rows[0].note ?? '', /Every record still in the partition is at or after .*: set to the earliest offset \(0\)/);
  const future = await sameAsKafka(all, { kind: 'timestamp', ms: Date.now() + 3_600_000 });
  assert.deepEqual(future.rows.map((r) => r.target), ['14', '10', '10']);
  assert.match(future.rows[0].note ?? '', /No record at or after .*: set to the end of the partition \(14\), as Kafka does/);
  await sameAsKafka(all, { kind: 'offset', offset: '3' });
  const beyond = await sameAsKafka(all, { kind: 'offset', offset: '1000' });
  assert.deepEqual(beyond.rows.map((r) => r.target), ['14', '10', '10']);
  assert.match(beyond.rows[1].note ?? '', /Offset 1000 is beyond the end of the partition \(10\): set to the end, as Kafka does/);
  await sameAsKafka(all, { kind: 'shift', by: '-2' });
  const below = await sameAsKafka(all, { kind: 'shift', by: '-100' });
  assert.deepEqual(below.rows.map((r) => r.target), ['0', '0', '0']);
  assert.match(below.rows[0].note ?? '', /10 − 100 = -90 is below the earliest offset \(0\): set to the earliest, as Kafka does/);
  await sameAsKafka(all, { kind: 'shift', by: '+100' });
  for (const scope of [{ groupId: group, topic }, { groupId: group, topic, partitions: [0, 2] }]) {
    await sameAsKafka(scope, { kind: 'earliest' });
    await sameAsKafka(scope, { kind: 'shift', by: '-3' });
  }

  // Apply shift -3 on partitions 0 and 2: --describe shows the new offsets; a kcat member resumes there.
  const plan = await sameAsKafka({ groupId: group, topic, partitions: [0, 2] }, { kind: 'shift', by: '-3' });
  assert.deepEqual(plan.rows.map((r) => [r.partition, r.current, r.target, r.lagBefore, r.lagAfter]), [[0, '10', '7', '4', '7'], [2, '10', '7', '0', '3']]);
  assert.match(resetPreviewText(plan, 'local'), /^Reset offsets of group .* on local: shift by -3, topic .* partitions 0,2\n2 partitions;/);
  await admin.applyOffsetReset(plan);
  const after = await describeOffsets(broker.bootstrap, group);
  assert.deepEqual([0, 1, 2].map((p) => after.rows.get(`${topic} ${p}`)?.current), ['7', '10', '7']);
  const resumed = kcatMember(broker.bootstrap, group, topic, 'kcat-resume');
  try {
    const first = await waitForMember(resumed.lines, [0, 2], 'the resumed kcat member to read partitions 0 and 2');
    assert.equal(first.get(0), '7');
    assert.equal(first.get(2), '7');
    assert.equal(first.has(1), false, 'nothing new on partition 1: it resumes at its end');
  } finally {
    await resumed.stop();
  }
});

test('bad input: each a specific message, nothing applied', { timeout: 300_000 }, async () => {
  const topic = uniqueTopic('gbad');
  const group = uniqueTopic('gbad-py');
  const kafka = client(broker.bootstrap);
  await createTopic(kafka, topic, 2);
  await produceStamped(kafka, topic, 2, 5, Date.now() - 60_000);
  // kafka-python (a classic member) reads 6 of the 10 records, commits and leaves.
  assert.equal(await kafkaPythonConsume(broker.bootstrap, group, topic, 6), '6');
  const d = await waitFor('the kafka-python group to be Empty', 60_000, async () => {
    const x = await admin.describeGroup(group);
    return x.state === 'Empty' && x.partitions.length ? x : undefined;
  });
  const kafkaBefore = await describeOffsets(broker.bootstrap, group);
  assert.deepEqual(d.partitions.map((l) => [`${l.topic} ${l.partition}`, l.committed, l.end, l.lag]),
    [...kafkaBefore.rows].sort().map(([k, r]) => [k, r.current, r.end, r.lag]));
  await sameAsKafka({ groupId: group }, { kind: 'latest' });
  await sameAsKafka({ groupId: group, topic }, { kind: 'offset', offset: '2' });

  const missing = uniqueTopic('no-such-group');
  await assert.rejects(admin.describeGroup(missing), new RegExp(`Consumer group "${missing}" does not exist on groupOps`));
  await assert.rejects(admin.planOffsetReset({ groupId: missing }, { kind: 'earliest' }), /does not exist .* Kafka Dev resets existing groups only/);
  await assert.rejects(admin.deleteGroup(missing), /does not exist/);
  await assert.rejects(admin.planOffsetReset({ groupId: group, topic, partitions: [7] }, { kind: 'earliest' }), /has partitions 0–1; there is no partition 7/);
  await assert.rejects(admin.planOffsetReset({ groupId: group, topic: uniqueTopic('no-topic') }, { kind: 'earliest' }), /Topic "no-topic-.*" does not exist/);
  await assert.rejects(admin.deleteGroupOffsets(group, uniqueTopic('never')), /has no committed offsets for topic/);

  // A partition the group never committed cannot be shifted: Kafka refuses the same way.
  const other = uniqueTopic('gbad-other');
  await createTopic(kafka, other, 1);
  await assert.rejects(admin.planOffsetReset({ groupId: group, topic: other }, { kind: 'shift', by: '-1' }), /Cannot shift .* partition 0: group .* has no committed offset there/);
  const k = await resetDryRun(broker.bootstrap, group, ['--topic', other], ['--shift-by=-1']);
  assert.match(k.run.stdout + k.run.stderr, /Cannot shift offset for partition .* since there is no current committed offset/);

  const unchanged = await describeOffsets(broker.bootstrap, group);
  assert.deepEqual([...unchanged.rows], [...kafkaBefore.rows], 'nothing was applied');

  // Delete the topic's committed offsets (OffsetDelete), then the Empty group; Kafka sees both.
  await admin.deleteGroupOffsets(group, topic);
  const gone = await describeOffsets(broker.bootstrap, group);
  assert.equal(gone.rows.size, 0, gone.run.stdout + gone.run.stderr);
  if ((await admin.groups()).some((g) => g.groupId === group)) {
    // Kafka 4 keeps the group (Empty, nothing committed): a reset over its committed topics has nothing to do, and says so.
    const nothing = await admin.planOffsetReset({ groupId: group }, { kind: 'earliest' });
    assert.equal(nothing.rows.length, 0);
    assert.match(resetPreviewText(nothing, 'local'), /Nothing to reset: the group has committed no offsets in this scope/);
    await assert.rejects(admin.applyOffsetReset(nothing), /has no partitions: nothing to apply/);
  } else {
    // Kafka 3.9's coordinator drops an Empty group whose last offsets are deleted: it no longer exists.
    await assert.rejects(admin.planOffsetReset({ groupId: group }, { kind: 'earliest' }), /does not exist .* Kafka Dev resets existing groups only/);
    await assert.rejects(admin.deleteGroup(group), /does not exist/);
    return;
  }
  await admin.deleteGroup(group);
  const deleted = await consumerGroups(broker.bootstrap, ['--group', group, '--describe']);
  assert.match(deleted.stdout + deleted.stderr, /does not exist|GroupIdNotFoundException/);
  assert.equal((await admin.groups()).some((g) => g.groupId === group), false);
});
