// Snappy, LZ4 and ZSTD for kafkajs, which ships only gzip. Everything here is pure JavaScript (or
// Node's own zlib), so the vsix works on every platform without native addons.
//
// Wire formats, as Kafka and librdkafka use them:
// - snappy: Java producers write xerial "snappy-java" framing (magic header + length-prefixed raw
//   blocks); librdkafka writes one raw snappy block. We read both and write xerial framing, which
//   every Kafka client reads.
// - lz4: the LZ4 *frame* format (record batch v2 fixed the old header-checksum quirk of v0/v1).
// - zstd: standard zstd frames. Node >= 22.15 has zstd in zlib and we use it both ways; on older
//   Node (VS Code builds with Node 20) decompression falls back to fzstd (pure JS) and compression
//   writes valid zstd frames made of raw (stored) blocks: readable by every zstd decoder, just not
//   smaller. That trade-off is deliberate: no wasm/native blob in the bundle for a rare path.
import * as zlib from 'node:zlib';
import { kafkajs } from './vendor';
import { Compression, markDecompressed } from '../consume/batchCodec';

/** What kafkajs hands a codec's compress(): the encoder whose `buffer` is the uncompressed batch. */
interface EncoderLike {
  buffer: Buffer;
}

export interface Codec {
  compress(encoder: EncoderLike): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

// The packages are loaded on first use, not at activation: lz4js allocates its 4 MB block buffer
// when it is loaded.
interface SnappyJs { compress(b: Uint8Array): Uint8Array; uncompress(b: Uint8Array): Uint8Array }
interface Lz4Js {
  decompress(b: Uint8Array): Uint8Array;
  compressBound(n: number): number;
  compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, table: Uint32Array): number;
  xxh32(seed: number, b: Uint8Array, index: number, length: number): number;
}
interface Fzstd { decompress(b: Uint8Array): Uint8Array }
/* eslint-disable @typescript-eslint/no-require-imports */
function once<T>(load: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= load());
}
const snappyjs = once(() => require('snappyjs') as SnappyJs);
const lz4js = once((): Lz4Js => ({
  ...(require('lz4js') as Omit<Lz4Js, 'xxh32'>),
  xxh32: (require('lz4js/xxh32') as { hash: Lz4Js['xxh32'] }).hash,
}));
const fzstd = once(() => require('fzstd') as Fzstd);
/* eslint-enable @typescript-eslint/no-require-imports */

const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

// --- snappy -------------------------------------------------------------------------------------

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]); // \x82SNAPPY\0
const XERIAL_HEADER_LEN = 16; // magic + version (int32) + min compatible version (int32)
const XERIAL_CHUNK = 32 * 1024; // snappy-java's default block size

export function snappyCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(XERIAL_HEADER_LEN);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  parts.push(header);
  const chunks = Math.max(1, Math.ceil(data.length / XERIAL_CHUNK));
  for (let c = 0; c < chunks; c++) {
    const block = toBuffer(snappyjs().compress(data.subarray(c * XERIAL_CHUNK, (c + 1) * XERIAL_CHUNK)));
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

export function snappyDecompress(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_LEN || !data.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return toBuffer(snappyjs().uncompress(data));
  }
  const parts: Buffer[] = [];
  let pos = XERIAL_HEADER_LEN;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new Error('snappy: truncated xerial chunk header');
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > data.length) throw new Error('snappy: xerial chunk runs past the end of the batch');
    parts.push(toBuffer(snappyjs().uncompress(data.subarray(pos, pos + len))));
    pos += len;
  }
  return Buffer.concat(parts);
}

// --- lz4 ----------------------------------------------------------------------------------------

const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK = 64 * 1024; // block-size code 4, what Kafka's own Java producer writes

/**
 * An LZ4 frame with *independent* 64 KB blocks. We write the frame ourselves (around lz4js's block
 * compressor) because lz4js's own frames do not set the block-independence flag, which Kafka's
 * broker requires ("dependent block stream is unsupported" → produce fails with UNKNOWN_SERVER_ERROR).
 */
export function lz4Compress(data: Buffer): Buffer {
  const lz = lz4js();
  const blocks = Math.ceil(data.length / LZ4_BLOCK);
  const out = Buffer.alloc(7 + blocks * (4 + LZ4_BLOCK) + 4);
  let p = out.writeUInt32LE(LZ4_MAGIC, 0);
  out[p++] = 0x60; // FLG: version 01, block independence; no checksums, no content size
  out[p++] = 4 << 4; // BD: 64 KB max block size
  out[p] = (lz.xxh32(0, out, 4, 2) >>> 8) & 0xff; // header checksum: second byte of xxh32(FLG, BD)
  p++;
  const scratch = new Uint8Array(lz.compressBound(LZ4_BLOCK));
  const table = new Uint32Array(1 << 16);
  for (let start = 0; start < data.length; start += LZ4_BLOCK) {
    const size = Math.min(LZ4_BLOCK, data.length - start);
    // A fresh hash table per block keeps every match inside its block: that is what makes blocks independent.
    table.fill(0);
    const n = lz.compressBlock(data, scratch, start, size, table);
    if (n > 0 && n < size && !matchTooNearEnd(scratch, n, size)) {
      p = out.writeUInt32LE(n, p);
      p += Buffer.from(scratch.buffer, 0, n).copy(out, p);
    } else {
      p = out.writeUInt32LE((0x80000000 | size) >>> 0, p); // stored block
      p += data.copy(out, p, start, start + size);
    }
  }
  p = out.writeUInt32LE(0, p); // end mark
  return out.subarray(0, p);
}

/**
 * LZ4's block format wants every match to start at least 12 bytes before the block's end (MFLIMIT);
 * lz4js lets one start up to 10 bytes before it, and Kafka's lz4-java then refuses the whole batch
 * ("Error decoding offset …", UNKNOWN_SERVER_ERROR). Walks the sequences of a compressed block and
 * says whether one does; such a (rare) block is stored uncompressed instead.
 */
function matchTooNearEnd(block: Uint8Array, length: number, decodedSize: number): boolean {
  let i = 0;
  let out = 0;
  const varLen = (n: number): number => {
    if (n !== 15) return n;
    let b: number;
    do { b = block[i++]; n += b; } while (b === 255 && i < length);
    return n;
  };
  while (i < length) {
    const token = block[i++];
    const literals = varLen(token >> 4);
    i += literals;
    out += literals;
    if (i >= length) return false; // the last sequence: literals only
    i += 2; // match offset
    if (out > decodedSize - 12) return true;
    out += varLen(token & 15) + 4;
  }
  return false;
}

export function lz4Decompress(data: Buffer): Buffer {
  return toBuffer(lz4js().decompress(data));
}

// --- zstd ---------------------------------------------------------------------------------------

type SyncZ = (b: Buffer) => Buffer;
// @types/node 20 does not know these yet; they exist from Node 22.15 / 23.8 on.
const nodeZstd = zlib as unknown as { zstdCompressSync?: SyncZ; zstdDecompressSync?: SyncZ };

/** True when this Node has zstd built in (then compression really compresses). */
export const hasNativeZstd = (): boolean => typeof nodeZstd.zstdCompressSync === 'function';

const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_MAX_BLOCK = 128 * 1024;

/** A valid zstd frame of raw blocks (RFC 8878 §3.1.1): used where Node has no zstd encoder. */
export function zstdStoredFrame(data: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / ZSTD_MAX_BLOCK));
  const out = Buffer.alloc(4 + 1 + 4 + blocks * 3 + data.length);
  let p = out.writeUInt32LE(ZSTD_MAGIC, 0);
  // Frame header descriptor: content size in 4 bytes (flag 2), single segment (no window byte).
  p = out.writeUInt8(0xa0, p);
  p = out.writeUInt32LE(data.length, p);
  for (let b = 0; b < blocks; b++) {
    const chunk = data.subarray(b * ZSTD_MAX_BLOCK, (b + 1) * ZSTD_MAX_BLOCK);
    const last = b === blocks - 1 ? 1 : 0;
    const h = (chunk.length << 3) | (0 /* raw */ << 1) | last;
    out[p++] = h & 0xff;
    out[p++] = (h >> 8) & 0xff;
    out[p++] = (h >> 16) & 0xff;
    p += chunk.copy(out, p);
  }
  return out;
}

export function zstdCompress(data: Buffer): Buffer {
  return nodeZstd.zstdCompressSync ? nodeZstd.zstdCompressSync(data) : zstdStoredFrame(data);
}

export function zstdDecompress(data: Buffer): Buffer {
  return nodeZstd.zstdDecompressSync ? nodeZstd.zstdDecompressSync(data) : toBuffer(fzstd().decompress(data));
}

// --- registration -------------------------------------------------------------------------------

function codec(name: string, compress: (b: Buffer) => Buffer, decompress: (b: Buffer) => Buffer): () => Codec {
  const c: Codec = {
    compress: async (encoder) => compress(encoder.buffer),
    decompress: async (buffer) => {
      try {
        return decompress(buffer);
      } catch (e) {
        // kafkajs would surface a bare "invalid magic number"; say which codec failed.
        throw new Error(`could not decompress a ${name} record batch: ${(e as Error).message}`);
      }
    },
  };
  return () => c;
}

let registered = false;

/** Makes kafkajs able to produce and consume snappy, lz4 and zstd batches. Idempotent. */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  const { CompressionCodecs, CompressionTypes } = kafkajs();
  const codecs = CompressionCodecs as unknown as Record<number, () => Codec>;
  codecs[CompressionTypes.Snappy] = codec('snappy', snappyCompress, snappyDecompress);
  codecs[CompressionTypes.LZ4] = codec('lz4', lz4Compress, lz4Decompress);
  codecs[CompressionTypes.ZSTD] = codec('zstd', zstdCompress, zstdDecompress);
  // Every codec's output is marked, so that a consumed record can say how its batch was compressed.
  const names: Array<[number, Compression]> = [[CompressionTypes.GZIP, 'gzip'], [CompressionTypes.Snappy, 'snappy'], [CompressionTypes.LZ4, 'lz4'], [CompressionTypes.ZSTD, 'zstd']];
  for (const [type, name] of names) {
    const inner = codecs[type];
    const marking: Codec = {
      compress: (encoder) => inner().compress(encoder),
      decompress: async (buffer) => markDecompressed(await inner().decompress(buffer), name),
    };
    codecs[type] = () => marking;
  }
}

// --- whole batches, synchronously (our own Fetch decoder, src/kafka/protocol/recordBatch.ts) ------------

/** Inflates a compressed batch's records with the same codecs kafkajs is given (gzip: Node's zlib). */
export function inflateBatch(codec: Compression, data: Buffer): Buffer {
  try {
    switch (codec) {
      case 'none': return data;
      // unzip, as kafkajs's gzip codec: it also takes a zlib stream.
      case 'gzip': return zlib.unzipSync(data);
      case 'snappy': return snappyDecompress(data);
      case 'lz4': return lz4Decompress(data);
      case 'zstd': return zstdDecompress(data);
    }
  } catch (e) {
    throw new Error(`could not decompress a ${codec} record batch: ${(e as Error).message}`);
  }
}
