// The last N lines written to an OutputChannel. VS Code offers no way to read a channel back, and
// extension-host tests (and the "copy" features someone may want later) need its text.
export class TextMirror {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 10_000) {}

  append(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const l of parts) this.lines.push(l);
    // Trim in chunks so a steady stream does not splice the array on every write.
    if (this.lines.length > this.maxLines * 1.25) this.lines = this.lines.slice(-this.maxLines);
  }

  clear(): void {
    this.lines = [];
    this.partial = '';
  }

  text(): string {
    const tail = this.lines.length > this.maxLines ? this.lines.slice(-this.maxLines) : this.lines;
    return tail.join('\n') + (tail.length ? '\n' : '') + this.partial;
  }
}
