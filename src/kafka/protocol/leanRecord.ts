// A record of a RecordBatch v2 as the consumer hands it on: partition and offset are read when the batch is
// decoded (every record is counted and its position kept), its key, value and headers only when first
// asked for. The Output panel shows a few thousand records a second and counts the rest: those never
// cost a Buffer view, a headers object or a timestamp string (views and objects per record were a
// quarter of decoding, plus the GC after them). A record's bytes are checked against its length when
// it is read; the broker validated the batch when it was written.
import type { ConsumedRecord, ValueInPlace } from '../rules/recordFormat';

/** A cursor over one buffer; varints are zigzag, as in Kafka's record format. */
export class Cursor {
  pos: number;
  constructor(readonly buf: Buffer, pos: number, readonly end: number) { this.pos = pos; }

  fail(what: string): never {
    throw new Error(`malformed record batch: ${what} at byte ${this.pos}`);
  }

  /** A zigzag varint (≤ 64 bits) as a number: exact up to 2^53, enough for every length, delta and count. */
  varint(): number {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('varint cut short');
      const b = this.buf[this.pos++];
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
      mul *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint-length byte string (−1: null), as a view. */
  bytes(): Buffer | null {
    const n = this.varint();
    if (n < 0) return null;
    if (this.pos + n > this.end) this.fail(`${n} bytes run past the record`);
    const at = this.pos;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }
}

type Headers = ConsumedRecord['headers'];
type HeaderValue = Headers[string];

/** Duplicate header names become an array, in order, as kafkajs made them. */
function dup(prev: HeaderValue, v: Buffer): HeaderValue {
  return prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
}

export class LeanRecord implements ConsumedRecord, ValueInPlace {
  private k: Buffer | null = null;
  private v: Buffer | null = null;
  private h: Headers | undefined = undefined;
  /** Where the value lies in `src` once read (valueStart −1: null); its Buffer is made only when asked for. */
  valueStart = -1;
  valueEnd = -1;

  constructor(
    readonly partition: number,
    readonly offset: string,
    private readonly ts: number,
    readonly timestampType: 'CreateTime' | 'LogAppendTime',
    readonly compression: NonNullable<ConsumedRecord['compression']>,
    /** The batch's bytes (the response or the inflated batch), and this record's key…headers in them. */
    private readonly src: Buffer,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get timestamp(): string { return String(this.ts); }
  /** Key, value and headers with their length prefixes, known without reading them. */
  get heldBytes(): number { return this.to - this.from; }
  get key(): Buffer | null { return this.h === undefined ? this.read().k : this.k; }
  get value(): Buffer | null {
    if (this.h === undefined) this.read();
    if (this.v === null && this.valueStart >= 0) this.v = this.src.subarray(this.valueStart, this.valueEnd);
    return this.v;
  }

  valueSource(): Buffer | null {
    if (this.h === undefined) this.read();
    return this.valueStart >= 0 ? this.src : null;
  }

  get headers(): Headers { return this.h ?? this.read().h ?? {}; }

  /** Plain data, for what copies records (a spread or structuredClone would see no getters). */
  toJSON(): ConsumedRecord {
    return { partition: this.partition, offset: this.offset, timestamp: this.timestamp, key: this.key, value: this.value,
      headers: this.headers, timestampType: this.timestampType, compression: this.compression };
  }

  private read(): this {
    const c = new Cursor(this.src, this.from, this.to);
    const k = c.bytes();
    const vLen = c.varint();
    if (vLen >= 0) {
      if (c.pos + vLen > c.end) c.fail(`${vLen} bytes run past the record`);
      this.valueStart = c.pos;
      this.valueEnd = c.pos + vLen;
      c.pos += vLen;
    }
    const nh = c.varint();
    const headers: Headers = {};
    for (let i = 0; i < nh; i++) {
      const name = c.bytes();
      if (name === null) throw new Error(`malformed record batch: a header without a name in the record at offset ${this.offset}`);
      const key = name.toString('utf8');
      // A null header value stays null, as kafkajs gave it (the formatters show «null»); the shared type
      // says undefined, which the formatters treat the same.
      const hv = c.bytes() as Buffer;
      if (key === '__proto__') {
        // Defined, not assigned: a header named "__proto__" is a header like any other.
        Object.defineProperty(headers, key, { value: dup(Object.getOwnPropertyDescriptor(headers, key)?.value as HeaderValue, hv), enumerable: true, writable: true, configurable: true });
      } else {
        headers[key] = dup(headers[key], hv);
      }
    }
    if (c.pos !== this.to) c.fail(`the record at offset ${this.offset} is ${this.to - this.from} bytes after its offset delta but its fields take ${c.pos - this.from}`);
    this.k = k;
    this.h = headers;
    return this;
  }
}
