// Lines of text gathered as UTF-8 bytes in one growing buffer and turned into one string when written
// out. Formatting every record shown made several strings per line (the prefix's pieces, the value, the
// two joined) only for them to be joined into one text and dropped; in the every-record mode that garbage
// raised the heap's peak by ~10 MB. Buffer is Node's global here (the records hold Buffers already).

const START_BYTES = 16 * 1024;

export class LineBytes {
  buf: Buffer = Buffer.allocUnsafeSlow(START_BYTES);
  /** Bytes written. */
  length = 0;
  /** Whether any byte written is ≥ 0x80 (else the text is ASCII and decodes as latin1, which is quicker). */
  nonAscii = false;

  /** A buffer grown past `keepBytes` is let go by take(), so one huge value does not hold it. */
  constructor(private readonly keepBytes = 1024 * 1024) {}

  /** Room for `n` more bytes after `length`. */
  ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.length + n, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  /** Appends `s` as UTF-8; returns its length as a string counts it (UTF-16 units). */
  write(s: string): number {
    const n = s.length;
    this.ensure(n * 3);
    const b = this.buf;
    let p = this.length;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      // Encoded here rather than by Buffer.write on s.slice(k): a marker's « comes first in many lines,
      // and the slice copied the whole rest of the line to encode it.
      if (c < 0x80) {
        b[p++] = c;
        continue;
      }
      this.nonAscii = true;
      if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
        continue;
      }
      const d = k + 1 < n ? s.charCodeAt(k + 1) : 0;
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair: one 4-byte character (room was kept as 3 bytes a unit, 6 for the pair).
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 0x3f);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
        k++;
        continue;
      }
      // A lone surrogate is written as U+FFFD, as Buffer.write does.
      const u = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
      b[p++] = 0xe0 | (u >> 12);
      b[p++] = 0x80 | ((u >> 6) & 0x3f);
      b[p++] = 0x80 | (u & 0x3f);
    }
    this.length = p;
    return n;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.length++] = c;
  }

  /** The text written since the last take(), and empties the buffer. */
  take(): string {
    const text = this.nonAscii ? this.buf.toString('utf8', 0, this.length) : this.buf.toString('latin1', 0, this.length);
    this.length = 0;
    this.nonAscii = false;
    if (this.buf.length > this.keepBytes) this.buf = Buffer.allocUnsafeSlow(START_BYTES);
    return text;
  }
}
