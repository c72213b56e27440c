// The fixture of the UI tests that work on one topic: the shared broker, an admin on it, and a fresh
// topic, removed again afterwards.
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';

export interface UiTopic {
  broker: BrokerHandle;
  admin: ClusterAdmin;
  topic: string;
}

/** An admin on the shared broker, for a UI test's own set-up and checks (close it when done). */
export function uiAdmin(broker: BrokerHandle): ClusterAdmin {
  const kafka = createKafkaClient({ id: 'ui', name: 'ui', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
  return new ClusterAdmin(kafka, 10_000, broker.bootstrap);
}

export async function openUiTopic(prefix: string, numPartitions: number): Promise<UiTopic> {
  const broker = await useBroker();
  const admin = uiAdmin(broker);
  const topic = uniqueTopic(prefix);
  await admin.createTopic({ name: topic, partitions: numPartitions });
  return { broker, admin, topic };
}

/** Deletes the topic (best effort), closes the admin and releases the broker; fine on a half-open fixture. */
export async function closeUiTopic(t: Partial<UiTopic>): Promise<void> {
  if (t.topic) await t.admin?.run('delete', (a) => a.deleteTopics({ topics: [t.topic as string] })).catch(() => undefined);
  await t.admin?.close();
  await t.broker?.release();
}
