// The last characters written to an OutputChannel. VS Code offers no way to read a channel back, and
// extension-host tests (and the "copy" features someone may want later) need its text. Bounded by
// characters, not lines: with "show everything" a line can be 64 KiB, and 10,000 of them would not be
// a small mirror (the channel itself is file-backed in VS Code; this copy lives in the extension host).
export class TextMirror {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly maxChars = 1024 * 1024) {}

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.size += text.length;
    // Trim in steps (at 1.25 × the bound), first by dropping whole writes from the front: a steady stream
    // (every record shown is ~50 MB/s) must not re-join a megabyte of text every few writes.
    if (this.size > this.maxChars * 1.25) {
      let drop = 0;
      let size = this.size;
      while (drop < this.chunks.length - 1 && size - this.chunks[drop].length >= this.maxChars) size -= this.chunks[drop++].length;
      if (drop > 0) {
        this.chunks.splice(0, drop);
        this.size = size;
      }
    }
    // Writes larger than a quarter of the bound: cut inside one.
    if (this.size > this.maxChars * 1.25) {
      const all = this.chunks.join('');
      let kept = all.slice(-this.maxChars);
      // Start at a whole line when there is one in what is kept.
      const nl = kept.indexOf('\n');
      if (nl >= 0 && nl < kept.length - 1) kept = kept.slice(nl + 1);
      this.chunks = [kept];
      this.size = kept.length;
    }
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }

  /** At most the last maxChars characters written, starting at a line start when possible. */
  text(): string {
    const all = this.chunks.join('');
    if (all.length <= this.maxChars) return all;
    const tail = all.slice(-this.maxChars);
    const nl = tail.indexOf('\n');
    return nl >= 0 && nl < tail.length - 1 ? tail.slice(nl + 1) : tail;
  }

  /** Characters held (for the bound's test). */
  get heldChars(): number { return this.size; }
}
