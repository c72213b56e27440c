// The group document, the Copy in kafka-consumer-groups.sh --describe layout (Kafka's column widths and
// "-" for what is missing), the reset preview and what --dry-run prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupDetail, ResetPlan } from '../../src/kafka/rules/groupTypes';
import { consumerGroupsDescribeLayout, describeGroupText, dryRunLayout, resetPreviewText } from '../../src/kafka/rules/groupText';

const detail: GroupDetail = {
  groupId: 'orders-app', state: 'Stable', protocol: 'consumer', protocolType: 'consumer', assignor: 'uniform',
  coordinator: { nodeId: 1, host: '127.0.0.1', port: 9092 },
  members: [{ memberId: 'm-1', clientId: 'java-848', host: '/127.0.0.1', assignment: [{ topic: 'orders', partitions: [0, 1] }] }],
  partitions: [
    { topic: 'orders', partition: 0, committed: '5', end: '8', lag: '3' },
    { topic: 'orders', partition: 1, end: '4', lag: '4' },
    { topic: 'returns', partition: 0, committed: '2', end: '2', lag: '0' },
  ],
  lag: '3',
};

test('--describe layout: members first (by partition), then committed unassigned partitions; "-" where missing; Kafka widths', () => {
  const g = 'orders-app     '; // 15 wide, as Kafka's minimum
  assert.equal(consumerGroupsDescribeLayout(detail), [
    '',
    'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID',
    `${g} orders          0          5               8               3               m-1             /127.0.0.1      java-848`,
    `${g} orders          1          -               4               -               m-1             /127.0.0.1      java-848`,
    `${g} returns         0          2               2               0               -               -               -`,
    '',
  ].join('\n'));
});

test('describe document: state, protocol, coordinator, members with assignment, partition table, total lag, note', () => {
  const text = describeGroupText({ ...detail, note: 'a plain note' }, 'local');
  assert.match(text, /^Consumer group: orders-app\nCluster: {8}local\nState: {10}Stable\nProtocol: {7}consumer \(KIP-848\) · protocol type consumer\nAssignor: {7}uniform\nCoordinator: {4}127\.0\.0\.1:9092 \(id: 1\)\nTotal lag: {6}3\n/);
  assert.match(text, /\nNote: a plain note\n/);
  assert.match(text, /\n {2}java-848 @ \/127\.0\.0\.1\n {4}member id: m-1\n {4}assigned: {2}orders: 0,1\n/);
  assert.match(text, /\n {2}TOPIC {4}PARTITION {2}COMMITTED {2}END {2}LAG {2}MEMBER\n {2}orders {3}0 {10}5 {10}8 {4}3 {4}java-848 @ \/127\.0\.0\.1\n {2}orders {3}1 {10}- {10}4 {4}- {4}java-848 @ \/127\.0\.0\.1\n {2}returns {2}0 {10}2 {10}2 {4}0 {4}-\n$/);
  assert.match(describeGroupText({ ...detail, members: [], partitions: [], lag: undefined }, 'c'), /Total lag: {6}none \(nothing committed\)[\s\S]*Members \(0\)\n {2}none\n\nPartitions \(0\)\n {2}none committed or assigned\n$/);
});

const plan: ResetPlan = {
  scope: { groupId: 'orders-app', topic: 'orders', partitions: [0, 1] },
  kind: { kind: 'offset', offset: '1000' },
  rows: [
    { topic: 'orders', partition: 0, current: '5', target: '8', end: '8', lagBefore: '3', lagAfter: '0', note: 'Offset 1000 is beyond the end of the partition (8): set to the end, as Kafka does.' },
    { topic: 'orders', partition: 1, target: '4', end: '4', lagBefore: '-', lagAfter: '0' },
  ],
};

test('reset preview: what, where, the table with lag before → after, notes under it', () => {
  assert.equal(resetPreviewText(plan, 'local'), [
    'Reset offsets of group orders-app on local: to offset 1000, topic orders partitions 0,1',
    '2 partitions; nothing is changed until you Apply (one OffsetCommit for all of them).',
    '',
    'TOPIC   PARTITION  CURRENT  NEW  END  LAG-BEFORE → LAG-AFTER',
    'orders  0          5        8    8    3 → 0',
    'orders  1          -        4    4    - → 0',
    '',
    'Notes:',
    '  orders partition 0: Offset 1000 is beyond the end of the partition (8): set to the end, as',
    '    Kafka does.',
    '',
  ].join('\n'));
  assert.match(resetPreviewText({ ...plan, scope: { groupId: 'g' }, rows: [] }, 'c'), /every topic the group committed\n0 partitions;[\s\S]*Nothing to reset/);
});

test('--dry-run layout: Kafka\'s printOffsetsToReset columns (30, 30, 10, 15)', () => {
  assert.equal(dryRunLayout(plan), [
    '',
    `${'GROUP'.padEnd(30)} ${'TOPIC'.padEnd(30)} ${'PARTITION'.padEnd(10)} ${'NEW-OFFSET'.padEnd(15)}`,
    `${'orders-app'.padEnd(30)} ${'orders'.padEnd(30)} ${'0'.padEnd(10)} ${'8'.padEnd(15)}`,
    `${'orders-app'.padEnd(30)} ${'orders'.padEnd(30)} ${'1'.padEnd(10)} ${'4'.padEnd(15)}`,
    '',
  ].join('\n'));
  assert.equal(dryRunLayout({ ...plan, rows: [] }), '\n');
});
