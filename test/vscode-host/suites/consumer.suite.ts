// The streaming consumer inside a real extension host: kafkaDev.startConsumer with a request (no
// prompts), records produced by kcat reach the Output channel formatted, the topic's tree row is marked
// while it is consumed, kafkaDev.stopConsumer ends it promptly, and a missing topic is refused clearly.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConsumerInfo } from '../../../src/consumer/consumerManager';
import type { StartConsumerRequest } from '../../../src/consumer/register';
import type { KafkaDevApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { kcatProduce } from '../../harness/kcat';
import { activate, addCluster, next, removeCluster, topicsInTree } from '../extensionApi';

/** Polls `check` every 100 ms until it is true; the error says what was last seen. */
async function until(what: string, ms: number, check: () => boolean, seen: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; last seen:\n${seen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('consumer (extension host)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  const topic = `vscode-consume-${Date.now().toString(36)}`;

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: 'consume', bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: topic, partitions: 1 });
  });

  suiteTeardown(async () => {
    if (!cluster) return;
    await api.consumers.stopAll();
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await removeCluster(api, cluster.id);
  });

  /** The topic's node as the tree shows it (Topics is loaded once, then served from the cache). */
  async function topicNode(): Promise<ExplorerNode> {
    const node = (await topicsInTree(api, cluster.id)).topics.find((n) => n.kind === 'topic' && n.topic.name === topic);
    assert.ok(node, `topic ${topic} not in the tree`);
    return node;
  }

  const iconId = (item: vscode.TreeItem): string => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : String(item.iconPath));

  test('start streams kcat records into the Output channel, the tree marks the topic, stop ends it', async () => {
    const before = api.explorer.getTreeItem(await topicNode());
    assert.equal(before.contextValue, 'topic');
    assert.equal(before.description, '1 partition');

    const redrawn = next(api.explorer.onDidChangeTreeData, 10_000, 'tree redraw on start');
    const req: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'beginning' } };
    const info = await vscode.commands.executeCommand<ConsumerInfo>('kafkaDev.startConsumer', req);
    assert.equal(info.topic, topic);
    assert.deepEqual(api.consumers.list().map((c) => c.topic), [topic]);
    await redrawn;

    const marked = api.explorer.getTreeItem(await topicNode());
    assert.equal(marked.contextValue, 'topic.consuming');
    assert.equal(marked.description, 'consuming · 1 partition');
    assert.equal(iconId(marked), 'pulse');

    kcatProduce(bootstrap, topic, ['order-1:{"id":1,"item":"Zoë","qty":2}', 'plain:hello from kcat'], ['-K:']);
    const text = (): string => api.consumers.channelText(cluster.id, topic);
    await until('both records in the channel', 30_000, () => /p0@1 key=plain hello from kcat/.test(text()), text);
    // Default format: ISO timestamp, partition@offset, key, then the value (JSON pretty-printed).
    assert.match(text(), /^\d{4}-\d\d-\d\dT[\d:.]+Z p0@0 key=order-1 \{\n {2}"id": 1,\n {2}"item": "Zoë",\n {2}"qty": 2\n\}$/m);
    assert.match(text(), /^\d{4}-\d\d-\d\dT[\d:.]+Z p0@1 key=plain hello from kcat$/m);
    assert.match(text(), new RegExp(`^--- Consuming "${topic}" from the beginning \\(p0@0\\) on consume \\(`, 'm'));

    const unmarked = next(api.explorer.onDidChangeTreeData, 10_000, 'tree redraw on stop');
    const t0 = Date.now();
    await vscode.commands.executeCommand('kafkaDev.stopConsumer', { clusterId: cluster.id, topic });
    // A stop must not wait for the in-flight long-poll to time out (it used to take 30 s).
    assert.ok(Date.now() - t0 < 5_000, `stop took ${Date.now() - t0} ms`);
    await unmarked;
    assert.deepEqual(api.consumers.list(), []);
    const after = api.explorer.getTreeItem(await topicNode());
    assert.equal(after.contextValue, 'topic');
    assert.equal(after.description, '1 partition');
    assert.equal(iconId(after), 'symbol-event');
    assert.match(text(), /^--- Consumer stopped: 2 records in [\d.]+ s; next offsets p0@2\.$/m);
  });

  test('starting on a missing topic is refused with the topic and cluster named; nothing runs', async () => {
    const missing = `${topic}-missing`;
    const req: StartConsumerRequest = { clusterId: cluster.id, topic: missing, choice: { position: 'beginning' } };
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.startConsumer', req)), (e: unknown) => {
      assert.match((e as Error).message, new RegExp(`^Topic "${missing}" does not exist on consume \\(${bootstrap.replace(/[.]/g, '\\.')}\\)\\.$`));
      return true;
    });
    assert.deepEqual(api.consumers.list(), []);
    assert.match(api.consumers.channelText(cluster.id, missing), /^--- Topic ".*" does not exist on consume/m);
  });

  test('"the last N records" as a remembered choice: N of each partition, and a bad N gets a specific message', async () => {
    const bad: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'last', lastText: '0' } };
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.startConsumer', bad)), (e: unknown) => {
      assert.match((e as Error).message, new RegExp(`^Cannot start consuming "${topic}": "0" is not a positive whole number: enter how many of the newest records of each partition to show`));
      return true;
    });
    const req: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'last', lastText: '1' } };
    await vscode.commands.executeCommand('kafkaDev.startConsumer', req);
    try {
      // The channel still holds the first test's run: look at what follows this start's header.
      const header = /--- Consuming ".*" from the last 1 record of each partition \(p0@1\)[^\n]*\n/;
      const since = (): string => api.consumers.channelText(cluster.id, topic).split(header)[1] ?? '';
      // The first test left two records (offsets 0 and 1): only the newest is shown.
      await until('the last record after the header', 30_000, () => /^\S+ p0@1 key=plain hello from kcat$/m.test(since()), () => api.consumers.channelText(cluster.id, topic));
      assert.doesNotMatch(since(), /p0@0 /);
    } finally {
      await vscode.commands.executeCommand('kafkaDev.stopConsumer', { clusterId: cluster.id, topic });
    }
  });

  test('maxRecordsPerSecond and maxCharactersPerSecond 0 show every record; counts use thousands separators', async () => {
    const many = `${topic}-many`;
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: many, partitions: 1 });
    const config = vscode.workspace.getConfiguration('kafkaDev.consumer');
    await config.update('maxRecordsPerSecond', 0, vscode.ConfigurationTarget.Global);
    await config.update('maxCharactersPerSecond', 0, vscode.ConfigurationTarget.Global);
    try {
      // 12,000 records at once: with the default limits (a burst of 5,000) most would be skipped.
      kcatProduce(bootstrap, many, Array.from({ length: 12_000 }, (_, i) => `r${i}`));
      const req: StartConsumerRequest = { clusterId: cluster.id, topic: many, choice: { position: 'beginning', maxRecordsText: '12000' } };
      await vscode.commands.executeCommand('kafkaDev.startConsumer', req);
      const text = (): string => api.consumers.channelText(cluster.id, many);
      await until('the final line', 60_000, () => /^--- Stopped after/m.test(text()), () => text().slice(-2_000));
      assert.doesNotMatch(text(), /not shown/);
      assert.equal(text().split('\n').filter((l) => /^\S+ p0@\d+ r\d+$/.test(l)).length, 12_000);
      assert.match(text(), /stopping after 12,000 records;/);
      assert.match(text(), /^--- Stopped after 12,000 records as asked: 12,000 records in [\d.]+ s; next offsets p0@12000\.$/m);
    } finally {
      await config.update('maxRecordsPerSecond', undefined, vscode.ConfigurationTarget.Global);
      await config.update('maxCharactersPerSecond', undefined, vscode.ConfigurationTarget.Global);
      await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [many] })).catch(() => undefined);
    }
  });

  test('an invalid remembered choice is refused before connecting', async () => {
    const req: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'offset', offsetText: 'soon' } };
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.startConsumer', req)), (e: unknown) => {
      assert.match((e as Error).message, new RegExp(`^Cannot start consuming "${topic}": `));
      return true;
    });
    assert.deepEqual(api.consumers.list(), []);
  });
});
