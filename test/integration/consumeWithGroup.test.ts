// Start Consumer "as consumer group …" against a real broker, checked by Kafka's own tools and another
// client: our member reads N records through the extension's consumer pipeline and stops; Kafka's
// ConsumerGroupCommand --describe then shows the committed offsets at the log end (lag 0) and the group
// Empty (Stop left it); records produced afterwards go to a kcat (librdkafka) member of the same group, which
// resumes where we committed and reads only those. Bad combinations are refused before anything joins.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { ConsumerStartError } from '../../src/kafka/consume/consumerSession';
import { consumerGroups } from '../harness/kafkaGroupTools';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, collect, createTopic, kcatProduce } from './consumerHelpers';

const run = promisify(execFile);

/** `kafka-consumer-groups.sh --describe --group G` rows of `topic`: partition → [current, end, lag]; and the tool's whole output. */
async function describeGroup(bootstrap: string, group: string, topic: string, extra: string[] = []): Promise<{ rows: Map<number, string[]>; text: string }> {
  const r = await consumerGroups(bootstrap, ['--describe', '--group', group, ...extra]);
  assert.equal(r.code, 0, `kafka-consumer-groups --describe failed: ${r.stderr}`);
  const rows = new Map<number, string[]>();
  for (const line of r.stdout.split('\n')) {
    const f = line.trim().split(/\s+/);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    if (f[0] === group && f[1] === topic) rows.set(Number(f[2]), [f[3], f[4], f[5]]);
  }
  return { rows, text: r.stdout + r.stderr };
}

let broker: BrokerHandle;
let admin: ClusterAdmin;
before(async () => {
  broker = await useBroker();
  admin = new ClusterAdmin(client(broker.bootstrap), 10_000, 'group consumer');
});
after(async () => {
  await admin?.close();
  await broker?.release();
});

test('as a group: reads N records, commits them, leaves; Kafka\'s --describe shows lag 0, and a kcat member of the group reads only what came after', { timeout: 180_000 }, async () => {
  const topic = uniqueTopic('grouped');
  const group = uniqueTopic('replay');
  await createTopic(client(broker.bootstrap), topic, 2);
  kcatProduce(broker.bootstrap, topic, Array.from({ length: 6 }, (_, i) => `a${i}`), ['-p', '0']);
  kcatProduce(broker.bootstrap, topic, Array.from({ length: 4 }, (_, i) => `b${i}`), ['-p', '1']);

  const c = await collect(client(broker.bootstrap), { topic, start: { kind: 'beginning' }, maxRecords: 10, group }, undefined, 30_000);
  const end = await c.session.ended;
  assert.deepEqual(end, { kind: 'limit', count: 10 });
  assert.deepEqual(c.records.map((r) => `${r.partition}@${r.offset}=${r.value?.toString()}`).sort(),
    [...Array.from({ length: 6 }, (_, i) => `0@${i}=a${i}`), ...Array.from({ length: 4 }, (_, i) => `1@${i}=b${i}`)].sort());
  assert.deepEqual(c.session.positions(), { 0: '6', 1: '4' });
  const text = c.text();
  assert.match(text, new RegExp(`^--- Consuming "${topic}" as group "${group}" on test cluster: from the group's committed offsets, from the beginning where it has none, stopping after 10 records; what is shown is committed to the group\\.$`, 'm'));
  assert.match(text, new RegExp(`^--- Joined group "${group}" \\(member [^)]+\\): partitions 0, 1\\.$`, 'm'));

  // Kafka's own tool: committed = log end on both partitions, and no member left behind.
  const d = await describeGroup(broker.bootstrap, group, topic);
  assert.deepEqual(Object.fromEntries(d.rows), { 0: ['6', '6', '0'], 1: ['4', '4', '0'] }, d.text);
  assert.match(d.text, new RegExp(`Consumer group '${group}' has no active members`), d.text);
  const state = await describeGroup(broker.bootstrap, group, topic, ['--state']);
  assert.match(state.text, /\bEmpty\b/, state.text);
  // The tree's figures (Consumer Groups → the group) agree.
  assert.deepEqual((await admin.groupLag(group)).map((l) => [l.partition, l.committed, l.end, l.lag]), [[0, '6', '6', '0'], [1, '4', '4', '0']]);

  // Produced after we stopped: a librdkafka member of the same group resumes at our commits and reads just these.
  kcatProduce(broker.bootstrap, topic, ['late0', 'late1'], ['-p', '0']);
  kcatProduce(broker.bootstrap, topic, ['late2'], ['-p', '1']);
  const { stdout } = await run('kcat', ['-b', broker.bootstrap, '-G', group, '-q', '-e', '-X', 'auto.offset.reset=earliest',
    '-f', '%p@%o=%s\\n', topic], { timeout: 60_000 });
  assert.deepEqual(stdout.trim().split('\n').sort(), ['0@6=late0', '0@7=late1', '1@4=late2']);
});

test('as a group with no limit: Stop leaves the group at once (Empty, not waiting for a session timeout), offsets committed as shown', { timeout: 120_000 }, async () => {
  const topic = uniqueTopic('grouped-stop');
  const group = uniqueTopic('live');
  await createTopic(client(broker.bootstrap), topic, 1);
  kcatProduce(broker.bootstrap, topic, ['x0', 'x1', 'x2']);
  const c = await collect(client(broker.bootstrap), { topic, start: { kind: 'beginning' }, group }, undefined, 30_000);
  await c.waitForRecords(3, 60_000);
  // It keeps reading what arrives while it runs.
  kcatProduce(broker.bootstrap, topic, ['y0', 'y1']);
  await c.waitForRecords(5, 30_000);
  const listed = (await admin.groups()).find((g) => g.groupId === group);
  assert.deepEqual(listed && [listed.state, listed.members], ['Stable', 1]);
  assert.deepEqual(await c.session.stop(), { kind: 'stopped' });
  assert.deepEqual(c.records.map((r) => r.value?.toString()), ['x0', 'x1', 'x2', 'y0', 'y1']);
  const after = (await admin.groups()).find((g) => g.groupId === group);
  assert.deepEqual(after && [after.state, after.members, after.lag], ['Empty', 0, '0']);
  const d = await describeGroup(broker.bootstrap, group, topic);
  assert.deepEqual(Object.fromEntries(d.rows), { 0: ['5', '5', '0'] }, d.text);
});

test('as a group: a start offset, chosen partitions, an empty id or an unknown topic are refused before joining, with the reason', { timeout: 60_000 }, async () => {
  const kafka = client(broker.bootstrap);
  const topic = uniqueTopic('grouped-bad');
  await createTopic(kafka, topic, 2);
  await assert.rejects(collect(kafka, { topic, start: { kind: 'offset', offset: '3' }, group: 'g1' }),
    (e: Error) => e instanceof ConsumerStartError && /as consumer group "g1" the group's committed offsets decide where reading resumes/.test(e.message));
  await assert.rejects(collect(kafka, { topic, start: { kind: 'beginning' }, partitions: [1], group: 'g1' }),
    (e: Error) => e instanceof ConsumerStartError && /the group assigns the partitions/.test(e.message));
  await assert.rejects(collect(kafka, { topic, start: { kind: 'beginning' }, group: ' ' }),
    (e: Error) => e instanceof ConsumerStartError && /enter a consumer group id, e\.g\. my-service \(Kafka refuses an empty group id\)/.test(e.message));
  await assert.rejects(collect(kafka, { topic: `${topic}-missing`, start: { kind: 'beginning' }, group: 'g1' }, undefined, 15_000),
    (e: Error) => e instanceof ConsumerStartError && e.message === `Topic "${topic}-missing" does not exist on test cluster.`);
  assert.equal((await admin.groups()).some((g) => g.groupId === 'g1'), false, 'nothing joined, nothing committed');
});
