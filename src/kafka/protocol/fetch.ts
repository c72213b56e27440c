// Fetch (API key 1), our own encoding, so that the record sets of the answer can be read straight from its
// bytes (src/kafka/protocol/recordBatch.ts) instead of through kafkajs's decoder (a Long and an object per
// record). Versions 4–12 with topic names: Kafka 4.x accepts 4–17, 3.9 0–17; v13+ name topics by id.
// v12 is flexible (KIP-482). No fetch sessions (session id 0, epoch −1: a full fetch every time), no rack.
// Schema: Kafka's clients/src/main/resources/common/message/Fetch{Request,Response}.json.
import { WireReader, WireWriter } from './wire';

export const FETCH = { apiKey: 1, apiName: 'Fetch', minVersion: 4, maxVersion: 12 } as const;
export const FLEXIBLE_FROM = 12;

/** read_uncommitted (0) sees every record up to the high watermark; read_committed (1) stops at the last stable offset. */
export const READ_COMMITTED = 1;

export interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topic: string;
  partitions: ReadonlyArray<{ partition: number; fetchOffset: bigint; maxBytes: number }>;
}

export interface AbortedTransaction { producerId: bigint; firstOffset: bigint }

export interface FetchPartitionData {
  partition: number;
  errorCode: number;
  highWatermark: bigint;
  /** −1 before v4. */
  lastStableOffset: bigint;
  abortedTransactions: AbortedTransaction[];
  /** The record set: whole batches, possibly followed by one cut at the response limit. */
  records: Buffer | null;
}

export interface FetchResponse {
  throttleTimeMs: number;
  /** Top-level error (v7+, fetch sessions); 0 when none. */
  errorCode: number;
  topics: Array<{ topic: string; partitions: FetchPartitionData[] }>;
}

export function encodeFetch(version: number, q: FetchRequest): Buffer {
  const flex = version >= FLEXIBLE_FROM;
  const w = new WireWriter();
  w.int32(-1).int32(q.maxWaitMs).int32(q.minBytes).int32(q.maxBytes).int8(q.isolationLevel);
  if (version >= 7) w.int32(0).int32(-1);
  const str = (s: string): void => { if (flex) w.compactString(s); else w.string(s); };
  const arr = <T>(items: readonly T[], each: (x: T) => void): void => {
    if (flex) w.uvarint(items.length + 1); else w.int32(items.length);
    for (const it of items) each(it);
  };
  arr([q.topic], (t) => {
    str(t);
    arr(q.partitions, (p) => {
      w.int32(p.partition);
      if (version >= 9) w.int32(-1); // current leader epoch: unknown, the broker does not check it
      w.int64(p.fetchOffset);
      if (version >= 12) w.int32(-1); // last fetched epoch: none (no divergence check)
      if (version >= 5) w.int64(-1n); // log start offset: only followers send one
      w.int32(p.maxBytes);
      if (flex) w.noTags();
    });
    if (flex) w.noTags();
  });
  if (version >= 7) arr([], () => undefined); // forgotten topics (sessions only)
  if (version >= 11) str(''); // rack id
  if (flex) w.noTags();
  return w.bytes();
}

export function decodeFetch(version: number, body: Buffer): FetchResponse {
  const flex = version >= FLEXIBLE_FROM;
  const r = new WireReader(body);
  const count = (): number => (flex ? r.uvarint() - 1 : r.int32());
  const throttleTimeMs = r.int32();
  let errorCode = 0;
  if (version >= 7) { errorCode = r.int16(); r.int32(); }
  const topics: FetchResponse['topics'] = [];
  const nt = count();
  for (let t = 0; t < nt; t++) {
    const topic = (flex ? r.compactString() : r.string()) ?? '';
    const partitions: FetchPartitionData[] = [];
    const np = count();
    for (let i = 0; i < np; i++) {
      const partition = r.int32();
      const pErr = r.int16();
      const highWatermark = r.int64();
      const lastStableOffset = version >= 4 ? r.int64() : -1n;
      if (version >= 5) r.int64(); // log start offset
      const abortedTransactions: AbortedTransaction[] = [];
      const na = version >= 4 ? count() : -1; // null (−1) when none were asked for
      for (let a = 0; a < na; a++) {
        abortedTransactions.push({ producerId: r.int64(), firstOffset: r.int64() });
        if (flex) r.skipTags();
      }
      if (version >= 11) r.int32(); // preferred read replica
      const records = flex ? r.compactBytes() : r.bytes();
      if (flex) r.skipTags();
      partitions.push({ partition, errorCode: pErr, highWatermark, lastStableOffset, abortedTransactions, records });
    }
    if (flex) r.skipTags();
    topics.push({ topic, partitions });
  }
  if (flex) r.skipTags();
  return { throttleTimeMs, errorCode, topics };
}
