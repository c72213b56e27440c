// Between a consumer and a text sink (an OutputChannel): formats records in batches and writes at most
// once per flush interval. What may be shown is a token bucket (a sustained rate plus a burst, so
// opening a small topic from the beginning shows all of it). Past that, records are not even
// formatted — only counted, exactly — and a summary line says how many were skipped and which offsets
// were reached, and where to start again to see them. Memory stays bounded by the burst whatever the
// incoming rate; nothing is lost silently. A rate of 0 means no limit (every record is shown).
import { ConsumedRecord, count, formatRecordInto, FormatOptions, DEFAULT_FORMAT, RecordDecoding } from '../rules/recordFormat';
import { LineBytes } from '../rules/lineBytes';

export interface ThrottleOptions {
  /** Longest time between a record arriving and its line being written. */
  flushIntervalMs: number;
  /** Sustained records shown per second; the rest are counted as skipped. 0 = no limit. */
  linesPerSecond: number;
  /** Records that may be shown at once after a quiet period. */
  burstLines: number;
  /** Sustained characters per second (a few huge values must not flood either). 0 = no limit. */
  charsPerSecond: number;
  burstChars: number;
  /** How often, at most, a "skipped" summary line is written while skipping goes on. */
  summaryIntervalMs: number;
  /**
   * Characters of formatted lines held before they are written without waiting for the flush interval:
   * with no limit on lines, an interval's lines would otherwise live long enough to reach the old heap
   * generation, and the garbage would pile up until a full collection. Kept well below 64 K so that each
   * write's string (two bytes a character when it holds any beyond U+00FF) stays under V8's 128 KiB
   * large-object size: a 256 K write was allocated in fresh pages each time, ~10% of the every-record mode.
   */
  maxPendingChars: number;
  format: FormatOptions;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  flushIntervalMs: 100,
  linesPerSecond: 2_000,
  burstLines: 5_000,
  charsPerSecond: 1024 * 1024,
  burstChars: 2 * 1024 * 1024,
  summaryIntervalMs: 1_000,
  maxPendingChars: 48 * 1024,
  format: DEFAULT_FORMAT,
};

export interface ThrottleStats {
  /** Every record pushed. */
  received: number;
  /** Records whose line was written (or is about to be, at the next flush). */
  shown: number;
  /** Records counted but not shown: received = shown + skipped, always. */
  skipped: number;
}

/** Timer functions, injectable so unit tests control time. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class OutputThrottle {
  private readonly opts: ThrottleOptions;
  /** Lines to write at the next flush, each with its newline, as UTF-8: one string is made per write, not per line. */
  private readonly pending = new LineBytes();
  private pendingChars = 0;
  private lineTokens: number;
  private charTokens: number;
  private refilledAt: number;
  private timer: unknown;
  private skippedSinceSummary = 0;
  /** Lowest and highest offset per partition among the records skipped since the last summary. */
  private readonly skippedFrom = new Map<number, string>();
  private readonly skippedReached = new Map<number, string>();
  private lastSummaryAt = 0;
  private closed = false;
  readonly stats: ThrottleStats = { received: 0, shown: 0, skipped: 0 };

  constructor(private readonly sink: (text: string) => void, opts: Partial<ThrottleOptions> = {}, private readonly clock: Clock = realClock) {
    const o = { ...DEFAULT_THROTTLE, ...opts };
    // 0 (or less) = no limit: a bucket that is always full.
    if (!(o.linesPerSecond > 0)) { o.linesPerSecond = Number.POSITIVE_INFINITY; o.burstLines = Number.POSITIVE_INFINITY; }
    if (!(o.charsPerSecond > 0)) { o.charsPerSecond = Number.POSITIVE_INFINITY; o.burstChars = Number.POSITIVE_INFINITY; }
    this.opts = o;
    this.lineTokens = this.opts.burstLines;
    this.charTokens = this.opts.burstChars;
    this.refilledAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const dt = Math.max(0, now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.lineTokens = Math.min(this.opts.burstLines, this.lineTokens + dt * this.opts.linesPerSecond);
    this.charTokens = Math.min(this.opts.burstChars, this.charTokens + dt * this.opts.charsPerSecond);
  }

  /**
   * Takes a batch of records (in offset order per partition). Never blocks, never throws. `decode` gives a
   * record's decoded key/value; it is asked only for the records shown (skipped ones are only counted).
   */
  push(records: readonly ConsumedRecord[], decode?: (r: ConsumedRecord) => RecordDecoding | undefined): void {
    if (this.closed || records.length === 0) return;
    this.stats.received += records.length;
    const o = this.opts;
    this.refill();
    let i = 0;
    for (; i < records.length; i++) {
      if (this.lineTokens < 1 || this.charTokens <= 0) break;
      const r = records[i];
      const start = this.pending.length;
      let chars: number;
      try {
        chars = formatRecordInto(this.pending, r, o.format, decode?.(r));
      } catch (e) {
        // The formatter is meant to be total; if it ever is not, one record must not stop the stream.
        this.pending.length = start;
        chars = this.pending.write(`p${r.partition}@${r.offset} (could not format: ${(e as Error).message})`);
      }
      this.pending.byte(0x0a);
      this.pendingChars += chars + 1;
      this.lineTokens--;
      this.charTokens -= chars + 1;
      this.stats.shown++;
      if (this.pendingChars >= o.maxPendingChars) this.writeOut(false);
    }
    const skipped = records.length - i;
    this.stats.skipped += skipped;
    this.skippedSinceSummary += skipped;
    // Offsets ascend per partition, batch after batch: the first one skipped is where to start again
    // to see them, the last one seen is the one reached. A batch holds runs of one partition's records,
    // so offsets are read only where a run starts and ends, not for every record skipped.
    let run = -1;
    for (; i < records.length; i++) {
      const partition = records[i].partition;
      if (partition === run) continue;
      if (run !== -1) this.skippedReached.set(run, records[i - 1].offset);
      if (!this.skippedFrom.has(partition)) this.skippedFrom.set(partition, records[i].offset);
      run = partition;
    }
    if (run !== -1) this.skippedReached.set(run, records[records.length - 1].offset);
    this.schedule();
  }

  /**
   * A status line (reconnecting, stopped, …): always written, in order with the records, after a
   * "--- " that sets it apart from them.
   */
  note(line: string): void {
    if (this.closed) return;
    // Records skipped before this line are summarised before it (a "Stopped after …" line is the last).
    if (this.skippedSinceSummary > 0) {
      this.pendingChars += this.pending.write(`${this.summaryLine()}\n`);
      this.lastSummaryAt = this.clock.now();
    }
    this.pendingChars += this.pending.write(`--- ${line}\n`);
    this.schedule();
  }

  /** Writes everything pending now, including a summary of skipped records if there are any. */
  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writeOut(true);
  }

  /** Flushes and stops accepting input. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.writeOut(false);
    }, this.opts.flushIntervalMs);
  }

  private writeOut(force: boolean): void {
    const now = this.clock.now();
    if (this.skippedSinceSummary > 0 && (force || now - this.lastSummaryAt >= this.opts.summaryIntervalMs)) {
      this.pendingChars += this.pending.write(`${this.summaryLine()}\n`);
      this.lastSummaryAt = now;
    }
    if (this.pending.length > 0) {
      const text = this.pending.take();
      this.pendingChars = 0;
      try {
        this.sink(text);
      } catch {
        // A closed channel (window closing) must not break the consumer loop.
      }
    }
    // Skipped records not yet summarised need a later flush even if nothing else arrives.
    if (this.skippedSinceSummary > 0 && !this.closed) this.schedule();
  }

  private summaryLine(): string {
    const parts = [...this.skippedReached.keys()].sort((a, b) => a - b);
    const reached = parts.map((p) => `p${p}@${this.skippedReached.get(p)}`).join(', ');
    const from = parts.length === 1
      ? `offset ${this.skippedFrom.get(parts[0])} (partition ${parts[0]})`
      : `offsets ${parts.map((p) => `${p}:${this.skippedFrom.get(p)}`).join(', ')} (partition:offset)`;
    const n = this.skippedSinceSummary;
    this.skippedSinceSummary = 0;
    this.skippedReached.clear();
    this.skippedFrom.clear();
    return `… ${count(n)} record${n === 1 ? '' : 's'} not shown (arriving faster than readable; ${count(this.stats.skipped)} in total), ` +
      `offsets reached: ${reached}; start again from ${from} to see them`;
  }
}

/** Shows every record (for benchmarks comparing the cost of formatting everything). */
export const UNTHROTTLED: Partial<ThrottleOptions> = {
  linesPerSecond: Number.POSITIVE_INFINITY,
  burstLines: Number.POSITIVE_INFINITY,
  charsPerSecond: Number.POSITIVE_INFINITY,
  burstChars: Number.POSITIVE_INFINITY,
};
