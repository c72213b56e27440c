// The foundation's proof inside a real extension host: the extension activates, a cluster saved through
// its services reaches the real broker, and the explorer's tree lists a topic created there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import { activate, addCluster, removeCluster } from '../extensionApi';

suite('foundation', () => {
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP;

  test('the extension activates quickly and returns its API', async () => {
    const api = await activate();
    assert.ok(api.services && api.explorer, 'activate() returned no API');
    // Activation only wires things together; anything near a second means I/O crept in.
    assert.ok(api.activationMs >= 0 && api.activationMs < 1_000, `activation took ${api.activationMs} ms`);
    console.log(`kafka-dev activationMs=${api.activationMs.toFixed(1)}`);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['kafkaDev.addCluster', 'kafkaDev.refresh']) assert.ok(commands.includes(c), `command ${c} missing`);
  });

  test('a topic created on the real broker is listed in the explorer tree', async function () {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    const api = await activate();
    const before = api.services.clusters.list().length;
    // Waits for the change event, which drives the welcome view's context key (kafkaDev.clusterCount).
    const cluster = await addCluster(api, { name: 'test', bootstrapServers: bootstrap.split(',') });
    const topic = `vscode-host-${Date.now().toString(36)}`;
    try {
      assert.equal(api.services.clusters.list().length, before + 1);
      const conn = await api.services.connections.get(cluster.id);
      await conn.admin.createTopic({ name: topic, partitions: 2 });

      api.explorer.refresh(cluster.id);
      const roots = await api.explorer.getChildren();
      const clusterNode = roots.find((n) => n.kind === 'cluster' && n.cluster.id === cluster.id);
      assert.ok(clusterNode, `cluster not at the tree's root: ${JSON.stringify(roots.map((n) => n.kind))}`);
      const sections = await api.explorer.getChildren(clusterNode);
      const topicsNode = sections.find((n) => n.kind === 'topics');
      assert.ok(topicsNode, `no topics node under the cluster: ${JSON.stringify(sections.map((n) => n.kind))}`);
      // The Topics row carries its count from the start, before it is ever expanded (as Brokers does),
      // and it is the number of rows that expanding then shows.
      const count = api.explorer.getTreeItem(topicsNode).description;
      const topics = await api.explorer.getChildren(topicsNode);
      assert.equal(count, String(topics.filter((n) => n.kind === 'topic').length));
      const names = topics.flatMap((n: ExplorerNode) => (n.kind === 'topic' ? [n.topic.name] : []));
      assert.ok(names.includes(topic), `topic ${topic} not listed; tree shows ${JSON.stringify(topics.map((n) => n.kind === 'topic' ? n.topic.name : n))}`);
      const node = topics.find((n) => n.kind === 'topic' && n.topic.name === topic);
      assert.equal(node && api.explorer.getTreeItem(node).description, '2 partitions');

      await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] }));
    } finally {
      await removeCluster(api, cluster.id);
      assert.equal(api.services.clusters.list().length, before);
    }
  });
});
