// The foundation's proof: src/kafka/ talks to a real broker, and an independent client (kcat) agrees.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';

let broker: BrokerHandle;
before(async () => { broker = await useBroker(); });
after(async () => { await broker.release(); });

test('a topic created through src/kafka is seen by kcat', async () => {
  const kafka = createKafkaClient({ id: 't', name: 't', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
  const admin = new ClusterAdmin(kafka, 10_000, broker.bootstrap);
  const topic = uniqueTopic('foundation');
  try {
    await admin.createTopic({ name: topic, partitions: 3 });
    const listed = await admin.topics();
    assert.deepEqual(listed.find((t) => t.name === topic), { name: topic, partitions: 3, internal: false });
    const meta = execFileSync('kcat', ['-b', broker.bootstrap, '-L', '-t', topic, '-J'], { encoding: 'utf8' });
    const parsed = JSON.parse(meta) as { topics: Array<{ topic: string; partitions: unknown[] }> };
    assert.equal(parsed.topics[0].topic, topic);
    assert.equal(parsed.topics[0].partitions.length, 3);
  } finally {
    await admin.close();
  }
});
