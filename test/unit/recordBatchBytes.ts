// Hand-built record sets for the Fetch decoder's unit tests, written from Kafka's format description
// (DefaultRecordBatch / DefaultRecord, LegacyRecord), not from our decoder. CRCs are left 0: neither our
// decoder nor librdkafka's (by default) checks them.
import { zstdCompress, snappyCompress, lz4Compress } from '../../src/kafka/client/codecs';
import * as zlib from 'node:zlib';

export type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
const CODEC_ID: Record<Codec, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

export function compress(codec: Codec, b: Buffer): Buffer {
  switch (codec) {
    case 'none': return b;
    case 'gzip': return zlib.gzipSync(b);
    case 'snappy': return snappyCompress(b);
    case 'lz4': return lz4Compress(b);
    case 'zstd': return zstdCompress(b);
  }
}

function varint(n: number): Buffer {
  // zigzag, then unsigned LEB128 (numbers up to 2^53)
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (v >= 0x80) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return Buffer.from(out);
}

const varBytes = (b: Buffer | string | null): Buffer =>
  b === null ? varint(-1) : Buffer.concat([varint(Buffer.byteLength(b)), Buffer.from(b)]);

export interface RecordSpec {
  offsetDelta: number;
  timestampDelta?: number;
  key?: Buffer | string | null;
  value?: Buffer | string | null;
  headers?: Array<[string, Buffer | string | null]>;
}

export interface BatchSpec {
  baseOffset: bigint;
  records: RecordSpec[];
  /** Defaults to the last record's delta (a compacted batch keeps its original one). */
  lastOffsetDelta?: number;
  codec?: Codec;
  baseTimestamp?: number;
  maxTimestamp?: number;
  logAppendTime?: boolean;
  producerId?: bigint;
  transactional?: boolean;
  control?: boolean;
}

export function record(r: RecordSpec): Buffer {
  const hs = r.headers ?? [];
  const body = Buffer.concat([
    Buffer.from([0]), varint(r.timestampDelta ?? 0), varint(r.offsetDelta),
    varBytes(r.key === undefined ? null : r.key), varBytes(r.value === undefined ? null : r.value),
    varint(hs.length), ...hs.map(([k, v]) => Buffer.concat([varBytes(k), varBytes(v)])),
  ]);
  return Buffer.concat([varint(body.length), body]);
}

export function batch(s: BatchSpec): Buffer {
  const codec = s.codec ?? 'none';
  const recs = compress(codec, Buffer.concat(s.records.map(record)));
  const h = Buffer.alloc(61);
  h.writeBigInt64BE(s.baseOffset, 0);
  h.writeInt32BE(61 - 12 + recs.length, 8);
  h.writeInt32BE(0, 12); // leader epoch
  h.writeInt8(2, 16);
  h.writeUInt32BE(0, 17); // crc (not checked)
  const attributes = CODEC_ID[codec] | (s.logAppendTime ? 0x08 : 0) | (s.transactional ? 0x10 : 0) | (s.control ? 0x20 : 0);
  h.writeInt16BE(attributes, 21);
  h.writeInt32BE(s.lastOffsetDelta ?? s.records[s.records.length - 1]?.offsetDelta ?? 0, 23);
  const base = s.baseTimestamp ?? 1_700_000_000_000;
  h.writeBigInt64BE(BigInt(base), 27);
  h.writeBigInt64BE(BigInt(s.maxTimestamp ?? base), 35);
  h.writeBigInt64BE(s.producerId ?? -1n, 43);
  h.writeInt16BE(0, 51);
  h.writeInt32BE(-1, 53);
  h.writeInt32BE(s.records.length, 57);
  return Buffer.concat([h, recs]);
}

/** A control batch of one marker: ABORT (type 0) or COMMIT (type 1). */
export function marker(baseOffset: bigint, producerId: bigint, kind: 'abort' | 'commit'): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(kind === 'abort' ? 0 : 1, 2);
  const value = Buffer.alloc(6); // version 0, coordinator epoch 0
  return batch({ baseOffset, producerId, transactional: true, control: true, records: [{ offsetDelta: 0, key, value }] });
}

/** One legacy message (magic 0 or 1) with its offset and size: an entry of a message set. */
export function legacy(offset: bigint, magic: 0 | 1, o: { key?: Buffer | string | null; value: Buffer | string | null; timestamp?: number;
  codec?: Exclude<Codec, 'zstd'>; logAppendTime?: boolean }): Buffer {
  const bytes = (b: Buffer | string | null | undefined): Buffer => {
    if (b === null || b === undefined) return Buffer.from([0xff, 0xff, 0xff, 0xff]);
    const n = Buffer.alloc(4);
    n.writeInt32BE(Buffer.byteLength(b));
    return Buffer.concat([n, Buffer.from(b)]);
  };
  const head = Buffer.alloc(magic === 1 ? 14 : 6);
  head.writeInt8(magic, 4);
  head.writeInt8(CODEC_ID[o.codec ?? 'none'] | (o.logAppendTime ? 0x08 : 0), 5);
  if (magic === 1) head.writeBigInt64BE(BigInt(o.timestamp ?? 0), 6);
  const msg = Buffer.concat([head, bytes(o.key), bytes(o.value)]);
  const pre = Buffer.alloc(12);
  pre.writeBigInt64BE(offset, 0);
  pre.writeInt32BE(msg.length, 8);
  return Buffer.concat([pre, msg]);
}
