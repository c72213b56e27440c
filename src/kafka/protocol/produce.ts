// Produce (API key 0) and InitProducerId (API key 22), ours for the lean producer (src/kafka/produce). Produce
// v3–v9: v3 is the first with RecordBatch v2 and the last that both Kafka 3.9 and 4.x still accept at the low
// end (4.0 removed v0–v2); v9 is the first flexible one (KIP-482). v3–v8 requests are identical; the answers
// grow (log_start_offset from v5, record_errors and error_message from v8). The request body is assembled as
// a list of parts, written to the socket one after the other (framedRequest.ts), so no batch's bytes are copied. Schemas: Kafka's
// ProduceRequest.json / ProduceResponse.json / InitProducerId{Request,Response}.json.
import { WireReader, WireWriter } from './wire';

export const PRODUCE = { apiKey: 0, apiName: 'Produce', minVersion: 3, maxVersion: 9, firstFlexible: 9 } as const;
export const INIT_PRODUCER_ID = { apiKey: 22, apiName: 'InitProducerId', minVersion: 0, maxVersion: 4, firstFlexible: 2 } as const;

export interface ProduceTopicData {
  topic: string;
  partitions: ReadonlyArray<{ partition: number; batch: Buffer }>;
}

export interface ProducePartitionAnswer {
  partition: number;
  errorCode: number;
  /** −1 when the broker does not say (e.g. a duplicate it answers with DUPLICATE_SEQUENCE_NUMBER). */
  baseOffset: bigint;
  /** The broker's explanation (v8+), or the first per-record error's. */
  errorMessage: string | null;
}

export interface ProduceAnswer {
  topics: Array<{ topic: string; partitions: ProducePartitionAnswer[] }>;
  throttleTimeMs: number;
}

function uvarintBytes(v: number): Buffer {
  const out: number[] = [];
  let n = v >>> 0;
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return Buffer.from(out);
}

/** The request body (no header): acks −1 (all) or 1 (leader); `timeoutMs` bounds the wait for replicas. */
export function encodeProduce(version: number, acks: -1 | 1, timeoutMs: number, data: readonly ProduceTopicData[]): Buffer {
  return Buffer.concat(produceParts(version, acks, timeoutMs, data));
}

/** encodeProduce's body as the pieces it is joined from: each batch's bytes are one of them, not copied. */
export function produceParts(version: number, acks: -1 | 1, timeoutMs: number, data: readonly ProduceTopicData[]): Buffer[] {
  const flexible = version >= PRODUCE.firstFlexible;
  const parts: Buffer[] = [];
  const head = new WireWriter();
  if (flexible) head.compactString(null); else head.string(null); // transactional_id: none
  head.int16(acks).int32(timeoutMs);
  if (flexible) head.uvarint(data.length + 1); else head.int32(data.length);
  parts.push(head.bytes());
  for (const t of data) {
    const w = new WireWriter();
    if (flexible) w.compactString(t.topic).uvarint(t.partitions.length + 1); else w.string(t.topic).int32(t.partitions.length);
    parts.push(w.bytes());
    for (const p of t.partitions) {
      const pw = new WireWriter().int32(p.partition);
      parts.push(flexible ? Buffer.concat([pw.bytes(), uvarintBytes(p.batch.length + 1)]) : pw.int32(p.batch.length).bytes());
      parts.push(p.batch);
      if (flexible) parts.push(Buffer.from([0])); // the partition's tags
    }
    if (flexible) parts.push(Buffer.from([0])); // the topic's tags
  }
  if (flexible) parts.push(Buffer.from([0])); // the request's tags
  return parts;
}

export function decodeProduce(version: number, body: Buffer): ProduceAnswer {
  const flexible = version >= PRODUCE.firstFlexible;
  const r = new WireReader(body);
  const str = (): string => (flexible ? r.compactString() : r.string()) ?? '';
  const nstr = (): string | null => (flexible ? r.compactString() : r.string());
  const arr = <T>(each: () => T): T[] => (flexible ? r.compactArray(each) : r.array(each));
  const topics = arr(() => {
    const topic = str();
    const partitions = arr((): ProducePartitionAnswer => {
      const partition = r.int32();
      const errorCode = r.int16();
      const baseOffset = r.int64();
      r.int64(); // log_append_time_ms
      if (version >= 5) r.int64(); // log_start_offset
      let errorMessage: string | null = null;
      if (version >= 8) {
        const recordErrors = arr(() => {
          const batchIndex = r.int32();
          const message = nstr();
          if (flexible) r.skipTags();
          return { batchIndex, message };
        });
        errorMessage = nstr() ?? recordErrors.find((e) => e.message)?.message ?? null;
      }
      if (flexible) r.skipTags();
      return { partition, errorCode, baseOffset, errorMessage };
    });
    if (flexible) r.skipTags();
    return { topic, partitions };
  });
  const throttleTimeMs = r.int32();
  if (flexible) r.skipTags();
  return { topics, throttleTimeMs };
}

/** InitProducerId for an idempotent producer: no transactional id; v3+ asks for a new id (−1, −1). */
export function encodeInitProducerId(version: number, transactionTimeoutMs = 60_000): Buffer {
  const flexible = version >= INIT_PRODUCER_ID.firstFlexible;
  const w = new WireWriter();
  if (flexible) w.compactString(null); else w.string(null);
  w.int32(transactionTimeoutMs);
  if (version >= 3) w.int64(-1n).int16(-1);
  if (flexible) w.noTags();
  return w.bytes();
}

export interface InitProducerIdAnswer { errorCode: number; producerId: bigint; producerEpoch: number }

export function decodeInitProducerId(version: number, body: Buffer): InitProducerIdAnswer {
  const r = new WireReader(body);
  r.int32(); // throttle_time_ms
  const errorCode = r.int16();
  const producerId = r.int64();
  const producerEpoch = r.int16();
  if (version >= INIT_PRODUCER_ID.firstFlexible) r.skipTags();
  return { errorCode, producerId, producerEpoch };
}
