// The state a ProduceStream keeps (per broker, per partition, per batch), its bounds, and which failures
// allow the same bytes to be sent again: the shapes, apart from the stream's logic.
import type { BatchCompression, RecordBatchBuilder } from '../protocol/recordBatchEncoder';

export const MAX_IN_FLIGHT = 5;
/** Tries per batch before the send fails; with the backoff below, about 12 s of a cluster electing leaders. */
export const MAX_ATTEMPTS = 10;
export const backoffMs = (failures: number): number => Math.min(2_000, 100 * 2 ** failures);

export interface StreamSettings {
  topic: string;
  acks: 'all' | 'leader';
  compression: BatchCompression;
  timeoutMs: number;
  /** Uncompressed bytes of one broker's open batches that make a request. */
  requestBytes: number;
  /** Called with the number of records written so far, after each acknowledgement. */
  onAcked?(acked: number): void;
}

export interface AckedRange { partition: number; first: bigint; last: bigint; count: number }

export interface NodeState {
  id: number;
  /** kafkajs's Broker, looked up when the leaders are loaded, so requests reach the connection in the order issued. */
  broker: unknown;
  inFlight: number;
  openBytes: number;
}

export interface Batch {
  partition: number;
  count: number;
  builder: RecordBatchBuilder | undefined;
  /** The stamped, finished bytes, from the first send on (resent as they are). */
  bytes: Buffer | undefined;
  state: 'queued' | 'inflight' | 'retry';
  attempts: number;
}

export interface PartitionState {
  id: number;
  node: NodeState | undefined;
  open: RecordBatchBuilder | undefined;
  /** Sent or sealed batches not yet acknowledged, in sequence order. */
  unacked: Batch[];
  /** The size the next batch starts with: the last one's, so a batch rarely grows by copying. */
  capacity: number;
}

/** Failures of the connection or of our wait, after which the same bytes may be sent again. */
export function isNetworkError(e: unknown): boolean {
  const x = e as { name?: string; code?: string; retriable?: boolean };
  if (/^KafkaJS(Connection|ConnectionClosed|RequestTimeout|BrokerNotFound|NumberOfRetriesExceeded)Error$|^KafkaJSBrokerNotFound$|^KafkaJSNumberOfRetriesExceeded$/.test(x.name ?? '')) return true;
  return ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(x.code ?? '');
}
