// Kafka's error codes that a Produce, InitProducerId or Fetch answer can carry, with kafkajs 2.2.4's own
// type names, texts and retriable flags (src/protocol/error.js; test/unit/produceProtocol.test.ts checks each
// against kafkajs's table): errors from our own requests then read and classify (src/kafka/client/errors.ts,
// by `type`) exactly as they did when kafkajs sent those requests. One table for both, so they cannot drift.

export interface ErrorCodeInfo { type: string; retriable: boolean; message: string }

const CODES: Record<number, ErrorCodeInfo> = {
  [-1]: { type: 'UNKNOWN', retriable: false, message: 'The server experienced an unexpected error when processing the request' },
  1: { type: 'OFFSET_OUT_OF_RANGE', retriable: false, message: 'The requested offset is not within the range of offsets maintained by the server' },
  2: { type: 'CORRUPT_MESSAGE', retriable: true, message: 'This message has failed its CRC checksum, exceeds the valid size, or is otherwise corrupt' },
  3: { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true, message: 'This server does not host this topic-partition' },
  5: { type: 'LEADER_NOT_AVAILABLE', retriable: true, message: 'There is no leader for this topic-partition as we are in the middle of a leadership election' },
  6: { type: 'NOT_LEADER_FOR_PARTITION', retriable: true, message: 'This server is not the leader for that topic-partition' },
  7: { type: 'REQUEST_TIMED_OUT', retriable: true, message: 'The request timed out' },
  8: { type: 'BROKER_NOT_AVAILABLE', retriable: false, message: 'The broker is not available' },
  9: { type: 'REPLICA_NOT_AVAILABLE', retriable: true, message: 'The replica is not available for the requested topic-partition' },
  10: { type: 'MESSAGE_TOO_LARGE', retriable: false, message: 'The request included a message larger than the max message size the server will accept' },
  13: { type: 'NETWORK_EXCEPTION', retriable: true, message: 'The server disconnected before a response was received' },
  14: { type: 'GROUP_LOAD_IN_PROGRESS', retriable: true, message: "The coordinator is loading and hence can't process requests for this group" },
  15: { type: 'GROUP_COORDINATOR_NOT_AVAILABLE', retriable: true, message: 'The group coordinator is not available' },
  16: { type: 'NOT_COORDINATOR_FOR_GROUP', retriable: true, message: 'This is not the correct coordinator for this group' },
  17: { type: 'INVALID_TOPIC_EXCEPTION', retriable: false, message: 'The request attempted to perform an operation on an invalid topic' },
  18: { type: 'RECORD_LIST_TOO_LARGE', retriable: false, message: 'The request included message batch larger than the configured segment size on the server' },
  19: { type: 'NOT_ENOUGH_REPLICAS', retriable: true, message: 'Messages are rejected since there are fewer in-sync replicas than required' },
  20: { type: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', retriable: true, message: 'Messages are written to the log, but to fewer in-sync replicas than required' },
  21: { type: 'INVALID_REQUIRED_ACKS', retriable: false, message: 'Produce request specified an invalid value for required acks' },
  29: { type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false, message: 'Not authorized to access topics: [Topic authorization failed]' },
  31: { type: 'CLUSTER_AUTHORIZATION_FAILED', retriable: false, message: 'Cluster authorization failed' },
  32: { type: 'INVALID_TIMESTAMP', retriable: false, message: 'The timestamp of the message is out of acceptable range' },
  35: { type: 'UNSUPPORTED_VERSION', retriable: false, message: 'The version of API is not supported' },
  43: { type: 'UNSUPPORTED_FOR_MESSAGE_FORMAT', retriable: false, message: 'The message format version on the broker does not support the request' },
  44: { type: 'POLICY_VIOLATION', retriable: false, message: 'Request parameters do not satisfy the configured policy' },
  45: { type: 'OUT_OF_ORDER_SEQUENCE_NUMBER', retriable: false, message: 'The broker received an out of order sequence number' },
  46: { type: 'DUPLICATE_SEQUENCE_NUMBER', retriable: false, message: 'The broker received a duplicate sequence number' },
  47: { type: 'INVALID_PRODUCER_EPOCH', retriable: false, message: "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker" },
  48: { type: 'INVALID_TXN_STATE', retriable: false, message: 'The producer attempted a transactional operation in an invalid state' },
  49: { type: 'INVALID_PRODUCER_ID_MAPPING', retriable: false, message: 'The producer attempted to use a producer id which is not currently assigned to its transactional id' },
  51: { type: 'CONCURRENT_TRANSACTIONS', retriable: true, message: 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing' },
  53: { type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', retriable: false, message: 'Transactional Id authorization failed' },
  56: { type: 'KAFKA_STORAGE_ERROR', retriable: true, message: 'Disk error when trying to access log file on the disk' },
  59: { type: 'UNKNOWN_PRODUCER_ID', retriable: false, message: "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception" },
  74: { type: 'FENCED_LEADER_EPOCH', retriable: true, message: 'The leader epoch in the request is older than the epoch on the broker' },
  75: { type: 'UNKNOWN_LEADER_EPOCH', retriable: true, message: 'The leader epoch in the request is newer than the epoch on the broker' },
  76: { type: 'UNSUPPORTED_COMPRESSION_TYPE', retriable: false, message: 'The requesting client does not support the compression type of given partition' },
  78: { type: 'OFFSET_NOT_AVAILABLE', retriable: true, message: 'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing' },
  87: { type: 'INVALID_RECORD', retriable: false, message: 'This record has failed the validation on broker and hence be rejected' },
};

/** kafkajs's name, text and retriability for `code`, or undefined for a code it does not know. */
export const errorCodeInfo = (code: number): ErrorCodeInfo | undefined => CODES[code];

/** The codes listed above (for the test that compares them with kafkajs's table). */
export const KNOWN_ERROR_CODES: readonly number[] = Object.keys(CODES).map(Number);
