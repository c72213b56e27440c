// The kafkajs client our measurement scripts use: built by src/kafka/client exactly as the extension
// builds it for a plain cluster (same timeouts, retries and options).
import { ISocketFactory, Kafka } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/client/client';

export function benchClient(bootstrap: string, clientId: string, socketFactory?: ISocketFactory): Kafka {
  return createKafkaClient({ id: clientId, name: clientId, bootstrapServers: bootstrap.split(',') }, {}, {
    connectionTimeoutMs: 10_000, clientId, socketFactory,
  });
}
