// What the tree's rows say, and how the Consumer Groups refresh decides what to redraw: pure functions,
// checked without VS Code. The key figure leads each description (the sidebar cuts the end, not the start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignmentText, brokerRow, groupContext, groupRow, groupTopicRow, lagRow, memberRow, membersRow, mdText, NO_GROUPS_ROW, topicRow } from '../../src/explorer/labels';
import { groupChildren, mergeGroups, mergeGroupTopics, mergeLagRows } from '../../src/explorer/groupMerge';
import { groupsRefreshSeconds } from '../../src/explorer/settings';
import { currentChoice } from '../../src/clusters/clusterInput';
import type { ExplorerNode } from '../../src/explorer/nodes';
import type { GroupSummary } from '../../src/kafka/admin/groups';
import type { GroupDetail, GroupMember } from '../../src/kafka/rules/groupTypes';

const cluster = { id: 'c', name: 'c', bootstrapServers: ['localhost:9092'] };

test('the key figure comes first: controller, consuming, lag', () => {
  assert.equal(brokerRow({ nodeId: 1, host: 'localhost', port: 9092, isController: true }).description, 'controller · localhost:9092');
  assert.equal(brokerRow({ nodeId: 2, host: 'localhost', port: 9093, isController: false }).description, 'localhost:9093');
  assert.equal(topicRow({ name: 't', partitions: 1, internal: false }, true).description, 'consuming · 1 partition');
  assert.equal(topicRow({ name: 't', partitions: 1, internal: false }).description, '1 partition');
  const g: GroupSummary = { groupId: 'app_1', state: 'Empty', members: 0, protocolType: 'consumer', protocol: 'classic', lag: '7',
    partitions: [{ topic: 'orders', partition: 0, committed: '3', end: '10', lag: '7' }] };
  assert.equal(groupRow(g).description, 'lag 7 · Empty · classic · 0 members');
  assert.equal(groupRow({ ...g, lag: undefined, partitions: [] }).description, 'Empty · classic · 0 members');
  // The tooltip holds the rest, as a Markdown table per partition; ids are escaped (app_1 is not italics).
  assert.match(groupRow(g).tooltip, /^\*\*app\\_1\*\* · total lag 7$/m);
  assert.match(groupRow(g).tooltip, /^\| orders \| 0 \| 3 \| 10 \| 7 \|$/m);
  assert.equal(lagRow(g.partitions![0]).label, 'Partition 0');
  assert.equal(lagRow(g.partitions![0]).description, 'lag 7 · committed 3 / end 10');
  assert.equal(lagRow(g.partitions![0], true).description, 'lag 7 · orders');
  assert.equal(mdText('a|b*c'), 'a\\|b\\*c');
  assert.match(NO_GROUPS_ROW.label, /^No consumer groups — Kafka Dev's consumers join one only when asked$/);
  assert.match(NO_GROUPS_ROW.tooltip, /As consumer group…\*\* and it joins that group/);
  assert.match(NO_GROUPS_ROW.tooltip, /without a consumer group/);
});

test('kafkaDev.groups.refreshSeconds: 0 is off, 1…3600 seconds, anything else falls back to 5 with the reason', () => {
  assert.deepEqual(groupsRefreshSeconds(undefined), { seconds: 5 });
  assert.deepEqual(groupsRefreshSeconds(0), { seconds: 0 });
  assert.deepEqual(groupsRefreshSeconds(2.5), { seconds: 2.5 });
  assert.deepEqual(groupsRefreshSeconds(3600), { seconds: 3600 });
  for (const bad of [-1, 0.5, 3601, Number.NaN, '5', true]) {
    const r = groupsRefreshSeconds(bad);
    assert.equal(r.seconds, 5, String(bad));
    assert.match(r.error ?? '', /^kafkaDev\.groups\.refreshSeconds must be 0 \(no automatic refresh\) or a number of seconds from 1 to 3600; got .+\. Using 5 seconds/, String(bad));
  }
});

test('a groups refresh keeps unchanged rows and reports only the changed ones', () => {
  const summary = (id: string, lag: string): GroupSummary => ({ groupId: id, state: 'Empty', members: 0, protocolType: 'consumer', protocol: 'classic', lag,
    partitions: [{ topic: 't', partition: 0, committed: '1', end: String(1 + Number(lag)), lag }] });
  const a: ExplorerNode = { kind: 'group', cluster, group: summary('a', '1') };
  const b: ExplorerNode = { kind: 'group', cluster, group: summary('b', '2') };
  const rows = [a, b];
  assert.deepEqual(mergeGroups(rows, [summary('a', '1'), summary('b', '2')]), { listChanged: false, changed: [] });
  const r = mergeGroups(rows, [summary('a', '1'), summary('b', '5')]);
  assert.equal(r.listChanged, false);
  assert.equal(r.changed.length, 1);
  assert.equal(r.changed[0], b, 'the same node object is updated in place');
  assert.equal(b.kind === 'group' && b.group.lag, '5');
  assert.equal(mergeGroups(rows, [summary('a', '1'), summary('b', '5'), summary('c', '0')]).listChanged, true);
  assert.equal(mergeGroups(rows, [summary('a', '1')]).listChanged, true);
  // The empty state's info row and an empty answer are the same list: no redraw every tick.
  assert.deepEqual(mergeGroups([{ kind: 'noGroups', cluster }], []), { listChanged: false, changed: [] });
  assert.equal(mergeGroups([{ kind: 'noGroups', cluster }], [summary('a', '0')]).listChanged, true);

  const lagNode: ExplorerNode = { kind: 'groupLag', cluster, groupId: 'b', lag: { topic: 't', partition: 0, committed: '1', end: '3', lag: '2' }, showTopic: false };
  assert.deepEqual(mergeLagRows([lagNode], summary('b', '2').partitions!), [], 'same lag: nothing to redraw');
  const changed = mergeLagRows([lagNode], summary('b', '9').partitions!);
  assert.deepEqual(changed, [lagNode]);
  assert.equal(lagNode.kind === 'groupLag' && lagNode.lag.lag, '9');
  assert.equal(mergeLagRows([lagNode], []), undefined, 'partitions gone: reload');
});

test('Add Cluster shows no "Current…" placeholder; Edit Cluster shows the current choice', () => {
  for (const step of ['authentication', 'tls', 'network'] as const) assert.doesNotMatch(currentChoice(step), /Current/i, step);
  const current = { ...cluster, sasl: { mechanism: 'plain' as const, username: 'u' }, ssh: { alias: 'vm' } };
  assert.equal(currentChoice('authentication', current), 'Current: SASL PLAIN');
  assert.equal(currentChoice('tls', current), 'Current: no TLS');
  assert.equal(currentChoice('network', current), 'Current: through SSH vm');
  assert.equal(currentChoice('network', cluster), 'Current: direct');
});

const member = (clientId: string, host: string, assignment: GroupMember['assignment']): GroupMember => ({ memberId: `${clientId}-1a2b`, clientId, host, assignment });
const detail = (over: Partial<GroupDetail> = {}): GroupDetail => ({
  groupId: 'app', state: 'Stable', protocol: 'consumer', protocolType: 'consumer', assignor: 'uniform',
  coordinator: { nodeId: 1, host: 'localhost', port: 9092 },
  members: [member('svc-a', '/127.0.0.1', [{ topic: 'orders', partitions: [0, 1] }, { topic: 'audit', partitions: [2] }])],
  partitions: [
    { topic: 'orders', partition: 1, committed: '5', end: '9', lag: '4' },
    { topic: 'orders', partition: 0, committed: '3', end: '10', lag: '7' },
    { topic: 'audit', partition: 2, committed: '0', end: '1', lag: '1' },
  ],
  lag: '12', ...over,
});

test('a group row: lag, state, protocol, members; the coordinator in the tooltip once described; menus key on its state', () => {
  const g: GroupSummary = { groupId: 'app', state: 'Stable', members: 1, protocolType: 'consumer', protocol: 'consumer', lag: '12', partitions: detail().partitions };
  const row = groupRow(g, detail());
  assert.equal(row.description, 'lag 12 · Stable · consumer · 1 member');
  assert.match(row.tooltip, /^\| Coordinator \| broker 1 \(localhost:9092\) \|$/m);
  assert.match(row.tooltip, /^\| Protocol \| consumer \(KIP-848\) \|$/m);
  assert.match(row.tooltip, /^\| Assignor \| uniform \|$/m);
  assert.match(groupRow(g).tooltip, /^\| Coordinator \| expand or hover the group to look it up \|$/m);
  assert.match(groupRow(g, detail({ note: 'The broker lacks ConsumerGroupDescribe' })).tooltip, /lacks ConsumerGroupDescribe$/);
  assert.equal(groupContext(g), 'group.active');
  assert.equal(groupContext({ ...g, state: 'Empty', members: 0 }), 'group.empty');
  assert.equal(groupContext({ ...g, state: 'Dead', members: 0 }), 'group.dead');
  assert.equal(groupContext({ ...g, state: 'PreparingRebalance', members: 0 }), 'group.active');
});

test('members, a member, a topic under a group: the figure first, the rest in the tooltip', () => {
  const d = detail();
  assert.deepEqual([membersRow(d.members).label, membersRow(d.members).description], ['Members', '1']);
  assert.equal(membersRow([]).description, 'none');
  const m = memberRow(d.members[0]);
  assert.equal(m.label, 'svc-a');
  assert.equal(m.description, '/127.0.0.1 · orders 0,1 · audit 2');
  assert.match(m.tooltip, /^\| Member id \| svc\\-a\\-1a2b \|$/m);
  assert.match(m.tooltip, /^\| Assigned: orders \| 0, 1 \|$/m);
  assert.equal(assignmentText([]), 'no partitions');
  const t = groupTopicRow('orders', d.partitions.filter((l) => l.topic === 'orders'));
  assert.equal(t.label, 'orders');
  assert.equal(t.description, 'lag 11 · 2 partitions');
  assert.match(t.tooltip, /^\| 0 \| 3 \| 10 \| 7 \|$/m);
});

test('an expanded group: Members, then its topics sorted with their partitions in order; a refresh updates lag in place', () => {
  const kids = groupChildren(cluster, detail());
  assert.deepEqual(kids.map((n) => n.kind === 'groupTopic' ? `${n.topic}:${n.partitions.map((l) => l.partition).join(',')}` : n.kind),
    ['groupMembers', 'audit:2', 'orders:0,1']);
  assert.deepEqual(groupChildren(cluster, detail({ partitions: [], note: 'n' })).map((n) => n.kind === 'info' ? n.message : n.kind),
    ['groupMembers', 'No committed offsets', 'n']);
  const s: GroupSummary = { groupId: 'app', state: 'Stable', members: 1, protocolType: 'consumer', protocol: 'consumer', lag: '12', partitions: detail().partitions };
  assert.deepEqual(mergeGroupTopics(kids, s, detail()), [], 'nothing changed');
  const later = { ...s, partitions: s.partitions!.map((l) => l.partition === 0 ? { ...l, end: '15', lag: '12' } : l) };
  const changed = mergeGroupTopics(kids, later, detail());
  assert.equal(changed?.length, 1);
  assert.equal(changed?.[0], kids[2], 'the same node object, updated in place');
  assert.equal(kids[2].kind === 'groupTopic' && kids[2].partitions[0].lag, '12');
  // Members or state changed, or a topic appeared: the group is described again.
  assert.equal(mergeGroupTopics(kids, { ...s, members: 0, state: 'Empty' }, detail()), undefined);
  assert.equal(mergeGroupTopics(kids, { ...s, partitions: [...s.partitions!, { topic: 'new', partition: 0, end: '1', lag: '1' }] }, detail()), undefined);
  // Assigned but not committed (in the description, not in the summary): the row stays.
  assert.deepEqual(mergeGroupTopics(kids, { ...later, partitions: later.partitions.filter((l) => l.topic === 'orders') }, detail()), []);
});
