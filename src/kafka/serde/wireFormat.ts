// The Confluent wire format: magic byte 0, the schema id as a big-endian int32, then for Protobuf the
// message indexes (which message of the .proto file: a zigzag-varint count, then each index as a zigzag
// varint; the common [0] is written as the single byte 0), then the payload. Only the schema's type says
// whether indexes follow, so parseFrame reads them only when asked.

export interface Frame {
  id: number;
  payload: Buffer;
  /** Protobuf only: the path of the message in the file ([0] = the first top-level message). */
  indexes?: number[];
}

/** Reads a zigzag varint (as Java's ByteUtils.readVarint); undefined when the bytes end inside it or it runs past 32 bits. */
function readZigzag(b: Buffer, at: number): { value: number; next: number } | undefined {
  let raw = 0;
  for (let shift = 0, i = at; shift <= 28; shift += 7, i++) {
    if (i >= b.length) return undefined;
    raw += (b[i] & 0x7f) * 2 ** shift;
    if ((b[i] & 0x80) === 0) return { value: raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2, next: i + 1 };
  }
  return undefined;
}

function writeZigzag(n: number, out: number[]): void {
  let raw = n >= 0 ? n * 2 : -n * 2 - 1;
  while (raw >= 0x80) {
    out.push((raw % 0x80) | 0x80);
    raw = Math.floor(raw / 0x80);
  }
  out.push(raw);
}

/** true when the bytes start like a Confluent frame (magic 0 and room for the id). */
export const looksFramed = (b: Buffer): boolean => b.length >= 5 && b[0] === 0;

/**
 * Splits a framed key/value. undefined when it is not framed at all; `indexes` is read when `protobuf` is set
 * and then an index list the bytes cannot hold gives `{ id, payload, badIndexes: true }` so the caller can say so.
 */
export function parseFrame(b: Buffer, protobuf = false): (Frame & { badIndexes?: boolean }) | undefined {
  if (!looksFramed(b)) return undefined;
  const id = b.readInt32BE(1);
  if (!protobuf) return { id, payload: b.subarray(5) };
  const count = readZigzag(b, 5);
  if (!count || count.value < 0 || count.value > 100) return { id, payload: b.subarray(5), badIndexes: true };
  if (count.value === 0) return { id, payload: b.subarray(count.next), indexes: [0] };
  const indexes: number[] = [];
  let at = count.next;
  for (let k = 0; k < count.value; k++) {
    const x = readZigzag(b, at);
    if (!x || x.value < 0) return { id, payload: b.subarray(5), badIndexes: true };
    indexes.push(x.value);
    at = x.next;
  }
  return { id, payload: b.subarray(at), indexes };
}

/** Magic byte, id and (for Protobuf) the indexes, before the payload. */
export function frame(id: number, payload: Uint8Array, indexes?: number[]): Buffer {
  const head = [0, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255];
  if (indexes) {
    if (indexes.length === 1 && indexes[0] === 0) head.push(0);
    else {
      writeZigzag(indexes.length, head);
      for (const i of indexes) writeZigzag(i, head);
    }
  }
  return Buffer.concat([Buffer.from(head), payload]);
}
