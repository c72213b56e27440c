// Fault case 6 (issue 11), the half that needs the real extension host: bad input through the commands
// and the producer panel gets its exact message, and nothing is left half-made: no cluster saved, no
// secret replaced, no topic created, no consumer running, no record written. (The pure half, a table of
// over 60 inputs with their messages, is test/unit/badInput.test.ts.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StartConsumerRequest } from '../../../src/consumer/register';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { emptyDraft } from '../../../src/kafka/rules/produceValidation';
import type { ToWebview } from '../../../src/producer/protocol';
import { activate, addCluster, removeCluster } from '../extensionApi';

const refused = (command: string, arg: unknown, message: string): Promise<void> =>
  assert.rejects(Promise.resolve(vscode.commands.executeCommand(command, arg)), (e: unknown) => {
    assert.ok(e instanceof Error, String(e));
    assert.equal(e.message, message);
    return true;
  }, `${command} ${JSON.stringify(arg)} was not refused`);

suite('bad input leaves nothing half-made', function () {
  this.timeout(60_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  const topic = `vscode-bad-${Date.now().toString(36)}`;
  let plainId = '';

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: 'bad-input', bootstrapServers: bootstrap.split(','), sasl: { mechanism: 'plain', username: 'u' } }, { saslPassword: 'original' });
    // The cluster's SASL is only there to hold a secret; the topic is made through a plain cluster.
    const plain = await addCluster(api, { name: 'bad-input-plain', bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(plain.id);
    await conn.admin.createTopic({ name: topic, partitions: 2 });
    plainId = plain.id;
  });

  suiteTeardown(async () => {
    await api.consumers.stopAll();
    const conn = await api.services.connections.get(plainId).catch(() => undefined);
    await conn?.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    for (const id of [cluster?.id, plainId]) if (id) await removeCluster(api, id);
  });

  test('Add Cluster: a bad bootstrap server, name or mechanism saves nothing', async () => {
    const before = JSON.stringify(vscode.workspace.getConfiguration('kafkaDev').inspect('clusters')?.globalValue);
    const base = { name: 'bad-new', security: 'plain', username: 'u', password: 'p', testConnection: false };
    await refused('kafkaDev.addCluster', { ...base, bootstrapServers: 'localhost' }, 'Bootstrap servers: "localhost" has no port: write localhost:9092');
    await refused('kafkaDev.addCluster', { ...base, bootstrapServers: '::1:9092' }, 'Bootstrap servers: "::1:9092": write an IPv6 address in brackets, e.g. [::1]:9092');
    await refused('kafkaDev.addCluster', { ...base, bootstrapServers: 'localhost:9092', security: 'GSSAPI' }, 'Unknown security "GSSAPI": use none, plain, scram-sha-256, scram-sha-512, oauthbearer or aws-msk-iam.');
    await refused('kafkaDev.addCluster', { ...base, name: 'bad-input', bootstrapServers: 'localhost:9092' }, 'A cluster named "bad-input" already exists: pick another name.');
    assert.equal(JSON.stringify(vscode.workspace.getConfiguration('kafkaDev').inspect('clusters')?.globalValue), before, 'the setting changed');
  });

  test('Edit Cluster with a bad port keeps the stored cluster and its password', async () => {
    const edit = { id: cluster.id, name: 'bad-input', bootstrapServers: 'localhost:99999', security: 'plain', username: 'u', password: 'replaced' };
    await refused('kafkaDev.editCluster', edit, 'Bootstrap servers: "localhost:99999": port 99999 is not between 1 and 65535');
    assert.deepEqual(api.services.clusters.get(cluster.id)?.bootstrapServers, bootstrap.split(','));
    assert.equal((await api.services.clusters.secretsFor(cluster.id)).saslPassword, 'original');
  });

  test('Start Consumer: a billion partitions, a time before 1970 or an offset past int64 start nothing', async () => {
    const start = (choice: StartConsumerRequest['choice']): StartConsumerRequest => ({ clusterId: plainId, topic, choice });
    await refused('kafkaDev.startConsumer', start({ position: 'beginning', partitionsText: '0-999999999' }),
      `Cannot start consuming "${topic}": "0-999999999" goes past partition 99999: a topic has far fewer partitions; leave empty for all`);
    await refused('kafkaDev.startConsumer', start({ position: 'timestamp', timestampText: '1000000000 weeks ago' }),
      `Cannot start consuming "${topic}": "1000000000 weeks ago" is before 1970-01-01, where Kafka timestamps start: start "From the beginning" to read every record`);
    await refused('kafkaDev.startConsumer', start({ position: 'offset', offsetText: '9999999999999999999' }),
      `Cannot start consuming "${topic}": 9999999999999999999 is past the largest Kafka offset (9223372036854775807); use "latest" for the end of a partition`);
    assert.deepEqual(api.consumers.list(), []);
  });

  test('the producer panel: a partition past the topic or a count of 0 writes no record', async () => {
    const plain = api.services.clusters.get(plainId);
    assert.ok(plain);
    const panel = api.producer.open(plain, topic);
    const posted: ToWebview[] = [];
    const sub = panel.onDidPost((m) => posted.push(m));
    try {
      await panel.handle({ type: 'ready' });
      // The panel knows the topic's partitions once it has loaded the list.
      const deadline = Date.now() + 20_000;
      while (!posted.some((m) => m.type === 'topics' || (m.type === 'init' && m.topics)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const [change, field, message] of [
        [{ partition: '7' }, 'partition', `Partition 7 does not exist: "${topic}" has 2 partitions (0…1).`],
        [{ count: '0' }, 'count', 'Count must be at least 1 (got 0).'],
      ] as const) {
        posted.length = 0;
        await panel.handle({ type: 'send', draft: { ...emptyDraft(topic), value: 'x', ...change } });
        const err = posted.find((m): m is Extract<ToWebview, { type: 'error' }> => m.type === 'error');
        assert.ok(err, `no error posted for ${JSON.stringify(change)}: ${JSON.stringify(posted)}`);
        assert.equal(err.error.message, 'Fix the marked fields; nothing was sent.');
        assert.equal(err.error.errors?.[field], message);
      }
      const conn = await api.services.connections.get(plainId);
      const offsets = await conn.admin.run('offsets', (a) => a.fetchTopicOffsets(topic));
      assert.deepEqual(offsets.map((o) => o.high), ['0', '0'], 'a record was written');
    } finally {
      sub.dispose();
      panel.dispose();
    }
  });
});
