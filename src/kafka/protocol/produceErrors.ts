// A Produce or InitProducerId answer's error as kafkajs's producer threw it (names, texts and retriability
// from errorCodes.ts): the lean producer's refusals read exactly as they did when kafkajs's producer sent,
// and src/kafka/client/errors.ts classifies them by `type` as before.

import { errorCodeInfo, KNOWN_ERROR_CODES } from './errorCodes';


/** The codes listed above (for the test that compares them with kafkajs's table). */
export const KNOWN_PRODUCE_ERROR_CODES = KNOWN_ERROR_CODES;

/** A broker's refusal, shaped as kafkajs's KafkaJSProtocolError (type, code, retriable) so it is classified the same. */
export class KafkaProtocolError extends Error {
  readonly type: string;
  readonly retriable: boolean;
  /**
   * The broker's own explanation (Produce v8+), kept apart so the message reads as kafkajs's did (Kafka may
   * say e.g. "Compacted topic cannot accept message without key in topic partition t-0.").
   */
  readonly brokerMessage: string | undefined;
  constructor(readonly code: number, brokerMessage?: string | null) {
    const known = errorCodeInfo(code);
    super(known?.message ?? `Unknown error code ${code}`);
    this.brokerMessage = brokerMessage ?? undefined;
    this.name = 'KafkaProtocolError';
    this.type = known?.type ?? 'KAFKAJS_UNKNOWN_ERROR_CODE';
    this.retriable = known?.retriable ?? false;
  }
}

/** Produce errors after which the same batch may be sent again (to the leader the metadata names then). */
export function retriableProduceError(code: number): boolean {
  // CORRUPT_MESSAGE is kafkajs's "retriable" too, but our bytes would be corrupt again: not retried.
  return code !== 2 && (errorCodeInfo(code)?.retriable ?? false);
}

export const DUPLICATE_SEQUENCE_NUMBER = 46;
export const OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
export const UNKNOWN_PRODUCER_ID = 59;
