// A Fetch answer's record set read straight from its bytes: RecordBatch v2 (magic 2) here, the legacy
// message sets (magic 0 and 1) in legacyMessageSet.ts. Per batch, one BigInt for the base offset; per
// record, numbers (base + delta), the offset string and one object, a LeanRecord that reads its key, value
// and headers when first asked (kafkajs made a Long, an offset string through Long arithmetic and several
// objects per record: ~45% of a consume's CPU).
// Compressed batches are inflated whole by the caller's `inflate`. Keys, values and headers are views
// into the response (or the inflated batch), never copies.
//
// What is shown follows Kafka's own consumer (Fetcher/CompletedFetch): control batches never; under
// read_committed, a transactional batch of a producer whose transaction the answer lists as aborted
// (from its first offset on, until that producer's abort marker). `next` is the offset after the last
// whole batch, hidden or not, so the position moves past control records, aborted records and offsets
// compacted away; a batch cut at the response limit is left for the next fetch.
import type { ConsumedRecord } from '../rules/recordFormat';
import type { AbortedTransaction } from './fetch';
import { decodeLegacy } from './legacyMessageSet';
import { Cursor, LeanRecord } from './leanRecord';

export type Compression = NonNullable<ConsumedRecord['compression']>;
/** Inflates a compressed batch's records (or a legacy wrapper's message set). */
export type Inflate = (codec: Compression, data: Buffer) => Buffer;

export const CODECS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export interface DecodeOptions {
  partition: number;
  inflate: Inflate;
  /** Under read_committed: the answer's aborted transactions (empty otherwise). */
  aborted?: readonly AbortedTransaction[];
}

export interface DecodedRecords {
  /** The records a person may see, ascending offsets. */
  records: ConsumedRecord[];
  /** Their offsets as numbers, or undefined when an offset is beyond 2^53 (then compare `records[i].offset`). */
  offsets: number[] | undefined;
  /** The offset after the last whole batch; undefined when the set held no whole batch. */
  next: bigint | undefined;
}

const HEADER = 61; // RecordBatch v2 header up to and including the record count
const LOG_OVERHEAD = 12; // base offset + batch length
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Decodes every whole batch of `set` (a partition's record set) and says where the next fetch starts. */
export function decodeRecordSet(set: Buffer, o: DecodeOptions): DecodedRecords {
  const out: DecodedRecords = { records: [], offsets: [], next: undefined };
  // Aborted transactions not yet started (ascending first offset) and the producers now inside one.
  const pending = [...(o.aborted ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortedProducers = new Set<bigint>();
  let pos = 0;
  while (pos + LOG_OVERHEAD <= set.length) {
    const size = set.readInt32BE(pos + 8);
    const end = pos + LOG_OVERHEAD + size;
    if (end > set.length) break; // cut at the response limit: the next fetch asks for it again
    if (size < 5) throw new Error(`malformed record set: an entry of ${size} bytes at byte ${pos}`);
    const magic = set.readInt8(pos + 16);
    if (magic < 2) {
      out.next = decodeLegacy(set.subarray(pos, end), o, out);
    } else if (magic === 2) {
      out.next = decodeBatch(set, pos, end, o, out, pending, abortedProducers);
    } else {
      throw new Error(`record batch with magic ${magic} at byte ${pos}: not a format Kafka Dev knows`);
    }
    pos = end;
  }
  return out;
}

function decodeBatch(set: Buffer, pos: number, end: number, o: DecodeOptions, out: DecodedRecords,
  pending: AbortedTransaction[], abortedProducers: Set<bigint>): bigint {
  if (end - pos < HEADER) throw new Error(`malformed record batch: ${end - pos} bytes at byte ${pos}, shorter than its header`);
  const base = set.readBigInt64BE(pos);
  const attributes = set.readInt16BE(pos + 21);
  const lastOffsetDelta = set.readInt32BE(pos + 23);
  const next = base + BigInt(lastOffsetDelta) + 1n;
  const producerId = set.readBigInt64BE(pos + 43);
  const count = set.readInt32BE(pos + 57);
  const transactional = (attributes & 0x10) !== 0;
  const control = (attributes & 0x20) !== 0;
  if (producerId >= 0n && (pending.length > 0 || abortedProducers.size > 0)) {
    // Transactions that started at or before this batch's last offset are in effect from here on.
    while (pending.length > 0 && pending[0].firstOffset < next) abortedProducers.add(pending.shift()!.producerId);
    if (control) {
      if (abortedProducers.has(producerId) && isAbortMarker(set, pos, end)) abortedProducers.delete(producerId);
    } else if (transactional && abortedProducers.has(producerId)) {
      return next;
    }
  }
  if (control || count <= 0) return next;
  const codec = CODECS[attributes & 0x07];
  if (codec === undefined) throw new Error(`record batch at offset ${base} uses compression type ${attributes & 0x07}, which Kafka Dev does not know`);
  const c = codec === 'none' ? new Cursor(set, pos + HEADER, end) : inflated(o.inflate(codec, set.subarray(pos + HEADER, end)));
  const logAppend = (attributes & 0x08) !== 0;
  const firstTs = Number(set.readBigInt64BE(pos + 27));
  const maxTs = Number(set.readBigInt64BE(pos + 35));
  const timestampType = logAppend ? 'LogAppendTime' : 'CreateTime';
  // Offsets as numbers while they fit (always, in practice); BigInt beyond 2^53.
  const safe = next <= MAX_SAFE;
  const baseNum = Number(base);
  if (!safe) out.offsets = undefined;
  const { records, partition } = { records: out.records, partition: o.partition };
  const src = c.buf;
  for (let i = 0; i < count; i++) {
    const len = c.varint();
    const recEnd = c.pos + len;
    if (len < 0 || recEnd > c.end) c.fail(`record ${i} of the batch at offset ${base} runs past it`);
    c.pos++; // record attributes: unused
    const tsDelta = c.varint();
    const offsetDelta = c.varint();
    if (c.pos > recEnd) c.fail(`record ${i} of the batch at offset ${base} is shorter than its header`);
    const offset = safe ? String(baseNum + offsetDelta) : (base + BigInt(offsetDelta)).toString();
    if (out.offsets) out.offsets.push(baseNum + offsetDelta);
    // Key, value and headers are read when first asked for (LeanRecord).
    records.push(new LeanRecord(partition, offset, logAppend ? maxTs : firstTs + tsDelta, timestampType, codec, src, c.pos, recEnd));
    c.pos = recEnd;
  }
  return next;
}

function inflated(b: Buffer): Cursor { return new Cursor(b, 0, b.length); }

/** A control batch's first record says ABORT (type 0) or COMMIT (type 1) in its key. Never compressed. */
function isAbortMarker(set: Buffer, pos: number, end: number): boolean {
  if ((set.readInt16BE(pos + 21) & 0x07) !== 0 || set.readInt32BE(pos + 57) < 1) return false;
  const c = new Cursor(set, pos + HEADER, end);
  c.varint(); c.pos++; c.varint(); c.varint();
  const key = c.bytes();
  return key !== null && key.length >= 4 && key.readInt16BE(2) === 0;
}
