// One kafkajs Connection (its own network class, below the client) to a hand-written TCP peer, for the
// unit tests of src/kafka/client's kafkajs patch: the peer decides what bytes each socket gets, and the
// warnings kafkajs logs ("Response without match N") show which frames it read.
import { AddressInfo, Server } from 'node:net';
import '../../src/kafka/client/kafkajsPatched';

export interface KafkaConnection {
  connect(): Promise<boolean>;
  disconnect(): Promise<boolean>;
  isConnected(): boolean;
}
type ConnectionClass = new (o: object) => KafkaConnection;

/** A kafkajs Connection to `server` (listening on 127.0.0.1) and the warnings it logs. */
export function kafkajsConnection(server: Server): { connection: KafkaConnection; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    namespace: () => logger,
    info: () => undefined, debug: () => undefined, error: () => undefined,
    warn: (message: string, extra?: { correlationId?: number }) => { warnings.push(`${message} ${extra?.correlationId ?? ''}`); },
  };
  /* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internal network classes have no typed entry point */
  const Connection = require('kafkajs/src/network/connection') as ConnectionClass;
  const socketFactory = (require('kafkajs/src/network/socketFactory') as () => unknown)();
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { port } = server.address() as AddressInfo;
  const connection = new Connection({ host: '127.0.0.1', port, logger, socketFactory, requestTimeout: 2_000, connectionTimeout: 2_000 });
  return { connection, warnings };
}
