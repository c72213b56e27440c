// A deadline that stops counting while a person is answering a prompt (host key, password, passphrase),
// so the connect timeout bounds the network, not the person.
export class PausableDeadline {
  private timer: NodeJS.Timeout | undefined;
  private remaining: number;
  private startedAt = 0;
  constructor(ms: number, private readonly onExpire: () => void) {
    this.remaining = ms;
    this.resume();
  }
  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining -= Date.now() - this.startedAt;
  }
  resume(): void {
    if (this.timer || this.remaining === Infinity) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => { this.timer = undefined; this.onExpire(); }, Math.max(0, this.remaining));
  }
  stop(): void {
    this.remaining = Infinity;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
  /** Runs `f` (a prompt) with the clock stopped. */
  async paused<T>(f: () => Promise<T>): Promise<T> {
    this.pause();
    try {
      return await f();
    } finally {
      this.resume();
    }
  }
}
