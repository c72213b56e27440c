// Kafka's RecordBatch v2 (magic 2), written by us for the lean producer: records are appended straight into
// ONE growing buffer per batch (strings written as UTF-8 in place, no Buffer per key or value, no Long per
// record), the 61-byte batch header is filled in when the batch is sent, and the CRC-32C is computed once over
// the finished bytes. With a codec, the records section is compressed as a whole (as Kafka requires).
// Layout (Kafka's DefaultRecordBatch): baseOffset int64, batchLength int32, partitionLeaderEpoch int32,
// magic int8, crc uint32, attributes int16, lastOffsetDelta int32, baseTimestamp int64, maxTimestamp int64,
// producerId int64, producerEpoch int16, baseSequence int32, records count int32, then each record:
// length varint, attributes int8, timestampDelta varlong, offsetDelta varint, key (varint length, -1 = null),
// value (same), headers (varint count; each: varint key length + key, varint value length + value).
import { gzipSync } from 'node:zlib';
import { lz4Compress, snappyCompress, zstdCompress } from '../client/codecs';
import { crc32c } from './crc32c';

export type BatchCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** The codec id in the batch attributes' low three bits. */
export const COMPRESSION_ID: Record<BatchCompression, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

const COMPRESS: Record<Exclude<BatchCompression, 'none'>, (b: Buffer) => Buffer> = {
  gzip: (b) => gzipSync(b), snappy: snappyCompress, lz4: lz4Compress, zstd: zstdCompress,
};

export const BATCH_HEADER_BYTES = 61;
/** Where the CRC's coverage starts: the attributes, after baseOffset, batchLength, leader epoch, magic, crc. */
const CRC_FROM = 21;

/** A record's bytes or text (text is written as UTF-8); null = absent (a null key, a tombstone). */
export type Bytes = Buffer | string | null;

/**
 * A value that writes itself into the batch (a rendered template, src/kafka/produce/templateBytes.ts): its
 * UTF-8 length, then its bytes at `at`, with no string or Buffer in between.
 */
export interface DirectBytes {
  readonly byteLength: number;
  writeTo(buf: Buffer, at: number): void;
}

/** A record's value: bytes, text, or bytes written in place. */
export type ValueBytes = Bytes | DirectBytes;

export interface RecordHeader { name: string; value: Bytes }

/** The producer identity a batch is stamped with when sent (−1s for a producer that is not idempotent). */
export interface BatchStamp { producerId: bigint; producerEpoch: number; baseSequence: number }

/** Node's own UTF-8 writer (Buffer.prototype.write without its argument checks): returns the bytes written. */
interface Utf8Writer { utf8Write(s: string, offset: number, length?: number): number }
export const utf8Write = (buf: Buffer, s: string, at: number): number => (buf as unknown as Utf8Writer).utf8Write(s, at);

/** Values up to this many characters are written without measuring them first (see appendText). */
const MEASURE_FROM = 4096;

const byteLen = (b: ValueBytes): number => (b === null ? -1 : typeof b === 'string' ? Buffer.byteLength(b, 'utf8') : b.byteLength);

/** Bytes of a zigzag varint for a 32-bit signed value. */
function varintSize(n: number): number {
  let z = ((n << 1) ^ (n >> 31)) >>> 0;
  let size = 1;
  while (z >= 0x80) { z >>>= 7; size++; }
  return size;
}

/** Zigzag of a whole number within ±2^52 (a timestamp delta), as a double. */
const zigzag64 = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);

function uvarint64Size(z: number): number {
  let size = 1;
  while (z >= 0x80) { z = Math.floor(z / 128); size++; }
  return size;
}

/**
 * A header section (count and headers) as one Buffer: the producer form's headers are the same for every
 * record, so they are encoded once and copied into each record.
 */
export function encodeHeaders(headers: readonly RecordHeader[]): Buffer {
  let size = varintSize(headers.length);
  const lens = headers.map((h) => [Buffer.byteLength(h.name, 'utf8'), byteLen(h.value)] as const);
  for (const [k, v] of lens) size += varintSize(k) + k + varintSize(v) + Math.max(0, v);
  const w = new RecordBatchBuilder(size, 0);
  w.varint(headers.length);
  headers.forEach((h, i) => { w.varint(lens[i][0]); w.put(h.name, lens[i][0]); w.varint(lens[i][1]); w.put(h.value, lens[i][1]); });
  return w.raw();
}

const EMPTY_HEADERS = Buffer.from([0]);

/**
 * One batch being filled. `append` writes a record; `finish` stamps the header (producer id, epoch, base
 * sequence: known only when the batch is sent) and returns the batch's bytes, compressed when asked.
 */
export class RecordBatchBuilder {
  private buf: Buffer;
  private pos: number;
  private firstTimestamp = 0;
  private maxTimestamp = 0;
  count = 0;

  constructor(capacity: number, headerRoom = BATCH_HEADER_BYTES) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, headerRoom + 16));
    this.pos = headerRoom;
  }

  /** Bytes written so far, header included: what the batch weighs before compression. */
  get size(): number { return this.pos; }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  varint(n: number): void {
    let z = ((n << 1) ^ (n >> 31)) >>> 0;
    const b = this.buf;
    while (z >= 0x80) { b[this.pos++] = (z & 0x7f) | 0x80; z >>>= 7; }
    b[this.pos++] = z;
  }

  private uvarint64(z: number): void {
    const b = this.buf;
    while (z >= 0x80) { b[this.pos++] = (z % 128) | 0x80; z = Math.floor(z / 128); }
    b[this.pos++] = z;
  }

  /** Writes `len` bytes of `v` (its UTF-8 when text). */
  put(v: ValueBytes, len: number): void {
    if (v === null || len <= 0) return;
    if (typeof v === 'string') utf8Write(this.buf, v, this.pos);
    else if (v instanceof Uint8Array) this.buf.set(v, this.pos);
    else v.writeTo(this.buf, this.pos);
    this.pos += len;
  }

  /**
   * Appends one record, unless the batch already holds records and would grow beyond `limit` bytes (then
   * returns false and writes nothing: the caller starts a new batch, so one batch stays under the broker's
   * message.max.bytes). `headers` is a section from encodeHeaders (null: none); `timestamp` in epoch ms.
   */
  append(key: Bytes, value: ValueBytes, headers: Buffer | null, timestamp: number, limit = Infinity): boolean {
    if (typeof value === 'string' && value.length <= MEASURE_FROM) return this.appendText(key, value, headers, timestamp, limit);
    const keyLen = byteLen(key);
    const valueLen = byteLen(value);
    const h = headers ?? EMPTY_HEADERS;
    const first = this.count === 0;
    const tsDelta = first ? 0 : zigzag64(timestamp - this.firstTimestamp);
    const body = 1 + uvarint64Size(tsDelta) + varintSize(this.count) + varintSize(keyLen) + Math.max(0, keyLen)
      + varintSize(valueLen) + Math.max(0, valueLen) + h.length;
    if (!first && this.pos + 5 + body > limit) return false;
    this.noteTimestamp(first, timestamp);
    this.ensure(5 + body);
    this.recordHead(body, tsDelta, key, keyLen);
    this.varint(valueLen);
    this.put(value, valueLen);
    h.copy(this.buf, this.pos);
    this.pos += h.length;
    this.count++;
    return true;
  }

  private noteTimestamp(first: boolean, timestamp: number): void {
    if (first) { this.firstTimestamp = timestamp; this.maxTimestamp = timestamp; } else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  /** A record's length, attributes, deltas and key: everything before its value's length. */
  private recordHead(bodyLen: number, tsDelta: number, key: Bytes, keyLen: number): void {
    this.varint(bodyLen);
    this.buf[this.pos++] = 0; // record attributes: unused
    this.uvarint64(tsDelta);
    this.varint(this.count);
    this.varint(keyLen);
    this.put(key, keyLen);
  }

  /**
   * append() for a text value of at most MEASURE_FROM characters, in one pass over it: the value is written
   * as UTF-8 where it would go if its byte length were its character count (true for ASCII), and moved
   * only when its length's varints turn out longer. The limit is checked with the character count (a
   * lower bound), which at this size keeps a batch far below the broker's limit.
   */
  private appendText(key: Bytes, value: string, headers: Buffer | null, timestamp: number, limit: number): boolean {
    const keyLen = byteLen(key);
    const first = this.count === 0;
    const tsDelta = first ? 0 : zigzag64(timestamp - this.firstTimestamp);
    const hLen = headers === null ? 1 : headers.length;
    // Everything between the record's length and the value's length: attributes, deltas, key.
    const lead = 1 + uvarint64Size(tsDelta) + varintSize(this.count) + varintSize(keyLen) + Math.max(0, keyLen);
    let vSize = varintSize(value.length);
    let bodySize = varintSize(lead + vSize + value.length + hLen);
    if (!first && this.pos + bodySize + lead + vSize + value.length + hLen > limit) return false;
    this.noteTimestamp(first, timestamp);
    this.ensure(10 + lead + 5 + value.length * 3 + hLen);
    let at = this.pos + bodySize + lead + vSize;
    const n = utf8Write(this.buf, value, at);
    if (varintSize(n) !== vSize || varintSize(lead + varintSize(n) + n + hLen) !== bodySize) {
      vSize = varintSize(n);
      bodySize = varintSize(lead + vSize + n + hLen);
      const moved = this.pos + bodySize + lead + vSize;
      this.buf.copyWithin(moved, at, at + n);
      at = moved;
    }
    this.recordHead(lead + vSize + n + hLen, tsDelta, key, keyLen);
    this.varint(n);
    this.pos = at + n;
    if (headers === null) this.buf[this.pos++] = 0;
    else { headers.copy(this.buf, this.pos); this.pos += headers.length; }
    this.count++;
    return true;
  }

  /** The bytes written, for a builder used as a plain writer (encodeHeaders). */
  raw(): Buffer { return this.buf.subarray(0, this.pos); }

  /** The finished batch: header stamped, records compressed with `compression`, CRC-32C over it once. */
  finish(stamp: BatchStamp, compression: BatchCompression): Buffer {
    let out: Buffer;
    if (compression === 'none') {
      out = this.buf.subarray(0, this.pos);
    } else {
      const packed = COMPRESS[compression](this.buf.subarray(BATCH_HEADER_BYTES, this.pos));
      out = Buffer.allocUnsafe(BATCH_HEADER_BYTES + packed.length);
      packed.copy(out, BATCH_HEADER_BYTES);
    }
    out.writeBigInt64BE(0n, 0); // baseOffset: the broker assigns offsets
    out.writeInt32BE(out.length - 12, 8); // batchLength: everything after itself and baseOffset
    out.writeInt32BE(-1, 12); // partitionLeaderEpoch: set by the broker
    out.writeInt8(2, 16); // magic
    out.writeInt16BE(COMPRESSION_ID[compression], 21); // attributes: codec, CreateTime, not transactional, not control
    out.writeInt32BE(this.count - 1, 23); // lastOffsetDelta
    out.writeBigInt64BE(BigInt(this.firstTimestamp), 27);
    out.writeBigInt64BE(BigInt(this.maxTimestamp), 35);
    out.writeBigInt64BE(stamp.producerId, 43);
    out.writeInt16BE(stamp.producerEpoch, 51);
    out.writeInt32BE(stamp.baseSequence, 53);
    out.writeInt32BE(this.count, 57);
    out.writeUInt32BE(crc32c(out, CRC_FROM, out.length), 17);
    return out;
  }
}
