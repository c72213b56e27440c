// Kafka's wire primitives, for the few requests kafkajs 2.2.4 does not have (ConsumerGroupDescribe,
// IncrementalAlterConfigs, OffsetDelete). Both encodings: the classic one (int16-length strings, int32
// arrays) and the "flexible" one of KIP-482 (unsigned-varint lengths + 1, tagged fields after each
// struct) that newer request versions use. Pure: no Node module beyond Buffer, no kafkajs.

/** Appends fields to a growing byte list; `bytes()` joins them once. */
export class WireWriter {
  private readonly parts: Buffer[] = [];
  private size = 0;

  private push(b: Buffer): this { this.parts.push(b); this.size += b.length; return this; }

  int8(v: number): this { const b = Buffer.alloc(1); b.writeInt8(v); return this.push(b); }
  int16(v: number): this { const b = Buffer.alloc(2); b.writeInt16BE(v); return this.push(b); }
  int32(v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); return this.push(b); }
  int64(v: bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(v); return this.push(b); }
  bool(v: boolean): this { return this.int8(v ? 1 : 0); }

  uvarint(v: number): this {
    const out: number[] = [];
    let n = v >>> 0;
    while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
    out.push(n);
    return this.push(Buffer.from(out));
  }

  /** Classic STRING / NULLABLE_STRING: int16 length (−1 for null). */
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const b = Buffer.from(v, 'utf8');
    return this.int16(b.length).push(b);
  }

  /** COMPACT_STRING / COMPACT_NULLABLE_STRING: uvarint length + 1 (0 for null). */
  compactString(v: string | null): this {
    if (v === null) return this.uvarint(0);
    const b = Buffer.from(v, 'utf8');
    return this.uvarint(b.length + 1).push(b);
  }

  /** Classic ARRAY: int32 count, then each item. */
  array<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.int32(items.length);
    for (const it of items) each(this, it);
    return this;
  }

  /** COMPACT_ARRAY: uvarint count + 1, then each item. */
  compactArray<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const it of items) each(this, it);
    return this;
  }

  /** An empty tagged-field section (what every flexible struct ends with when it sends no tags). */
  noTags(): this { return this.uvarint(0); }

  bytes(): Buffer { return Buffer.concat(this.parts, this.size); }
}

/** Reads fields in order; every read checks the bounds and names what ran short. */
export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  get offset(): number { return this.pos; }
  get remaining(): number { return this.buf.length - this.pos; }

  private need(n: number, what: string): number {
    if (this.pos + n > this.buf.length) {
      throw new Error(`malformed response: ${what} needs ${n} bytes at offset ${this.pos}, ${this.buf.length - this.pos} left`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int8(): number { return this.buf.readInt8(this.need(1, 'int8')); }
  int16(): number { return this.buf.readInt16BE(this.need(2, 'int16')); }
  int32(): number { return this.buf.readInt32BE(this.need(4, 'int32')); }
  int64(): bigint { return this.buf.readBigInt64BE(this.need(8, 'int64')); }
  bool(): boolean { return this.int8() !== 0; }

  uvarint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.buf[this.need(1, 'varint')];
      v += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return v;
    }
    throw new Error(`malformed response: varint longer than 5 bytes at offset ${this.pos}`);
  }

  string(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    const at = this.need(n, 'string');
    return this.buf.toString('utf8', at, at + n);
  }

  compactString(): string | null {
    const n = this.uvarint() - 1;
    if (n < 0) return null;
    const at = this.need(n, 'compact string');
    return this.buf.toString('utf8', at, at + n);
  }

  /** Classic BYTES / NULLABLE_BYTES (int32 length, −1 for null): a view, not a copy. */
  bytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    const at = this.need(n, 'bytes');
    return this.buf.subarray(at, at + n);
  }

  /** COMPACT_BYTES / COMPACT_NULLABLE_BYTES. */
  compactBytes(): Buffer | null {
    const n = this.uvarint() - 1;
    if (n < 0) return null;
    const at = this.need(n, 'compact bytes');
    return this.buf.subarray(at, at + n);
  }

  array<T>(each: (r: this) => T): T[] {
    const n = this.int32();
    return n < 0 ? [] : Array.from({ length: n }, () => each(this));
  }

  compactArray<T>(each: (r: this) => T): T[] {
    const n = this.uvarint() - 1;
    return n < 0 ? [] : Array.from({ length: n }, () => each(this));
  }

  /** Skips a tagged-field section (tags we do not know are allowed by the protocol and ignored). */
  skipTags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size, 'tagged field');
    }
  }
}
