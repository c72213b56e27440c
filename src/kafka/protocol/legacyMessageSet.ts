// The message formats before RecordBatch v2 (magic 0: Kafka 0.8–0.9, magic 1: 0.10, with timestamps), which
// a broker before 4.0 still serves for data written in them (a topic with an old message.format.version).
// Each entry is one message; a compressed one is a wrapper whose value is an inner message set. Inner
// offsets are absolute for magic 0 and relative for magic 1 (the wrapper carries the last inner offset);
// a magic 1 wrapper with LogAppendTime gives its timestamp to every inner message (Kafka's
// AbstractLegacyRecordBatch). No headers, no transactions in these formats.
import type { ConsumedRecord } from '../rules/recordFormat';
import type { DecodedRecords, DecodeOptions } from './recordBatch';

const CODECS = ['none', 'gzip', 'snappy', 'lz4'] as const;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Message {
  offset: bigint;
  magic: number;
  attributes: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

function bytesAt(b: Buffer, pos: number, end: number): [Buffer | null, number] {
  if (pos + 4 > end) throw new Error('malformed legacy message: a length runs past the message');
  const n = b.readInt32BE(pos);
  if (n < 0) return [null, pos + 4];
  if (pos + 4 + n > end) throw new Error('malformed legacy message: its bytes run past the message');
  return [b.subarray(pos + 4, pos + 4 + n), pos + 4 + n];
}

/** The whole messages of a message set (a partial one at the end is left out). */
function messages(set: Buffer): Message[] {
  const out: Message[] = [];
  let pos = 0;
  while (pos + 12 <= set.length) {
    const size = set.readInt32BE(pos + 8);
    const end = pos + 12 + size;
    if (end > set.length) break;
    if (size < 14) throw new Error(`malformed legacy message of ${size} bytes`);
    const magic = set.readInt8(pos + 16);
    if (magic > 1) throw new Error(`a message of magic ${magic} inside a legacy message set`);
    const attributes = set.readInt8(pos + 17);
    const timestamp = magic === 1 ? Number(set.readBigInt64BE(pos + 18)) : -1;
    const [key, next] = bytesAt(set, pos + (magic === 1 ? 26 : 18), end);
    const [value] = bytesAt(set, next, end);
    out.push({ offset: set.readBigInt64BE(pos), magic, attributes, timestamp, key, value });
    pos = end;
  }
  return out;
}

function push(out: DecodedRecords, partition: number, m: Message, offset: bigint, timestamp: number,
  timestampType: ConsumedRecord['timestampType'], compression: ConsumedRecord['compression']): void {
  if (offset > MAX_SAFE) out.offsets = undefined;
  out.offsets?.push(Number(offset));
  out.records.push({
    partition, offset: offset.toString(), timestamp: String(timestamp), key: m.key, value: m.value, headers: {},
    timestampType, compression,
  });
}

/** Decodes one legacy entry (offset, size, message) into `out`; returns the offset after it. */
export function decodeLegacy(entry: Buffer, o: DecodeOptions, out: DecodedRecords): bigint {
  const [w] = messages(entry);
  if (!w) throw new Error('malformed legacy message set');
  const codec = CODECS[w.attributes & 0x07];
  if (codec === undefined) throw new Error(`legacy message at offset ${w.offset} uses compression type ${w.attributes & 0x07}, which its format does not have`);
  const type = w.magic === 0 ? undefined : (w.attributes & 0x08) !== 0 ? 'LogAppendTime' : 'CreateTime';
  if (codec === 'none') {
    push(out, o.partition, w, w.offset, w.timestamp, type, 'none');
  } else if (w.value !== null) {
    const inner = messages(o.inflate(codec, w.value));
    const last = inner[inner.length - 1];
    const shift = w.magic === 0 || !last ? 0n : w.offset - last.offset;
    for (const m of inner) {
      push(out, o.partition, m, m.offset + shift, type === 'LogAppendTime' ? w.timestamp : m.timestamp, type, codec);
    }
  }
  return w.offset + 1n;
}
