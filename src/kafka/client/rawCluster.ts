// kafkajs's own low-level cluster object (metadata, ListOffsets, Fetch), for consuming without a
// consumer group. kafkajs's public consumer always joins a group (JoinGroup/SyncGroup, which makes the
// coordinator persist group metadata in __consumer_offsets); browsing a topic must not do that. The
// Kafka client keeps its cluster factory under a private symbol; kafkajs is pinned to an exact version
// (2.2.4) in package.json, and the integration tests exercise every method typed here.
import type { Admin, Kafka } from 'kafkajs';

export interface RawPartitionMetadata {
  partitionId: number;
  leader: number;
  partitionErrorCode: number;
  /** Brokers holding a replica (named when the partition has no leader). */
  replicas?: number[];
}

/** A record as kafkajs's Fetch decoder returns it (the group member's consumer, src/kafka/consume/groupSession.ts). */
export interface RawRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
  isControlRecord?: boolean;
  /** The batch this record came from (record batch v2 only); the same object for every record of it. */
  batchContext?: { timestampType?: number };
}

/** A broker as the cluster object hands it out; Fetch and the requests kafkajs lacks go through rawRequest.ts. */
export type RawBroker = object;

export interface RawTopicOffsetsRequest {
  topic: string;
  partitions: Array<{ partition: number }>;
  fromBeginning?: boolean;
  fromTimestamp?: number;
}

export interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): RawPartitionMetadata[];
  findBroker(q: { nodeId: number }): Promise<RawBroker>;
  fetchTopicsOffset(topics: RawTopicOffsetsRequest[]): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

/**
 * Read-committed, kcat's (librdkafka's) default: records of aborted transactions are never shown, and the
 * end offsets (ListOffsets "latest") are the last stable offsets, where read_committed fetches stop, so a
 * session bounded by them ends even while a transaction is open. Fetch uses the same level (fetchAnswer.ts).
 */
export const READ_COMMITTED = 1;

/**
 * `kafka.admin()` and the cluster object kafkajs builds for it (undefined when this kafkajs builds it
 * elsewhere): the admin's own cluster is private, and deletedTopics.ts needs it.
 */
export function createAdminWithCluster(kafka: Kafka): { admin: Admin; cluster: object | undefined } {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const k = kafka as unknown as Record<symbol, unknown>;
  const create = sym ? k[sym] : undefined;
  if (!sym || typeof create !== 'function') return { admin: kafka.admin(), cluster: undefined };
  let cluster: object | undefined;
  k[sym] = (o: object): object => (cluster = (create as (o: object) => object).call(kafka, o));
  try {
    const admin = kafka.admin();
    return { admin, cluster };
  } finally {
    k[sym] = create;
  }
}

/** A fresh cluster object (its own connections, closed by its disconnect()) built from `kafka`'s settings. */
export function createRawCluster(kafka: Kafka): RawCluster {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = sym ? (kafka as unknown as Record<symbol, unknown>)[sym] : undefined;
  if (typeof create !== 'function') {
    throw new Error('this kafkajs version does not expose its cluster factory; Kafka Dev needs kafkajs 2.2.x');
  }
  return (create as (o: object) => RawCluster)({
    allowAutoTopicCreation: false,
    maxInFlightRequests: null,
    isolationLevel: READ_COMMITTED,
    metadataMaxAge: 300_000,
  });
}

interface PooledConnection {
  socket?: { destroy(error?: Error): void; connecting?: boolean };
  rejectRequests?(error: Error): void;
}
interface SocketHolder { connectionPool?: { pool?: PooledConnection[] } }

/**
 * Destroys every socket the cluster object holds, at once. kafkajs's disconnect() first waits for
 * in-flight requests (up to the request timeout, 30 s here) — too long when a person pressed Stop or
 * a start timed out against a broker that accepts TCP but never answers.
 * With `reason`, the in-flight requests of each connection are rejected with it first (kafkajs's own
 * rejectRequests), so a pending Fetch fails at once instead of waiting out the request timeout (Stop
 * took 30 s). The sockets are then destroyed without an error: destroying with one made kafkajs log
 * "Connection error: … closed by Kafka Dev: the consumer was stopped" at error level for a deliberate
 * stop. Only a connection still connecting (no request on it yet, e.g. a stop while reconnecting) gets
 * the error, as that is the one way to end its connect attempt now.
 * Without `reason` (nothing waits on the sockets: a start that timed out, or a session that has ended)
 * nothing is rejected: a rejected connect would make kafkajs's retrier open a new connection at once.
 */
export function destroySockets(cluster: RawCluster, reason?: Error): void {
  const pool = (cluster as unknown as { brokerPool?: { seedBroker?: SocketHolder; brokers?: Record<string, SocketHolder> } }).brokerPool;
  for (const b of [pool?.seedBroker, ...Object.values(pool?.brokers ?? {})]) {
    for (const c of b?.connectionPool?.pool ?? []) {
      try {
        const connecting = c.socket?.connecting === true;
        if (reason && !connecting) c.rejectRequests?.(reason);
        c.socket?.destroy(reason && connecting ? reason : undefined);
      } catch { /* already closed */ }
    }
  }
}
