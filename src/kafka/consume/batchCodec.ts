// Which codec a record's batch was compressed with. kafkajs reads a batch's attributes but keeps only the
// timestamp type of them (in each record's batchContext); the codec is not passed on. Kafka Dev's codec
// wrappers (src/kafka/client/codecs.ts) mark the buffer each decompression returns, and kafkajs decodes a
// compressed batch's keys, values and headers as views into that very buffer: a record whose bytes live
// in a marked buffer came from a batch with that codec; one whose bytes live elsewhere (the Fetch response
// itself) from an uncompressed batch. A batch none of whose records has any bytes (all null keys and
// values, no headers) cannot be told: its compression stays undefined.
import type { RawRecord } from '../client/rawCluster';

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

const marked = new WeakMap<ArrayBufferLike, Compression>();

/**
 * Returns `out` (a decompressed batch) marked as made by `codec`, copied first when it shares its memory
 * with other buffers (Node's pool, a larger block) so that the mark names this batch only.
 */
export function markDecompressed(out: Buffer, codec: Compression): Buffer {
  const own = out.byteOffset === 0 && out.buffer.byteLength === out.length ? out : Buffer.from(new Uint8Array(out));
  marked.set(own.buffer, codec);
  return own;
}

function someBytes(m: RawRecord): Buffer | undefined {
  if (m.value) return m.value;
  if (m.key) return m.key;
  for (const v of Object.values(m.headers ?? {})) {
    const one = Array.isArray(v) ? v.find((x) => typeof x !== 'string' && x) : v;
    if (one && typeof one !== 'string') return one;
  }
  return undefined;
}

/** The codec of the batch `m` came from, if any of its bytes tell. */
export function compressionOf(m: RawRecord): Compression | undefined {
  const b = someBytes(m);
  if (!b) return undefined;
  return marked.get(b.buffer) ?? 'none';
}

/** kafkajs's TimestampTypes: 0 CreateTime, 1 LogAppendTime (-1 none, in the old message format). */
export function timestampTypeOf(m: RawRecord): 'CreateTime' | 'LogAppendTime' | undefined {
  const t = m.batchContext?.timestampType;
  return t === 0 ? 'CreateTime' : t === 1 ? 'LogAppendTime' : undefined;
}
