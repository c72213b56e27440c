// "Send every N seconds" (for a live demo, or a consumer under test): sends the form once per tick (its
// ×N count each time), templates rendered afresh with {{seq}} continuing across ticks. Ticks never
// overlap: the next one starts an interval after the previous one started, or as soon as it ends when a
// send took longer than the interval. It stops on Stop, when its panel closes, when the cluster is
// removed, and on the first send error (which the panel shows).
import type { PartitionRange, ProduceResult } from '../kafka/produce/producer';
import type { ProduceSpec } from '../kafka/rules/produceValidation';
import { intervalText } from '../kafka/rules/repeatInterval';
import type { RepeatStatus } from './protocol';

export interface RepeatHost {
  /** One tick: sends `spec` with {{seq}} starting at `seqStart`; an aborted signal cancels between batches. */
  produce(spec: ProduceSpec, seqStart: number, signal: AbortSignal): Promise<ProduceResult>;
  /** Every change of the status: a tick done, stopped. */
  report(status: RepeatStatus): void;
  /** A tick failed: the repeat has stopped, `error` says why. */
  failed(error: unknown, status: RepeatStatus): void;
  /** Once, when the loop has ended: everything it sent, as one result (for the history). */
  ended(total: ProduceResult): void;
}

const offsetsOf = (r: ProduceResult): string =>
  r.partitions.map((p) => (p.count === 1 ? `p${p.partition}@${p.firstOffset}` : `p${p.partition}: ${p.firstOffset}…${p.lastOffset}`)).join(', ');

export class RepeatSender {
  private state: RepeatStatus;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private readonly ranges = new Map<number, PartitionRange>();
  private readonly startedAt = performance.now();
  /** Settles when the loop has ended: no send of this repeat is in flight after it. */
  readonly done: Promise<void>;

  constructor(private readonly spec: ProduceSpec, intervalSeconds: number, private readonly host: RepeatHost) {
    this.state = { running: true, intervalSeconds, topic: spec.topic, sent: 0, ticks: 0 };
    this.done = this.loop().finally(() => this.host.ended(this.total()));
  }

  private total(): ProduceResult {
    const durationMs = performance.now() - this.startedAt;
    const { sent } = this.state;
    return {
      topic: this.spec.topic, requested: sent, sent, cancelled: false, durationMs, msgsPerSec: durationMs > 0 ? (sent * 1000) / durationMs : sent,
      partitions: [...this.ranges.values()].sort((a, b) => a.partition - b.partition),
    };
  }

  get status(): RepeatStatus {
    return { ...this.state };
  }

  get running(): boolean {
    return this.state.running;
  }

  /** Stops after the batch in flight (if any); resolves once nothing more will be sent. */
  async stop(reason: string): Promise<void> {
    if (this.state.running) {
      this.state = { ...this.state, running: false, ended: reason };
      this.abort.abort();
      this.wake?.();
      this.host.report(this.status);
    }
    await this.done;
  }

  private async loop(): Promise<void> {
    const intervalMs = this.state.intervalSeconds * 1000;
    while (this.state.running) {
      const started = Date.now();
      try {
        const r = await this.host.produce(this.spec, this.state.sent + 1, this.abort.signal);
        for (const p of r.partitions) {
          const prev = this.ranges.get(p.partition);
          this.ranges.set(p.partition, prev ? { ...prev, lastOffset: p.lastOffset, count: prev.count + p.count } : { ...p });
        }
        this.state = { ...this.state, sent: this.state.sent + r.sent, ticks: this.state.ticks + 1, lastOffsets: offsetsOf(r) || this.state.lastOffsets };
      } catch (e) {
        if (!this.state.running) return;
        this.state = { ...this.state, running: false, ended: 'a send failed' };
        this.host.failed(e, this.status);
        return;
      }
      // Also after Stop: the batch that was in flight is counted in the final status.
      this.host.report(this.status);
      if (!this.state.running) return;
      const wait = intervalMs - (Date.now() - started);
      if (wait > 0) await new Promise<void>((resolve) => { const t = setTimeout(resolve, wait); this.wake = () => { clearTimeout(t); resolve(); }; });
      this.wake = undefined;
    }
  }
}

/** The panel's title while sending every N seconds. */
export const repeatTitle = (topic: string, s: RepeatStatus | null): string =>
  s?.running ? `Produce: ${topic} · every ${intervalText(s.intervalSeconds)}` : `Produce: ${topic}`;
