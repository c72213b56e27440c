// Edit Topic Configs, Add Partitions and Purge Records inside a real extension host, run through
// vscode.commands.executeCommand with their request objects (`confirm: true` skips the modal; the preview
// is still built, opened in a tab and returned), read back from the broker and the tree. Bad input: a
// wrong type, an unknown key, fewer partitions, purge beyond the end, a topic that does not exist.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import type { EditConfigsResult } from '../../../src/topics/editConfigsFlow';
import type { AddPartitionsResult } from '../../../src/topics/addPartitionsFlow';
import type { PurgeResult } from '../../../src/topics/purgeFlow';
import { kcatProduce } from '../../harness/kcat';
import { activate, addCluster, removeCluster, topicsInTree } from '../extensionApi';

suite('topic changes: configs, partitions, purge (extension host)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const prefix = `ext-change-${Date.now().toString(36)}`;
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  const admin = async () => (await api.services.connections.get(cluster.id)).admin;
  /** executeCommand as a Promise (assert.rejects takes no Thenable). */
  const cmd = (id: string, arg: object): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(id, arg));

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: `changes-suite-${process.pid}`, bootstrapServers: bootstrap.split(',') });
  });

  suiteTeardown(async () => {
    if (!cluster) return;
    try {
      const left = (await (await admin()).topics()).map((t) => t.name).filter((n) => n.startsWith(prefix));
      if (left.length) await (await admin()).run('delete leftovers', (a) => a.deleteTopics({ topics: left }));
    } finally {
      await removeCluster(api, cluster.id);
    }
  });

  const previewTab = (): vscode.TextDocument | undefined =>
    vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kafka-dev-preview').at(-1);

  test('kafkaDev.editTopicConfigs: set, add and reset, preview in a tab, read back from the broker', async () => {
    const topic = `${prefix}-cfg`;
    await (await admin()).createTopic({ name: topic, partitions: 1, configs: { 'retention.ms': '3600000' } });
    const r = await vscode.commands.executeCommand<EditConfigsResult>('kafkaDev.editTopicConfigs', {
      clusterId: cluster.id, topic, set: { 'retention.ms': 60000, 'cleanup.policy': 'compact,delete' }, confirm: true,
    });
    assert.equal(r.applied, true);
    assert.match(r.preview, new RegExp(`^Edit configs of topic ${topic} on cluster ${cluster.name}: 2 changes$`, 'm'));
    assert.match(r.preview, /^retention\.ms +3600000 \(topic\) +→ +60000 \(set on topic\)$/m);
    assert.match(r.preview, /^cleanup\.policy +delete \(default\) +→ +compact,delete \(set on topic\)$/m);
    assert.equal(previewTab()?.getText(), r.preview);
    const after = await (await admin()).topicConfigs(topic);
    const v = (k: string) => { const c = after.find((x) => x.name === k); return [c?.value, c?.source]; };
    assert.deepEqual([v('retention.ms'), v('cleanup.policy')], [['60000', 'topic'], ['compact,delete', 'topic']]);

    const reset = await vscode.commands.executeCommand<EditConfigsResult>('kafkaDev.editTopicConfigs', { clusterId: cluster.id, topic, edits: '-retention.ms', confirm: true });
    assert.match(reset.preview, /^retention\.ms +60000 \(topic\) +→ +reset to default \(604800000, default\)$/m);
    const back = (await (await admin()).topicConfigs(topic)).find((x) => x.name === 'retention.ms');
    assert.deepEqual([back?.value, back?.source], ['604800000', 'default']);
  });

  test('kafkaDev.editTopicConfigs refuses a wrong type, an unknown key, nothing to change and a missing topic, each in words', async () => {
    const topic = `${prefix}-cfgbad`;
    await (await admin()).createTopic({ name: topic, partitions: 1 });
    const run = (req: object) => cmd('kafkaDev.editTopicConfigs', { clusterId: cluster.id, topic, confirm: true, ...req });
    await assert.rejects(run({ set: { 'retention.ms': 'a week' } }), /^Error: retention\.ms: a topic config value has no spaces, got "a week"\.$/);
    await assert.rejects(run({ set: { 'retention.ms': 'week' } }), /^Error: retention\.ms must be a whole number \(milliseconds, -1 = keep forever\), got "week"\.$/);
    await assert.rejects(run({ set: { 'retension.ms': '1' } }), /Unknown topic config "retension\.ms": did you mean "retention\.ms"\?/);
    await assert.rejects(run({ reset: ['retention.ms'] }), /Nothing to change on topic .*: retention\.ms is not set on the topic/);
    await assert.rejects(run({ topic: `${prefix}-missing`, set: { 'retention.ms': '1' } }), /does not exist/);
    assert.equal((await (await admin()).topicConfigs(topic)).find((x) => x.name === 'retention.ms')?.source, 'default');
  });

  test('kafkaDev.addPartitions: 1 → 3, the tree shows 3; fewer refused with the current count', async () => {
    const topic = `${prefix}-parts`;
    await (await admin()).createTopic({ name: topic, partitions: 1 });
    const r = await vscode.commands.executeCommand<AddPartitionsResult>('kafkaDev.addPartitions', { clusterId: cluster.id, topic, count: 3, confirm: true });
    assert.deepEqual(r, { from: 1, to: 3, applied: true });
    const { topics } = await topicsInTree(api, cluster.id);
    const node = topics.find((n) => n.kind === 'topic' && n.topic.name === topic);
    assert.ok(node, 'topic not in the tree');
    assert.match(String(api.explorer.getTreeItem(node).description), /^3 partitions\b/);
    await assert.rejects(cmd('kafkaDev.addPartitions', { clusterId: cluster.id, topic, count: 2, confirm: true }),
      /Kafka cannot remove partitions: the topic has 3, so the new total must be more than 3 \(got 2\)/);
    await assert.rejects(cmd('kafkaDev.addPartitions', { clusterId: cluster.id, topic, confirm: true }), /Say the new total number of partitions .* has 3 now/);
  });

  test('kafkaDev.purgeTopic: before offset 3 of partition 0, preview table, then the partition starts at 3; beyond the end deletes nothing', async () => {
    const topic = `${prefix}-purge`;
    await (await admin()).createTopic({ name: topic, partitions: 2 });
    kcatProduce(bootstrap, topic, ['a', 'b', 'c', 'd', 'e'], ['-p', '0']);
    kcatProduce(bootstrap, topic, ['x'], ['-p', '1']);
    await assert.rejects(cmd('kafkaDev.purgeTopic', { clusterId: cluster.id, topic, records: '0:9', confirm: true }),
      /Cannot purge beyond the end of topic .*: partition 0 ends at offset 5, asked 9\..*nothing was deleted/);
    const r = await vscode.commands.executeCommand<PurgeResult>('kafkaDev.purgeTopic', { clusterId: cluster.id, topic, records: '0:3', confirm: true });
    assert.equal(r.applied, true);
    assert.match(r.preview, new RegExp(`^Purge records of topic ${topic} on cluster ${cluster.name}: 3 records in 1 partition$`, 'm'));
    assert.match(r.preview, /^0 +0 → 3 +3$/m);
    assert.equal(previewTab()?.getText(), r.preview);
    const parts = await (await admin()).partitions(topic);
    assert.deepEqual(parts.map((p) => [p.earliest, p.latest]), [['3', '5'], ['0', '1']]);
    await assert.rejects(cmd('kafkaDev.purgeTopic', { clusterId: cluster.id, topic: `${prefix}-missing`, records: 'end', confirm: true }), /does not exist/);
  });
});
