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
      if (c < 0x80) {
        b[p++] = c;
      } else {
        p += b.write(s.slice(k), p, 'utf8');
        this.nonAscii = true;
        break;
      }
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
