// The consume path's pure rules (src/kafka/consume/fetchPlan.ts, availability.ts): partitions grouped
// by leader and rotated, leaderless ones named with why, and the status lines of an outage of some
// partitions (named, the others go on) versus all of them (the connection is lost).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFetches, rotate } from '../../src/kafka/consume/fetchPlan';
import { Availability } from '../../src/kafka/consume/availability';

test('rotate turns the list by the round, each element first in turn', () => {
  assert.deepEqual(rotate([0, 1, 2], 0), [0, 1, 2]);
  assert.deepEqual(rotate([0, 1, 2], 1), [1, 2, 0]);
  assert.deepEqual(rotate([0, 1, 2], 5), [2, 0, 1]);
  assert.deepEqual(rotate([7], 3), [7]);
  assert.deepEqual(new Set([0, 1, 2].map((r) => rotate([0, 1, 2], r)[0])), new Set([0, 1, 2]));
});

test('planFetches groups by leader, rotated, and names leaderless partitions with their replicas', () => {
  const meta = [
    { partitionId: 0, leader: 1, partitionErrorCode: 0 },
    { partitionId: 1, leader: 2, partitionErrorCode: 0 },
    { partitionId: 2, leader: -1, partitionErrorCode: 5, replicas: [3] },
    { partitionId: 3, leader: 1, partitionErrorCode: 0 },
    { partitionId: 4, leader: -1, partitionErrorCode: 5, replicas: [2, 3] },
  ];
  const plan = planFetches(meta, [0, 1, 2, 3, 4, 5], 1);
  assert.deepEqual([...plan.byLeader], [[1, [3, 0]], [2, [1]]]);
  assert.deepEqual(plan.leaderless, [
    { partition: 2, reason: 'no leader: its replica is on broker 3, not available now' },
    { partition: 4, reason: 'no leader: its replicas are on brokers 2, 3, not available now' },
    { partition: 5, reason: 'the cluster does not list it in its metadata right now' },
  ]);
});

function tracker(partitions: number[]): { a: Availability; lines: string[]; clock: { t: number } } {
  const lines: string[] = [];
  const clock = { t: 1_000 };
  const pos = new Map(partitions.map((p) => [p, 10 * p]));
  const a = new Availability({
    partitions, target: 'c1', note: (l) => lines.push(l), now: () => clock.t,
    positions: (ps) => (ps ?? partitions).map((p) => `p${p}@${pos.get(p)}`).join(', '),
  });
  return { a, lines, clock };
}

test('some partitions out: named once with the reason, a reminder later, and a line when they resume', () => {
  const { a, lines, clock } = tracker([0, 1, 2, 3]);
  a.markDown([1, 3], 'leader broker 2 not reachable: connection refused');
  a.markDown([1, 3], 'no leader: its replica is on broker 2, not available now');
  assert.deepEqual(lines, ['Partitions 1, 3 unavailable (leader broker 2 not reachable: connection refused); showing the other partitions and waiting for these…']);
  assert.equal(a.tick(), 0);
  clock.t += 31_000;
  a.tick();
  assert.equal(lines[1], 'Partitions 1, 3 still unavailable after 31 s (leader broker 2 not reachable: connection refused); waiting…');
  clock.t += 1_500;
  a.markUp([0, 1, 3]);
  assert.equal(lines[2], 'Partitions 1, 3 available again after 32.5 s; resuming at p1@10, p3@30.');
  assert.equal(a.anyDown, false);
});

test('every partition out: the connection is lost, reconnected, and those still out are named', () => {
  const { a, lines, clock } = tracker([0, 1]);
  a.markDown([0], 'leader broker 1 not reachable: connection refused');
  a.markDown([1], 'leader broker 2 not reachable: connection refused');
  assert.equal(lines[1], 'Connection to c1 lost (leader broker 2 not reachable: connection refused); reconnecting…');
  clock.t += 16_000;
  assert.equal(a.tick(), 16_000);
  assert.equal(lines[2], 'Still reconnecting to c1 (16 s)…');
  a.markUp([0]);
  assert.deepEqual(lines.slice(3), [
    'Reconnected after 16.0 s; resuming at p0@0, p1@10.',
    'Partition 1 still unavailable (leader broker 2 not reachable: connection refused); showing the other partitions and waiting for it…',
  ]);
  a.markUp([1]);
  assert.equal(lines[5], 'Partition 1 available again after 16.0 s; resuming at p1@10.');
});

test('a leader that goes silent is said to be not answering, not lost', () => {
  const { a, lines } = tracker([0]);
  a.markDown([0], 'leader broker 1 has not answered for 6 s', true);
  assert.deepEqual(lines, ['No answer from c1 (leader broker 1 has not answered for 6 s); waiting…']);
});
