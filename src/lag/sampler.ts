// Takes a group's lag every few seconds while its panel is visible and keeps the history. One sampler per
// panel, disposed with it. Samples never overlap (the next is scheduled when one has answered), so a
// slow cluster slows the sampling instead of piling up requests; a failure is a state, never an exception.
import { describeKafkaError } from '../kafka/client/errors';
import type { PartitionLag } from '../kafka/admin/groups';
import { LagHistory, LagSample, sampleOf } from '../kafka/rules/lagHistory';
import type { LagState } from './protocol';

export interface SamplerDeps {
  /** One reading (ClusterAdmin.groupLag, bounded by the admin's timeout). */
  read(): Promise<PartitionLag[]>;
  groupId: string;
  /** "local (127.0.0.1:9092)": what the messages say was asked. */
  target: string;
  intervalMs: number;
  onSample(s: LagSample): void;
  onState(s: LagState, at: number): void;
  now?: () => number;
}

export class LagSampler {
  readonly history = new LagHistory();
  state: LagState = { kind: 'waiting' };
  stateAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<void> | undefined;
  private disposed = false;
  /** Readings taken (tests wait on it). */
  taken = 0;

  constructor(private readonly deps: SamplerDeps) {}

  get active(): boolean { return this.running; }

  /** Starts sampling (at once, then every interval). Idempotent. */
  start(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    if (this.state.kind === 'paused') this.setState({ kind: 'waiting' });
    void this.tick();
  }

  /** Stops sampling: the panel is hidden. A reading in flight is dropped. */
  pause(): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.setState({ kind: 'paused' });
  }

  dispose(): void {
    this.disposed = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private now(): number { return (this.deps.now ?? Date.now)(); }

  private setState(s: LagState): void {
    this.state = s;
    this.stateAt = this.now();
    this.deps.onState(s, this.stateAt);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.inFlight) return;
    this.inFlight = this.readOnce();
    await this.inFlight;
    this.inFlight = undefined;
    if (this.running) this.timer = setTimeout(() => { void this.tick(); }, this.deps.intervalMs);
  }

  private async readOnce(): Promise<void> {
    let lags: PartitionLag[];
    try {
      lags = await this.deps.read();
    } catch (e) {
      if (!this.running) return;
      const since = this.state.kind === 'unreachable' ? this.state.since : this.now();
      this.setState({ kind: 'unreachable', since, message: `${describeKafkaError(e, this.deps.target).message}` });
      return;
    }
    if (!this.running) return;
    this.taken++;
    if (lags.length === 0) {
      // Not a zero: a group that committed nothing has no lag to draw. The history stays as it was.
      this.setState({ kind: 'noOffsets', message: `Group "${this.deps.groupId}" has no committed offsets on ${this.deps.target}: it does not exist (or was deleted), or its offsets expired or were deleted. Sampling goes on; the chart resumes when the group commits.` });
      return;
    }
    const s = sampleOf(this.now(), lags);
    this.history.push(s);
    if (this.state.kind !== 'ok') this.setState({ kind: 'ok' });
    this.deps.onSample(s);
  }
}
