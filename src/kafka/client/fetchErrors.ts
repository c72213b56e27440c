// A Fetch partition's error code as the error kafkajs's own Fetch threw for it (KafkaJSProtocolError with
// Kafka's error name as `type`, KafkaJSOffsetOutOfRange with the topic and partition), so that the session's
// handling (src/kafka/client/errors.ts: RETRIABLE_FETCH, OUT_OF_RANGE, UNKNOWN_TOPIC) and every message a
// person sees stay as they were when kafkajs decoded Fetch. The names, messages and retriability are
// kafkajs 2.2.4's (src/protocol/error.js), for the codes a Fetch answer can carry.
import { kafkajs } from './vendor';

interface ProtocolErrorInfo { type: string; retriable: boolean; message: string }

const FETCH_ERRORS: Record<number, ProtocolErrorInfo> = {
  1: { type: 'OFFSET_OUT_OF_RANGE', retriable: false, message: 'The requested offset is not within the range of offsets maintained by the server' },
  2: { type: 'CORRUPT_MESSAGE', retriable: true, message: 'This message has failed its CRC checksum, exceeds the valid size, or is otherwise corrupt' },
  3: { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true, message: 'This server does not host this topic-partition' },
  5: { type: 'LEADER_NOT_AVAILABLE', retriable: true, message: 'There is no leader for this topic-partition as we are in the middle of a leadership election' },
  6: { type: 'NOT_LEADER_FOR_PARTITION', retriable: true, message: 'This server is not the leader for that topic-partition' },
  9: { type: 'REPLICA_NOT_AVAILABLE', retriable: true, message: 'The replica is not available for the requested topic-partition' },
  29: { type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false, message: 'Not authorized to access topics: [Topic authorization failed]' },
  35: { type: 'UNSUPPORTED_VERSION', retriable: false, message: 'The version of API is not supported' },
  56: { type: 'KAFKA_STORAGE_ERROR', retriable: true, message: 'Disk error when trying to access log file on the disk' },
  74: { type: 'FENCED_LEADER_EPOCH', retriable: true, message: 'The leader epoch in the request is older than the epoch on the broker' },
  75: { type: 'UNKNOWN_LEADER_EPOCH', retriable: true, message: 'The leader epoch in the request is newer than the epoch on the broker' },
  76: { type: 'UNSUPPORTED_COMPRESSION_TYPE', retriable: false, message: 'The requesting client does not support the compression type of given partition' },
  78: { type: 'OFFSET_NOT_AVAILABLE', retriable: true, message: 'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing' },
  100: { type: 'UNKNOWN_TOPIC_ID', retriable: true, message: 'This server does not host this topic ID' },
};

/** The error kafkajs threw for `code` in a Fetch answer (`partition` undefined: the answer's top-level error). */
export function fetchError(code: number, topic: string, partition?: number): Error {
  const info = FETCH_ERRORS[code] ?? { type: 'KAFKAJS_UNKNOWN_ERROR_CODE', retriable: false, message: `Unknown error code ${code}` };
  const e = { ...info, code: FETCH_ERRORS[code] ? code : -99 };
  const { KafkaJSProtocolError, KafkaJSOffsetOutOfRange } = kafkajs();
  // kafkajs's typings declare these constructors narrower than the JavaScript, which takes the error record.
  type Ctor = new (e: object, extra?: object) => Error;
  if (code === 1 && partition !== undefined) return new (KafkaJSOffsetOutOfRange as unknown as Ctor)(e, { topic, partition });
  return new (KafkaJSProtocolError as unknown as Ctor)(e);
}
