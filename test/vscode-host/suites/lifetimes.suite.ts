// Connection lifetimes in a real extension host against the shared broker (issue 11, fault case 4):
// adding or editing cluster B leaves cluster A's consumer running (only changed clusters are reset);
// two quick starts of one topic give one consumer; Stop All stops running and still-starting consumers.
// Each case counts the records shown by partition:offset against those produced (0 lost, 0 duplicated).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StartConsumerRequest } from '../../../src/consumer/register';
import { toOptions } from '../../../src/consumer/startFlow';
import type { ConsumeOptions } from '../../../src/kafka/rules/consumerOptions';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { kcatProduce } from '../../harness/kcat';
import { countLossAndDuplicates, recordFault } from '../../harness/reliability';
import { activate, addCluster, removeCluster } from '../extensionApi';
import { linesAfterLastHeader, shownOffsets, until } from '../consumerText';

suite('connection lifetimes (extension host)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  let api: KafkaDevApi;
  let a: ClusterConfig;
  const run = Date.now().toString(36);
  const topic = `lifetime-a-${run}`;
  const values = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `v${from + i}`);

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    a = await addCluster(api, { name: `lifetime-a-${run}`, bootstrapServers: bootstrap.split(',') });
    await (await api.services.connections.get(a.id)).admin.createTopic({ name: topic, partitions: 1 });
  });

  suiteTeardown(async () => {
    if (!a) return;
    await api.consumers.stopAll();
    const conn = await api.services.connections.get(a.id);
    await conn.admin.run('delete topic', (x) => x.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await removeCluster(api, a.id);
  });

  const text = (): string => api.consumers.channelText(a.id, topic);
  const fromBeginning = (): ConsumeOptions => {
    const o = toOptions(topic, { position: 'beginning' });
    assert.ok(!('error' in o));
    return o.value;
  };

  test('adding, editing and removing cluster B leaves cluster A\'s consumer running, with nothing lost or shown twice', async () => {
    kcatProduce(bootstrap, topic, values(0, 100));
    const req: StartConsumerRequest = { clusterId: a.id, topic, choice: { position: 'beginning' } };
    await vscode.commands.executeCommand('kafkaDev.startConsumer', req);
    await until('the first 100 records', 30_000, () => shownOffsets(linesAfterLastHeader(text())).length >= 100, text);
    const conn = await api.services.connections.get(a.id);

    const b = await addCluster(api, { name: `lifetime-b-${run}`, bootstrapServers: bootstrap.split(',') });
    // B's bootstrap list changes: B is reset (its settings changed), A is not.
    await vscode.commands.executeCommand('kafkaDev.editCluster', { id: b.id, name: b.name, bootstrapServers: [...bootstrap.split(','), '127.0.0.1:1'] });
    await vscode.commands.executeCommand('kafkaDev.renameCluster', { clusterId: b.id }, `lifetime-b2-${run}`);
    await removeCluster(api, b.id);

    const t0 = Date.now();
    kcatProduce(bootstrap, topic, values(100, 100));
    await until('the next 100 records', 30_000, () => shownOffsets(linesAfterLastHeader(text())).length >= 200, () => text().slice(-3_000));
    const recoverSeconds = (Date.now() - t0) / 1000;
    assert.equal(await api.services.connections.get(a.id), conn, 'cluster A kept its client');
    assert.deepEqual(api.consumers.list().map((c) => c.topic), [topic]);
    assert.doesNotMatch(text(), /Stopping: the connection to the cluster was reset/);

    const produced = Array.from({ length: 200 }, (_, i) => `0:${i}`);
    const c = countLossAndDuplicates(produced, shownOffsets(linesAfterLastHeader(text())));
    recordFault({
      id: 'edit-other-cluster', fault: 'Cluster B added, edited, renamed and removed while cluster A is consumed',
      happened: 'only B was reset; A kept its client and its consumer went on without a status line', ...c, recoverSeconds,
    });
    assert.equal(c.lost, 0);
    assert.equal(c.duplicated, 0);
    await vscode.commands.executeCommand('kafkaDev.stopConsumer', { clusterId: a.id, topic });
  });

  test('two quick starts of one topic give one consumer, and it shows every record once', async () => {
    // Both calls enter the manager before either has connected (as two quick clicks do).
    await Promise.all([api.consumers.start(a.id, fromBeginning()), api.consumers.start(a.id, fromBeginning())]);
    assert.equal(api.consumers.list().filter((c) => c.topic === topic).length, 1);
    await until('the 200 records after the last start', 30_000, () => shownOffsets(linesAfterLastHeader(text())).length >= 200, () => text().slice(-3_000));
    await vscode.commands.executeCommand('kafkaDev.stopAllConsumers');
    assert.deepEqual(api.consumers.list(), []);
    // Every consumer that started wrote a header; every one must have ended with its final line. An
    // orphan (the first start, overwritten by the second) would keep running with no final line.
    const headers = (): number => (text().match(/^--- Consuming /gm) ?? []).length;
    const finals = (): number => (text().match(/^--- Consumer stopped: /gm) ?? []).length;
    await until('a final line for every started consumer', 10_000, () => finals() === headers(), () => `${headers()} headers, ${finals()} final lines\n${text().slice(-2_000)}`);
    const c = countLossAndDuplicates(Array.from({ length: 200 }, (_, i) => `0:${i}`), shownOffsets(linesAfterLastHeader(text())));
    recordFault({
      id: 'double-start', fault: 'Start Consumer twice on one topic before the first has started, then Stop All',
      happened: 'the second start waited for the first and restarted it: one consumer ran, and Stop All ended it', ...c, recoverSeconds: null,
    });
    assert.equal(c.lost, 0);
    assert.equal(c.duplicated, 0);
  });

  test('Stop All also stops a consumer that is still starting', async () => {
    // Stop All runs while the start is still connecting (start() has not reached its first answer yet).
    const starting = api.consumers.start(a.id, fromBeginning());
    await vscode.commands.executeCommand('kafkaDev.stopAllConsumers');
    await starting;
    assert.deepEqual(api.consumers.list(), []);
    assert.match(linesAfterLastHeader(text()), /^--- Consumer stopped: /m);
  });
});
