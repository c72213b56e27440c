// The producer tests' shared set-up: the shared broker, a client, an admin and a ClusterProducer, made
// before the file's tests and closed after them, handed to the file through `use`.
import { after, before } from 'node:test';
import type { Kafka } from 'kafkajs';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { ClientOptions, createKafkaClient } from '../../src/kafka/client/client';
import { ClusterProducer } from '../../src/kafka/produce/producer';
import { BrokerHandle, useBroker } from '../harness/sharedBroker';

export interface ProducerFixture { broker: BrokerHandle; kafka: Kafka; admin: ClusterAdmin; producer: ClusterProducer }

export function producerFixture(id: string, timeoutMs: number, use: (f: ProducerFixture) => void, log?: ClientOptions['log']): void {
  let f: Partial<ProducerFixture> = {};
  before(async () => {
    const broker = await useBroker();
    f = { broker };
    const kafka = createKafkaClient({ id, name: id, bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: timeoutMs, log });
    const admin = new ClusterAdmin(kafka, timeoutMs, broker.bootstrap);
    f = { broker, kafka, admin, producer: new ClusterProducer(kafka, admin, timeoutMs, broker.bootstrap) };
    use(f as ProducerFixture);
  });
  after(async () => {
    await f.producer?.close();
    await f.admin?.close();
    await f.broker?.release();
  });
}
