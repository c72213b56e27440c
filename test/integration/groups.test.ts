// Consumer groups as the tree shows them, against a group that kcat (librdkafka) really runs: a live
// member makes the group Stable with one member and no lag; once it leaves, the group is Empty and the
// lag per partition is exactly what was produced since its last commit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { groupRow, lagRow } from '../../src/explorer/labels';
import { waitFor } from '../harness/process';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, createTopic, kcatProduce } from './consumerHelpers';

let broker: BrokerHandle;
let admin: ClusterAdmin;
before(async () => {
  broker = await useBroker();
  admin = new ClusterAdmin(client(broker.bootstrap), 10_000, 'groups');
});
after(async () => {
  await admin?.close();
  await broker?.release();
});

test('a kcat group member: Stable with 1 member and no lag; after it leaves, Empty with the exact lag per partition', { timeout: 120_000 }, async () => {
  const topic = uniqueTopic('groups');
  const group = uniqueTopic('notebook');
  await createTopic(client(broker.bootstrap), topic, 2);
  for (const p of [0, 1]) kcatProduce(broker.bootstrap, topic, Array.from({ length: 5 + p }, (_, i) => `p${p}-${i}`), ['-p', String(p)]);

  const member = spawn('kcat', ['-b', broker.bootstrap, '-G', group, '-q', '-X', 'auto.offset.reset=earliest',
    '-X', 'auto.commit.interval.ms=100', topic], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((r) => member.once('exit', () => r()));
  try {
    const live = await waitFor('the group to be Stable with one member', 60_000, async () =>
      (await admin.groups()).find((g) => g.groupId === group && g.state === 'Stable' && g.members === 1));
    // Lag leads the row once the member has committed (it may not have yet).
    assert.match(groupRow(live).description, /^(lag \d+ · )?Stable · classic · 1 member$/);
    const caughtUp = await waitFor('the member to commit the end of both partitions', 30_000, async () => {
      const lag = await admin.groupLag(group);
      return lag.length === 2 && lag.every((l) => l.lag === '0') ? lag : undefined;
    });
    assert.deepEqual(caughtUp.map((l) => [l.partition, l.committed, l.end]), [[0, '5', '5'], [1, '6', '6']]);
  } finally {
    member.kill('SIGTERM');
    await exited;
  }

  const empty = await waitFor('the group to be Empty once the member left', 60_000, async () =>
    (await admin.groups()).find((g) => g.groupId === group && g.state === 'Empty'));
  assert.equal(groupRow(empty).description, 'lag 0 · Empty · classic · 0 members');
  kcatProduce(broker.bootstrap, topic, ['late-0', 'late-1', 'late-2'], ['-p', '0']);
  kcatProduce(broker.bootstrap, topic, ['late-3'], ['-p', '1']);
  const lag = await admin.groupLag(group);
  assert.deepEqual(lag.map((l) => [l.topic, l.partition, l.committed, l.end, l.lag]), [[topic, 0, '5', '8', '3'], [topic, 1, '6', '7', '1']]);
  assert.equal(lagRow(lag[0]).description, 'lag 3 · committed 5 / end 8');
  // The group list carries the same lag, summed, so the group's row shows it without being expanded.
  const listed = (await admin.groups()).find((g) => g.groupId === group);
  assert.deepEqual(listed && [listed.lag, listed.partitions?.map((l) => l.lag)], ['4', ['3', '1']]);
  assert.equal(listed && groupRow(listed).description, 'lag 4 · Empty · classic · 0 members');
});
