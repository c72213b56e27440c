// The lag of one consumer group over time, as Watch Lag draws it: a ring buffer of samples (total and per
// partition), pruned to a time window (30 minutes by default) and bounded in count, so a panel left open
// for a day holds the same memory as one open for half an hour. Pure: no I/O, unit-tested.

/** One reading of a group's lag. Lags are int64 decimal strings, as Kafka's offsets are. */
export interface LagSample {
  /** Epoch ms when the reading was taken. */
  t: number;
  /** Sum of every partition's lag. */
  total: string;
  /** Lag per partition, keyed "topic/partition" (see partitionKey). */
  perPartition: Record<string, string>;
}

export const DEFAULT_WINDOW_MS = 30 * 60_000;

export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/** The sample a groupLag() answer makes: per-partition lags and their sum. */
export function sampleOf(t: number, lags: ReadonlyArray<{ topic: string; partition: number; lag: string }>): LagSample {
  const perPartition: Record<string, string> = {};
  let total = 0n;
  for (const l of lags) {
    perPartition[partitionKey(l.topic, l.partition)] = l.lag;
    total += BigInt(l.lag);
  }
  return { t, total: total.toString(), perPartition };
}

export class LagHistory {
  private readonly buf: Array<LagSample | undefined>;
  private start = 0;
  private length = 0;

  /**
   * `capacity` bounds the count whatever the clock does (a window of 30 min sampled every 5 s is 360;
   * the default leaves room for sampling every second).
   */
  constructor(readonly windowMs = DEFAULT_WINDOW_MS, readonly capacity = 2_000) {
    if (!(windowMs > 0) || !Number.isInteger(capacity) || capacity < 1) throw new Error(`LagHistory needs a positive window and capacity (got ${windowMs} ms, ${capacity})`);
    this.buf = new Array<LagSample | undefined>(capacity);
  }

  get size(): number { return this.length; }

  /**
   * Adds a sample and drops those older than the window before it. A sample older than the newest one
   * held (a clock set back) clears what came before: the chart's time axis must only go forward.
   */
  push(s: LagSample): void {
    const newest = this.latest();
    if (newest && s.t < newest.t) this.clear();
    if (this.length === this.capacity) {
      this.buf[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.length--;
    }
    this.buf[(this.start + this.length) % this.capacity] = s;
    this.length++;
    this.prune(s.t);
  }

  /** Drops samples older than `now − windowMs`. */
  prune(now: number): void {
    const from = now - this.windowMs;
    while (this.length > 0 && this.buf[this.start]!.t < from) {
      this.buf[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.length--;
    }
  }

  clear(): void {
    this.buf.fill(undefined);
    this.start = 0;
    this.length = 0;
  }

  latest(): LagSample | undefined {
    return this.length ? this.buf[(this.start + this.length - 1) % this.capacity] : undefined;
  }

  /** Oldest first. */
  samples(): LagSample[] {
    const out: LagSample[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.buf[(this.start + i) % this.capacity]!);
    return out;
  }

  /** Every partition key seen in the samples held, sorted by topic then partition number. */
  partitions(): string[] {
    const keys = new Set<string>();
    for (const s of this.samples()) for (const k of Object.keys(s.perPartition)) keys.add(k);
    return [...keys].sort(comparePartitionKeys);
  }
}

/** "t/2" before "t/10"; topics by name. */
export function comparePartitionKeys(a: string, b: string): number {
  const ia = a.lastIndexOf('/');
  const ib = b.lastIndexOf('/');
  const ta = a.slice(0, ia);
  const tb = b.slice(0, ib);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Number(a.slice(ia + 1)) - Number(b.slice(ib + 1));
}

/** The trend over the samples held: what a person wants at a glance ("falling": the consumer catches up). */
export function lagTrend(samples: readonly LagSample[]): 'rising' | 'falling' | 'steady' | 'unknown' {
  if (samples.length < 2) return 'unknown';
  const first = BigInt(samples[0].total);
  const last = BigInt(samples[samples.length - 1].total);
  return last > first ? 'rising' : last < first ? 'falling' : 'steady';
}

export const SAMPLE_SECONDS_SETTING = 'kafkaDev.lag.sampleSeconds';
export const SAMPLE_SECONDS_DEFAULT = 5;

/** kafkaDev.lag.sampleSeconds as found in settings: 1 … 300 seconds, else the default and why. */
export function sampleSecondsFrom(raw: unknown): { value: number; problem?: { setting: string; message: string } } {
  if (raw === undefined || raw === null) return { value: SAMPLE_SECONDS_DEFAULT };
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 1 && raw <= 300) return { value: raw };
  const found = typeof raw === 'number' ? String(raw) : JSON.stringify(raw)?.slice(0, 60) ?? String(raw);
  return {
    value: SAMPLE_SECONDS_DEFAULT,
    problem: { setting: SAMPLE_SECONDS_SETTING, message: `${SAMPLE_SECONDS_SETTING} must be a number of seconds from 1 to 300 (without quotes), got ${found}. Using ${SAMPLE_SECONDS_DEFAULT} until it is fixed.` },
  };
}
