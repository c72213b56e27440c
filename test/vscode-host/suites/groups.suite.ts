// Consumer groups inside a real extension host (code-server) against the real broker: a group made by
// kcat (-G, 14 records read and committed, then stopped: Empty; 5 more arrive) is shown in the tree (lag, state,
// protocol, members; Members and per-topic nodes with their partitions); Reset Offsets previews and
// applies through its request form (read back with the ClusterAdmin of a separate connection and with
// kcat resuming from the new offsets), refuses while kcat is a member and names it; Describe Group's
// document and Copy; Delete Committed Offsets and Delete Group; a group of Kafka 4's consumer protocol
// (the Java console consumer) shown with its member as kafka-consumer-groups.sh lists it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import type { ResetResult } from '../../../src/groups/resetFlow';
import { ClusterAdmin } from '../../../src/kafka/admin/admin';
import { createKafkaClient } from '../../../src/kafka/client/client';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { describeMembers, startConsoleConsumer } from '../../harness/kafkaGroupTools';
import { kcatProduce } from '../../harness/kcat';
import { spawnGuarded, waitFor } from '../../harness/process';
import { activate, addCluster, removeCluster } from '../extensionApi';

suite('consumer groups: tree, reset offsets, describe, delete (extension host)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const stamp = Date.now().toString(36);
  const topic = `ext-groups-${stamp}`;
  const group = `ext-grp-${stamp}`;
  const busy = `ext-grp-busy-${stamp}`;
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  /** An admin of its own (not the extension's connection): what the broker says, read independently. */
  let oracle: ClusterAdmin;

  const committed = async (g: string): Promise<Map<string, string | undefined>> =>
    new Map((await oracle.groupLag(g)).map((l) => [`${l.topic}:${l.partition}`, l.committed]));

  /** kcat reads `count` records as a member of `g` and commits them when it exits (it leaves the group: Empty). */
  const kcatGroupRead = (g: string, count: number): string =>
    execFileSync('kcat', ['-b', bootstrap, '-G', g, '-c', String(count), '-q', '-f', '%p@%o\\n', '-X', 'auto.offset.reset=earliest', topic],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();

  async function groupNode(id = group): Promise<Extract<ExplorerNode, { kind: 'group' }>> {
    const roots = await api.explorer.getChildren();
    const c = roots.find((n) => n.kind === 'cluster' && n.cluster.id === cluster.id);
    assert.ok(c);
    const groupsNode = (await api.explorer.getChildren(c)).find((n) => n.kind === 'groups');
    assert.ok(groupsNode);
    const groups = await api.explorer.getChildren(groupsNode);
    const g = groups.find((n): n is Extract<ExplorerNode, { kind: 'group' }> => n.kind === 'group' && n.group.groupId === id);
    assert.ok(g, `group ${id} not in the tree: ${JSON.stringify(groups.map((n) => n.kind === 'group' ? n.group.groupId : n.kind))}`);
    return g;
  }

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: `groups-suite-${process.pid}`, bootstrapServers: bootstrap.split(',') });
    const kafka = createKafkaClient({ id: 'oracle', name: 'oracle', bootstrapServers: bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
    oracle = new ClusterAdmin(kafka, 15_000, bootstrap);
    await oracle.createTopic({ name: topic, partitions: 2 });
    kcatProduce(bootstrap, topic, Array.from({ length: 10 }, (_, i) => `a${i}`), ['-p', '0']);
    kcatProduce(bootstrap, topic, Array.from({ length: 4 }, (_, i) => `b${i}`), ['-p', '1']);
    // kcat reads all 14 (both partitions committed), then 3 + 2 more arrive: lag 3 and 2, ends 13 and 6.
    kcatGroupRead(group, 14);
    await waitFor('kcat\'s commits', 30_000, async () => (await oracle.groupLag(group)).length === 2);
    kcatProduce(bootstrap, topic, ['c0', 'c1', 'c2'], ['-p', '0']);
    kcatProduce(bootstrap, topic, ['d0', 'd1'], ['-p', '1']);
  });

  suiteTeardown(async () => {
    await oracle?.run('delete leftovers', (a) => a.deleteGroups([group, busy])).catch(() => undefined);
    await oracle?.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await oracle?.close();
    if (cluster) await removeCluster(api, cluster.id);
  });

  test('the tree: lag · Empty · classic · 0 members; Members, the topic with its lag, its partitions committed / end / lag', async () => {
    const lag = await oracle.groupLag(group);
    assert.deepEqual(lag.map((l) => `${l.partition}:${l.committed}/${l.end}/${l.lag}`), ['0:10/13/3', '1:4/6/2']);
    const total = 5;
    const g = await groupNode();
    const item = api.explorer.getTreeItem(g);
    assert.equal(item.description, `lag ${total} · Empty · classic · 0 members`);
    assert.equal(item.contextValue, 'group.empty');
    const kids = await api.explorer.getChildren(g);
    assert.deepEqual(kids.map((n) => n.kind), ['groupMembers', 'groupTopic']);
    const members = api.explorer.getTreeItem(kids[0]);
    assert.deepEqual([members.label, members.description, members.contextValue], ['Members', 'none', 'groupMembers']);
    const t = api.explorer.getTreeItem(kids[1]);
    assert.deepEqual([t.label, t.description, t.contextValue], [topic, `lag ${total} · ${lag.length} partition${lag.length === 1 ? '' : 's'}`, 'groupTopic']);
    const rows = await api.explorer.getChildren(kids[1]);
    assert.deepEqual(rows.map((r) => api.explorer.getTreeItem(r).description),
      lag.map((l) => `lag ${l.lag} · committed ${l.committed ?? 'none'} / end ${l.end}`));
    assert.ok(rows.every((r) => api.explorer.getTreeItem(r).contextValue === 'groupLag'));
    // Described on expand: the group's tooltip names its coordinator (one broker here).
    const tip = api.explorer.getTreeItem(g).tooltip;
    assert.ok(tip instanceof vscode.MarkdownString, 'no tooltip on the described group');
    assert.match(tip.value, /^\| Coordinator \| broker \d+ \(127\\\.0\\\.0\\\.1:\d+\) \|$/m, tip.value);
  });

  test('Reset Offsets with confirm: false shows the preview document and changes nothing', async () => {
    const before = await committed(group);
    const r = await vscode.commands.executeCommand<ResetResult>('kafkaDev.resetGroupOffsets', { clusterId: cluster.id, groupId: group, kind: 'earliest', confirm: false });
    assert.equal(r.applied, false);
    assert.deepEqual(r.plan.rows.map((x) => x.target), ['0', '0']);
    assert.match(r.preview, new RegExp(`^Reset offsets of group ${group} on ${cluster.name}: to earliest, every topic the group committed$`, 'm'));
    assert.match(r.preview, /^TOPIC\s+PARTITION\s+CURRENT\s+NEW\s+END\s+LAG-BEFORE → LAG-AFTER$/m);
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.toString(), r.uri.toString(), 'the preview is not the active editor');
    assert.equal(doc.getText(), r.preview);
    assert.equal(doc.uri.scheme, 'kafka-dev-preview');
    assert.equal(doc.languageId, 'plaintext');
    assert.deepEqual(await committed(group), before, 'a preview changed the committed offsets');
  });

  test('Reset Offsets of one partition to an offset, then the whole group by -2: the broker has them, kcat resumes there, the tree shows them', async () => {
    const one = await vscode.commands.executeCommand<ResetResult>('kafkaDev.resetGroupOffsets',
      { clusterId: cluster.id, groupId: group, topic, partitions: [0], kind: 'offset', input: '3', confirm: true });
    assert.equal(one.applied, true);
    assert.deepEqual(one.plan.rows.map((x) => `${x.partition}:${x.target}`), ['0:3']);
    let now = await committed(group);
    assert.equal(now.get(`${topic}:0`), '3');
    assert.equal(now.get(`${topic}:1`), '4', 'partition 1 was not in the scope');

    const shift = await vscode.commands.executeCommand<ResetResult>('kafkaDev.resetGroupOffsets',
      { clusterId: cluster.id, groupId: group, kind: 'shift', input: '-2', confirm: true });
    assert.equal(shift.applied, true);
    now = await committed(group);
    assert.equal(now.get(`${topic}:0`), '1');
    assert.equal(now.get(`${topic}:1`), '2');

    // The tree was refreshed by the command: its partition row shows the new committed offset.
    const g = await groupNode();
    const t = (await api.explorer.getChildren(g)).find((n) => n.kind === 'groupTopic');
    assert.ok(t);
    const rows = await api.explorer.getChildren(t);
    assert.deepEqual(rows.map((r) => api.explorer.getTreeItem(r).description), ['lag 12 · committed 1 / end 13', 'lag 4 · committed 2 / end 6']);

    // kcat joins the group and resumes from the offsets set: partition 0 from 1, partition 1 from 2.
    const read = kcatGroupRead(group, 12 + 4).trim().split('\n');
    assert.equal(read.filter((l) => l.startsWith('0@'))[0], '0@1', read.join(' '));
    assert.equal(read.filter((l) => l.startsWith('1@'))[0], '1@2', read.join(' '));
  });

  test('while kcat is a member, Reset Offsets and Delete Group refuse and name it; nothing changes', async () => {
    const member = spawnGuarded('kcat', ['-b', bootstrap, '-G', busy, '-q', '-X', 'auto.offset.reset=earliest', '-X', 'client.id=ext-busy-kcat', topic]);
    try {
      await waitFor('kcat in the group with committed offsets', 60_000, async () => {
        const d = await oracle.describeGroup(busy).catch(() => undefined);
        // kcat commits every 5 s (auto.commit.interval.ms): both partitions, read to their ends.
        return d && d.members.length > 0 && d.state === 'Stable' && d.partitions.filter((l) => l.committed !== undefined && l.lag === '0').length === 2;
      });
      // The tree: an active classic group with its member, its host and the partitions assigned to it.
      api.explorer.refresh(`${cluster.id}/groups`);
      const g = await groupNode(busy);
      const item = api.explorer.getTreeItem(g);
      assert.equal(item.description, 'lag 0 · Stable · classic · 1 member');
      assert.equal(item.contextValue, 'group.active');
      const membersNode = (await api.explorer.getChildren(g)).find((n) => n.kind === 'groupMembers');
      assert.ok(membersNode);
      assert.equal(api.explorer.getTreeItem(membersNode).description, '1');
      const [m] = await api.explorer.getChildren(membersNode);
      const mi = api.explorer.getTreeItem(m);
      assert.equal(mi.label, 'ext-busy-kcat');
      assert.match(String(mi.description), new RegExp(`^/?127\\.0\\.0\\.1 · ${topic} 0,1$`));
      assert.equal(mi.contextValue, 'groupMember');
      const before = await committed(busy);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('kafkaDev.resetGroupOffsets', { clusterId: cluster.id, groupId: busy, kind: 'earliest', confirm: true })),
        (e: Error) => /is Stable with 1 active member: ext-busy-kcat @ \S+/.test(e.message) && /stop its consumers/.test(e.message),
      );
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('kafkaDev.deleteGroup', { clusterId: cluster.id, groupId: busy, confirm: true })),
        (e: Error) => /ext-busy-kcat/.test(e.message),
      );
      // Without confirm: true the group is looked at before any question; no modal opens, the members are named.
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('kafkaDev.deleteGroup', { clusterId: cluster.id, groupId: busy })),
        (e: Error) => new RegExp(`^Consumer group "${busy}" on cluster "${cluster.name}" is Stable with 1 active member: ext-busy-kcat @ \\S+\\. Kafka deletes a group only while`).test(e.message),
      );
      assert.deepEqual(await committed(busy), before);
    } finally {
      await member.stop('SIGTERM');
    }
  });

  test('a group of the consumer protocol (Kafka\'s console consumer, group.protocol=consumer): Stable · consumer · 1 member, its member as Kafka\'s tool lists it', async function () {
    this.timeout(240_000);
    const g848 = `${busy}-848`;
    const member = await startConsoleConsumer(bootstrap, topic, g848, 'consumer', 'ext-java-848');
    try {
      await waitFor('the console consumer in the group, both partitions committed', 120_000, async () => {
        const d = await oracle.describeGroup(g848).catch(() => undefined);
        return d && d.state === 'Stable' && d.members.length === 1 && d.partitions.filter((l) => l.committed !== undefined).length === 2;
      });
      api.explorer.refresh(`${cluster.id}/groups`);
      const g = await groupNode(g848);
      assert.match(String(api.explorer.getTreeItem(g).description), /^lag \d+ · Stable · consumer · 1 member$/);
      assert.equal(api.explorer.getTreeItem(g).contextValue, 'group.active');
      const membersNode = (await api.explorer.getChildren(g)).find((n) => n.kind === 'groupMembers');
      assert.ok(membersNode);
      const [m] = await api.explorer.getChildren(membersNode);
      const mi = api.explorer.getTreeItem(m);
      const k = await describeMembers(bootstrap, g848);
      assert.equal(k.members.length, 1, k.run.stdout);
      assert.equal(mi.label, k.members[0].clientId);
      assert.equal(mi.description, `${k.members[0].host} · ${topic} 0,1`);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('kafkaDev.describeGroup', { clusterId: cluster.id, groupId: g848 });
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      assert.match(text, /^Protocol: +consumer \(KIP-848\)/m, text);
      assert.match(text, /^Assignor: +uniform$/m, text);
    } finally {
      await member.stop('SIGTERM');
      await oracle.run('delete group', (a) => a.deleteGroups([g848])).catch(() => undefined);
    }
  });

  test('bad requests get a specific message and reach no broker', async () => {
    const run = (extra: Record<string, unknown>) => Promise.resolve(vscode.commands.executeCommand('kafkaDev.resetGroupOffsets', { clusterId: cluster.id, groupId: group, confirm: true, ...extra }));
    await assert.rejects(run({ kind: 'sideways' }), /^Error: Unknown reset kind "sideways": use one of earliest, latest, timestamp, offset, shift\.$/);
    await assert.rejects(run({ kind: 'offset', input: '-3' }), /An offset is 0 or more; "-3" is negative/);
    await assert.rejects(run({ kind: 'timestamp', input: 'yesterday-ish' }), /"yesterday-ish" is not a time/);
    await assert.rejects(run({ kind: 'earliest', partitions: [0] }), /"partitions" needs a "topic"/);
    await assert.rejects(run({ kind: 'earliest', confirm: 'yes' }), /"confirm" must be true/);
  });

  test('Describe Group opens the document; Copy gives the kafka-consumer-groups.sh --describe layout', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kafkaDev.describeGroup', { clusterId: cluster.id, groupId: group });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const text = vscode.window.activeTextEditor.document.getText();
    assert.match(text, new RegExp(`^Consumer group: ${group}$`, 'm'), text);
    assert.match(text, new RegExp(`^Cluster: +${cluster.name}$`, 'm'), text);
    assert.match(text, /^State: +Empty$/m, text);
    assert.match(text, /^Coordinator: +127\.0\.0\.1:\d+ \(id: \d+\)$/m, text);
    const lag = await oracle.groupLag(group);
    for (const l of lag) assert.match(text, new RegExp(`^ {2}${topic} +${l.partition} +${l.committed} +${l.end} +${l.lag} +-$`, 'm'), text);
    const copied = await vscode.commands.executeCommand<string>('kafkaDev.copyGroupDescription');
    const lines = copied.trim().split('\n');
    assert.match(lines[0], /^GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID$/);
    assert.equal(lines.length, 1 + lag.length, copied);
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  test('Delete Committed Offsets of the topic, then Delete Group: the broker and the tree agree', async () => {
    const topicDone = await vscode.commands.executeCommand<string>('kafkaDev.deleteGroupOffsets', { clusterId: cluster.id, groupId: group, topic, confirm: true });
    assert.equal(topicDone, topic);
    assert.equal((await oracle.groupLag(group)).length, 0, 'offsets still committed');
    const g = await groupNode();
    assert.equal(api.explorer.getTreeItem(g).description, 'Empty · classic · 0 members');
    assert.equal(await vscode.commands.executeCommand<boolean>('kafkaDev.deleteGroup', { clusterId: cluster.id, groupId: group, confirm: true }), true);
    assert.ok(!(await oracle.groups()).some((x) => x.groupId === group), 'the group is still listed');
    await assert.rejects(groupNode(), /not in the tree/);
  });
});
