// A topic deleted by someone else (the course's `kafka-topics.sh --delete`, run from Kafka's own jars) must
// not break what the extension's connections do next with other topics. kafkajs asks for the metadata of
// every topic a client has looked at on each refresh, and failed every later request once one was gone:
// the tree said the other topic "does not exist", Watch Lag showed no lag, Send refused to send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka } from 'kafkajs';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { ClusterProducer } from '../../src/kafka/produce/producer';
import { validateDraft, emptyDraft } from '../../src/kafka/rules/produceValidation';
import { ensureKafkaJars, kafkaVersion } from '../harness/kafka';
import { useBroker, uniqueTopic } from '../harness/sharedBroker';
import { kcatValues } from '../harness/kcat';

const run = promisify(execFile);

test('after kafka-topics.sh --delete of a topic the extension had used, the tree, lag and Send still work on the others', async () => {
  const broker = await useBroker();
  const kafka = createKafkaClient({ id: 'deleted-elsewhere', name: 'deleted-elsewhere', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
  const admin = new ClusterAdmin(kafka, 10_000, broker.bootstrap);
  const producer = new ClusterProducer(kafka, admin, 10_000, broker.bootstrap);
  const gone = uniqueTopic('gone');
  const stays = uniqueTopic('stays');
  const group = uniqueTopic('deleted-elsewhere-group');
  const send = async (topic: string, value: string): Promise<void> => {
    const v = validateDraft({ ...emptyDraft(topic), value, count: '3' });
    assert.ok(v.ok, JSON.stringify(v));
    await producer.produce(v.spec);
  };
  try {
    for (const t of [gone, stays]) await admin.createTopic({ name: t, partitions: 2, replicationFactor: 1 });
    // The extension looks at both topics (expands them in the tree, sends to both), and a group commits on both.
    await admin.partitions(gone);
    await admin.partitions(stays);
    await send(gone, 'before');
    await send(stays, 'before');
    const committer = new Kafka({ clientId: 'committer', brokers: broker.bootstrap.split(','), logLevel: 0 }).admin();
    await committer.connect();
    await committer.setOffsets({ groupId: group, topic: stays, partitions: [{ partition: 0, offset: '0' }, { partition: 1, offset: '0' }] });
    await committer.disconnect();
    assert.equal((await admin.groupLag(group)).reduce((s, l) => s + Number(l.lag), 0), 3);

    const libs = await ensureKafkaJars(kafkaVersion());
    await run('java', ['-Xmx128m', '-cp', join(libs, '*'), 'org.apache.kafka.tools.TopicCommand', '--bootstrap-server', broker.bootstrap, '--delete', '--topic', gone], { timeout: 60_000 });
    for (let i = 0; i < 50 && (await admin.topics()).some((t) => t.name === gone); i++) await new Promise((r) => setTimeout(r, 200));

    // Watch Lag's read first (it used to read no lag at all rather than fail), then the tree's.
    const lag = await admin.groupLag(group);
    assert.deepEqual(lag.map((l) => [l.topic, l.partition, l.committed]), [[stays, 0, '0'], [stays, 1, '0']]);
    assert.equal(lag.reduce((s, l) => s + Number(l.lag), 0), 3);
    assert.ok((await admin.groups()).some((g) => g.groupId === group && g.lag === '3'));
    assert.deepEqual((await admin.partitions(stays)).map((p) => p.partition), [0, 1]);
    assert.equal((await admin.describeTopic(stays)).partitions.length, 2);
    await send(stays, 'after');
    assert.deepEqual((await kcatValues(broker.bootstrap, stays)).map((b) => b.toString()).sort(), ['after', 'after', 'after', 'before', 'before', 'before'], 'kcat reads the three records sent before and the three after');
    // The deleted topic itself still gets its own message.
    await assert.rejects(admin.partitions(gone), /does not exist/);
    await assert.rejects(send(gone, 'again'), /does not exist/);
  } finally {
    await producer.close();
    await admin.close();
    await broker.release();
  }
});
