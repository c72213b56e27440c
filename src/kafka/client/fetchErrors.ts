// A Fetch partition's error code as the error kafkajs's own Fetch threw for it (KafkaJSProtocolError with
// Kafka's error name as `type`, KafkaJSOffsetOutOfRange with the topic and partition), so that the session's
// handling (src/kafka/client/errors.ts: RETRIABLE_FETCH, OUT_OF_RANGE, UNKNOWN_TOPIC) and every message a
// person sees stay as they were when kafkajs decoded Fetch. The names, messages and retriability are
// kafkajs 2.2.4's (src/kafka/protocol/errorCodes.ts, shared with the producer).
import { errorCodeInfo } from '../protocol/errorCodes';
import { kafkajs } from './vendor';


/** The error kafkajs threw for `code` in a Fetch answer (`partition` undefined: the answer's top-level error). */
export function fetchError(code: number, topic: string, partition?: number): Error {
  const known = errorCodeInfo(code);
  const e = { ...(known ?? { type: 'KAFKAJS_UNKNOWN_ERROR_CODE', retriable: false, message: `Unknown error code ${code}` }), code: known ? code : -99 };
  const { KafkaJSProtocolError, KafkaJSOffsetOutOfRange } = kafkajs();
  // kafkajs's typings declare these constructors narrower than the JavaScript, which takes the error record.
  type Ctor = new (e: object, extra?: object) => Error;
  if (code === 1 && partition !== undefined) return new (KafkaJSOffsetOutOfRange as unknown as Ctor)(e, { topic, partition });
  return new (KafkaJSProtocolError as unknown as Ctor)(e);
}
