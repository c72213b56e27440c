// Consume as a group and Watch Lag inside a real extension host against the shared broker:
// kafkaDev.startConsumer with a group (the channel header says "as group G", its commits put the group
// under Consumer Groups with its lag, a bad group id is refused by name); kafkaDev.watchLag from a request
// and from the group's tree row (one panel per group), samples arriving and following records produced,
// the webview's 'ready' answered with the history, sampling paused while hidden and stopped on dispose,
// and a clear state (not a frozen chart) for a group without offsets and for a cluster that does not answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConsumerInfo } from '../../../src/consumer/consumerManager';
import type { StartConsumerRequest } from '../../../src/consumer/register';
import type { KafkaDevApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import type { LagPanel } from '../../../src/lag/panel';
import type { LagState, ToWebview } from '../../../src/lag/protocol';
import { kcatProduce } from '../../harness/kcat';
import { activate, addCluster, removeCluster } from '../extensionApi';

async function until<T>(what: string, ms: number, check: () => T | undefined | false, seen: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; last seen:\n${seen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function recorder(panel: LagPanel): { all: ToWebview[]; dispose(): void; seen(): string } {
  const all: ToWebview[] = [];
  const sub = panel.onDidPost((m) => all.push(m));
  return { all, dispose: () => sub.dispose(), seen: () => JSON.stringify(all.slice(-6)).slice(0, 2_000) };
}

suite('consume as a group and watch lag (extension host)', function () {
  this.timeout(180_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  const topic = `vscode-lag-${Date.now().toString(36)}`;
  const group = `vscode-lag-group-${Date.now().toString(36)}`;

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: 'lag', bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: topic, partitions: 2 });
    await vscode.workspace.getConfiguration('kafkaDev.lag').update('sampleSeconds', 1, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('kafkaDev.lag').update('sampleSeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const p of api?.lag.panels ?? []) p.dispose();
    if (!cluster) return;
    await api.consumers.stopAll();
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await removeCluster(api, cluster.id);
  });

  async function groupNode(): Promise<Extract<ExplorerNode, { kind: 'group' }>> {
    api.explorer.refresh(`${cluster.id}/groups`);
    const roots = await api.explorer.getChildren();
    const c = roots.find((n) => n.kind === 'cluster' && n.cluster.id === cluster.id)!;
    const groupsNode = (await api.explorer.getChildren(c)).find((n) => n.kind === 'groups')!;
    const node = (await api.explorer.getChildren(groupsNode)).find((n) => n.kind === 'group' && n.group.groupId === group);
    assert.ok(node && node.kind === 'group', `group ${group} is not under Consumer Groups`);
    return node;
  }

  test('Start Consumer as a group: the header says so, its commits show under Consumer Groups with the lag; a bad id is refused', async () => {
    for (const p of [0, 1]) kcatProduce(bootstrap, topic, Array.from({ length: 3 }, (_, i) => `p${p}-${i}`), ['-p', String(p)]);
    const bad: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'beginning', group: '  ' } };
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.startConsumer', bad)),
      (e: Error) => e.message === `Cannot start consuming "${topic}": enter a consumer group id, e.g. my-service (Kafka refuses an empty group id)`);
    const offset: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'offset', offsetText: '1', group } };
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.startConsumer', offset)),
      (e: Error) => /^Cannot start consuming ".*": as consumer group ".*" the group's committed offsets decide where reading resumes/.test(e.message));

    const req: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'beginning', maxRecordsText: '6', group } };
    const info = await vscode.commands.executeCommand<ConsumerInfo>('kafkaDev.startConsumer', req);
    assert.equal(info.group, group);
    const text = (): string => api.consumers.channelText(cluster.id, topic);
    await until('the consumer to stop after 6 records', 60_000, () => /^--- Stopped after 6 records as asked/m.test(text()), text);
    assert.match(text(), new RegExp(`^--- Consuming "${topic}" as group "${group}" on lag \\(`, 'm'));
    assert.match(text(), /^--- Stopped after 6 records as asked: 6 records in [\d.]+ s; next offsets p0@3, p1@3\.$/m);
    let node = await groupNode();
    assert.deepEqual([node.group.state, node.group.members, node.group.lag], ['Empty', 0, '0']);
    kcatProduce(bootstrap, topic, ['late-0', 'late-1'], ['-p', '0']);
    node = await groupNode();
    assert.equal(node.group.lag, '2');
    assert.match(String(api.explorer.getTreeItem(node).description), /^lag 2 · Empty · classic · 0 members$/);
  });

  test('Watch Lag: samples every second while visible, follows produced records, answers ready with the history, one panel per group, stops on dispose', async () => {
    const panel = await vscode.commands.executeCommand<LagPanel>('kafkaDev.watchLag', { clusterId: cluster.id, groupId: group });
    const rec = recorder(panel);
    try {
      assert.equal(panel.panel.title, `Lag: ${group}`);
      const sampleWith = (total: string): boolean => panel.sampler.history.samples().some((s) => s.total === total);
      await until('a sample of lag 2', 30_000, () => sampleWith('2'), rec.seen);
      const s = panel.sampler.history.latest()!;
      assert.deepEqual(s.perPartition, { [`${topic}/0`]: '2', [`${topic}/1`]: '0' });
      kcatProduce(bootstrap, topic, ['more-0', 'more-1', 'more-2'], ['-p', '1']);
      await until('a sample of lag 5', 30_000, () => sampleWith('5'), rec.seen);
      assert.ok(rec.all.some((m) => m.type === 'sample' && m.sample.total === '5' && m.sample.perPartition[`${topic}/1`] === '3'), 'the sample was posted to the webview');
      assert.ok(rec.all.some((m) => m.type === 'state' && m.state.kind === 'ok'));

      panel.handle({ type: 'ready' });
      const init = rec.all.filter((m): m is Extract<ToWebview, { type: 'init' }> => m.type === 'init').pop();
      assert.ok(init, 'ready is answered with init');
      assert.equal(init.init.groupId, group);
      assert.equal(init.init.intervalMs, 1_000);
      assert.equal(init.init.windowMs, 30 * 60_000);
      assert.deepEqual(init.init.samples, panel.sampler.history.samples());

      // From the group's tree row: the same panel, focused.
      const again = await vscode.commands.executeCommand<LagPanel>('kafkaDev.watchLag', await groupNode());
      assert.equal(again, panel);
      assert.equal(api.lag.panels.length, 1);

      // Hidden behind another editor: sampling pauses; shown again: it resumes.
      await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
      await until('the paused state', 10_000, () => panel.sampler.state.kind === 'paused', rec.seen);
      assert.equal(panel.sampler.active, false);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      panel.reveal();
      await until('sampling again', 10_000, () => panel.sampler.active && panel.sampler.state.kind === 'ok', rec.seen);

      const taken = panel.sampler.taken;
      await until('one more sample', 10_000, () => panel.sampler.taken > taken, rec.seen);
      panel.panel.dispose();
      assert.equal(panel.disposed, true);
      assert.equal(panel.sampler.active, false);
      assert.deepEqual(api.lag.panels, []);
      const after = panel.sampler.taken;
      // Three intervals with no sampler: nothing more is read.
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(panel.sampler.taken, after);
    } finally {
      rec.dispose();
      if (!panel.disposed) panel.dispose();
    }
  });

  test('Watch Lag: a group without committed offsets and a cluster that does not answer each show a clear state', async () => {
    const ghost = `${group}-never`;
    const p1 = await vscode.commands.executeCommand<LagPanel>('kafkaDev.watchLag', { clusterId: cluster.id, groupId: ghost });
    try {
      const st = await until('the noOffsets state', 30_000, () => (p1.sampler.state.kind === 'noOffsets' ? p1.sampler.state : undefined), () => JSON.stringify(p1.sampler.state));
      assert.equal(st.message, `Group "${ghost}" has no committed offsets on lag (${bootstrap}): it does not exist (or was deleted), or its offsets expired or were deleted. Sampling goes on; the chart resumes when the group commits.`);
    } finally {
      p1.dispose();
    }
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.watchLag', { clusterId: cluster.id })), /Watch Lag needs \{ clusterId, groupId \}: groupId is missing\./);

    // A port nothing listens on (loopback): the state names the failure and when it started; sampling goes on.
    const dead = await addCluster(api, { name: 'lag-dead', bootstrapServers: ['127.0.0.1:9'] });
    const config = vscode.workspace.getConfiguration('kafkaDev');
    await config.update('connectionTimeoutMs', 2_000, vscode.ConfigurationTarget.Global);
    const p2 = await vscode.commands.executeCommand<LagPanel>('kafkaDev.watchLag', { clusterId: dead.id, groupId: group });
    try {
      const st = await until('the unreachable state', 60_000, () => (p2.sampler.state.kind === 'unreachable' ? p2.sampler.state : undefined), () => JSON.stringify(p2.sampler.state));
      assert.match((st as Extract<LagState, { kind: 'unreachable' }>).message, /127\.0\.0\.1:9/);
      assert.equal(p2.sampler.history.size, 0);
      assert.equal(p2.sampler.active, true, 'it keeps trying');
    } finally {
      p2.dispose();
      await config.update('connectionTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
      await removeCluster(api, dead.id);
    }
  });
});
