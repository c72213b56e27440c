// A streaming read of one topic without a consumer group: metadata, ListOffsets and Fetch only, so
// nothing is written to the cluster (no group, no committed offsets). The session owns its next
// offset per partition; that is what makes a broker restart resumable with no gap and no duplicate:
// a fetch that fails delivers nothing, and the retry asks for the same offset again.
//
// Each partition leader is fetched from by a worker of its own, so one leader that is down, slow or
// gone silent holds up only its own partitions: the others keep streaming, and a status line names the
// ones waiting (src/kafka/consume/availability.ts). Records reach the listener through one queue, in
// the order they were taken, whichever worker took them.
import type { Kafka } from 'kafkajs';
import { ConsumeOptions, describeStart } from '../rules/consumerOptions';
import { describeKafkaError, errorText, OUT_OF_RANGE, RETRIABLE_FETCH, UNKNOWN_TOPIC, withTimeout } from '../client/errors';
import { ConsumedRecord, count } from '../rules/recordFormat';
import { createRawCluster, destroySockets, RawCluster } from '../client/rawCluster';
import { Availability } from './availability';
import { leaderFailureReason, planFetches } from './fetchPlan';
import { Answer, fetchFromLeader, takeRecords } from './fetchAnswer';
import { DeliveryQueue } from './deliveryQueue';
import { ConsumerStartError, outOfRangeMoves, resolveStartPositions } from './startPositions';
import { resolveStopAt, SessionBounds } from './sessionBounds';

export { ConsumerStartError };
export type { SessionBounds };

export interface SessionSettings {
  /** Bound for connecting and resolving start offsets (kafkaDev.connectionTimeoutMs). */
  timeoutMs: number;
  /** What the error messages say was tried, e.g. "local (127.0.0.1:9092)". */
  target: string;
  /** After this long with no partition readable the session gives up (default 5 min). */
  reconnectGiveUpMs?: number;
  /** Fetch long-poll wait; also bounds how long stop() waits for an in-flight fetch. */
  maxWaitMs?: number;
  maxBytesPerPartition?: number;
  /** Upper bound of one Fetch response, all partitions of one leader together (default 2 MiB). */
  maxBytes?: number;
  /** A leader that has not answered a fetch for this long past maxWaitMs is reported (default 5 s). */
  silentAfterMs?: number;
}

export interface SessionListener {
  /**
   * Records of one fetch, in offset order per partition. Must not throw. A returned promise holds up
   * the next records until it settles (backpressure); the fetch after this one may already be in flight.
   */
  onRecords(records: ConsumedRecord[]): void | Promise<void>;
  /** A line about the session itself (reconnecting, offsets jumped, …). */
  onStatus(line: string): void;
}

export type EndReason =
  | { kind: 'stopped' }
  | { kind: 'limit'; count: number }
  /** A bounded session (SessionBounds) read every partition up to where it was to stop. */
  | { kind: 'end'; count: number }
  | { kind: 'deleted'; message: string }
  | { kind: 'error'; message: string };

const sleep = (ms: number, abort: { wake?: () => void }): Promise<void> =>
  new Promise((r) => {
    const t = setTimeout(r, ms);
    abort.wake = () => { clearTimeout(t); r(); };
  });

export class ConsumerSession {
  private readonly next = new Map<number, bigint>();
  /** Partitions in a fetch that is in flight (and not yet reported silent): no other fetch asks for them. */
  private readonly claimed = new Map<number, object>();
  private readonly workers = new Map<number, Promise<void>>();
  /** Per leader: when its worker may start again after a failure, and the back-off after that. */
  private readonly retry = new Map<number, { at: number; backoff: number }>();
  private readonly delivery: DeliveryQueue;
  private stopping = false;
  private endReason: EndReason | undefined;
  private readonly napper: { wake?: () => void } = {};
  private metadataStale = false;
  private round = 0;
  private taken = 0;
  private unknownTopicStrikes = 0;
  private availability!: Availability;
  /** Bounded sessions: the offset each partition stops before (a partition absent here is not bounded). */
  private stopAt: Map<number, bigint> | undefined;
  private endResolve!: (r: EndReason) => void;
  /** Resolves once the loop has ended and every connection is closed. */
  readonly ended: Promise<EndReason> = new Promise((r) => { this.endResolve = r; });

  private constructor(
    private readonly cluster: RawCluster,
    readonly options: ConsumeOptions,
    private readonly settings: SessionSettings,
    private readonly listener: SessionListener,
    private readonly bounds?: SessionBounds,
  ) {
    this.delivery = new DeliveryQueue((r) => listener.onRecords(r));
  }

  /** Records delivered so far. */
  get consumed(): number { return this.delivery.delivered; }

  /** The next offset to be delivered, per partition (decimal strings). */
  positions(): Record<number, string> {
    return Object.fromEntries([...this.next].map(([p, o]) => [p, o.toString()]));
  }

  /** A partition still to be read: not bounded, or not yet at its stop offset. */
  private open(p: number): boolean {
    const end = this.stopAt?.get(p);
    return end === undefined || (this.next.get(p) ?? 0n) < end;
  }

  /** The positions where the session stops, if bounded: "p0@120, p1@97". */
  stopPositions(): Record<number, string> | undefined {
    return this.stopAt && Object.fromEntries([...this.stopAt].map(([p, o]) => [p, o.toString()]));
  }

  private where(ps?: readonly number[]): string {
    return (ps ? [...ps].sort((a, b) => a - b) : [...this.next.keys()]).map((p) => `p${p}@${this.next.get(p)}`).join(', ');
  }

  /**
   * Connects, validates the topic, partitions and start position, and starts streaming. Rejects with a
   * ConsumerStartError saying exactly what is wrong; then no connection is left open.
   */
  static async start(kafka: Kafka, options: ConsumeOptions, settings: SessionSettings, listener: SessionListener,
    bounds?: SessionBounds): Promise<ConsumerSession> {
    const cluster = createRawCluster(kafka);
    const s = new ConsumerSession(cluster, options, settings, listener, bounds);
    const preparing = s.prepare();
    const timeoutMessage = `could not reach ${settings.target} and read topic "${options.topic}" within ${settings.timeoutMs} ms`;
    try {
      await withTimeout(preparing, settings.timeoutMs, timeoutMessage);
    } catch (e) {
      s.stopping = true;
      // The sockets are destroyed at once; kafkajs's disconnect() then waits (up to 5 s) for requests
      // a silent server never answers, so it finishes in the background instead of delaying the error.
      void s.closeConnections();
      // kafkajs may still be retrying inside prepare(): close again once it gives up (its retries are bounded).
      void preparing.then(() => s.closeConnections(), () => s.closeConnections());
      if (e instanceof ConsumerStartError) throw e;
      if ((e as Error).message === timeoutMessage) {
        throw new ConsumerStartError(`Could not start consuming "${options.topic}": ${timeoutMessage}. Check the address, firewalls, and whether you need the SSH tunnel.`);
      }
      const d = describeKafkaError(e, settings.target);
      throw new ConsumerStartError(`Could not start consuming "${options.topic}": ${d.kind === 'unknown' ? (e as Error).message : d.message}`);
    }
    void s.loop();
    return s;
  }

  /** Stops fetching and closes every connection the session opened. Idempotent. */
  async stop(): Promise<EndReason> {
    if (!this.stopping) {
      this.stopping = true;
      this.napper.wake?.();
      // Closing the sockets first (with an error, so kafkajs rejects it) makes an in-flight long-poll
      // fail at once instead of waiting out the request timeout.
      await this.closeConnections(new Error('closed by Kafka Dev: the consumer was stopped'));
    }
    return this.ended;
  }

  private async closeConnections(reason?: Error): Promise<void> {
    destroySockets(this.cluster, reason);
    await withTimeout(this.cluster.disconnect(), 5_000, 'disconnect').catch(() => undefined);
  }

  private async prepare(): Promise<void> {
    const { topic, start, maxRecords } = this.options;
    await this.cluster.connect();
    const { next, notes, end } = await resolveStartPositions(this.cluster, this.options, this.settings.target);
    for (const [p, o] of next) this.next.set(p, o);
    this.stopAt = await resolveStopAt(this.cluster, topic, end, this.bounds);
    this.availability = new Availability({
      partitions: [...next.keys()], target: this.settings.target,
      note: (l) => this.listener.onStatus(l), positions: (ps) => this.where(ps),
    });
    this.listener.onStatus(`Consuming "${topic}" ${describeStart(start)} (${this.where()}) on ${this.settings.target}` +
      `${maxRecords ? `, stopping after ${count(maxRecords)} records` : ''}` +
      `${this.stopAt ? `, up to ${[...this.stopAt].map(([p, o]) => `p${p}@${o}`).join(', ')}` : ''}; no consumer group, nothing is written to the cluster.`);
    for (const n of notes) this.listener.onStatus(n);
  }

  /** Ends the session (the first reason wins); the loop then closes everything and resolves `ended`. */
  private finish(r: EndReason): void {
    this.endReason ??= r;
    this.stopping = true;
    this.napper.wake?.();
  }

  /** Starts a worker for each leader that has partitions to read, and reports partitions without one. */
  private async loop(): Promise<void> {
    const giveUpMs = this.settings.reconnectGiveUpMs ?? 300_000;
    let backoff = 250;
    while (!this.stopping) {
      if (this.stopAt && ![...this.next.keys()].some((p) => this.open(p))) {
        this.finish({ kind: 'end', count: this.delivery.delivered });
        break;
      }
      const meta = this.cluster.findTopicPartitionMetadata(this.options.topic);
      const plan = planFetches(meta, [...this.next.keys()].filter((p) => !this.claimed.has(p) && this.open(p)), this.round);
      if (meta.length === 0) await this.checkTopicGone([...this.next.keys()]);
      const leaderless = new Map<string, number[]>();
      for (const { partition, reason } of plan.leaderless) leaderless.set(reason, [...(leaderless.get(reason) ?? []), partition]);
      for (const [reason, ps] of leaderless) this.availability.markDown(ps, reason);
      const now = Date.now();
      for (const leader of plan.byLeader.keys()) {
        if (!this.workers.has(leader) && (this.retry.get(leader)?.at ?? 0) <= now) this.spawn(leader);
      }
      const outFor = this.availability.tick();
      if (outFor > giveUpMs) {
        this.finish({ kind: 'error', message: `Consumer stopped: no answer from ${this.settings.target} for ${Math.round(giveUpMs / 1000)} s.` });
        break;
      }
      const trouble = this.availability.anyDown || this.metadataStale;
      await sleep(trouble ? backoff : 1_000, this.napper);
      backoff = trouble ? Math.min(backoff * 2, 2_000) : 250;
      if (trouble && !this.stopping) {
        this.metadataStale = false;
        // Bounded: the broker asked may be the one that went silent.
        await withTimeout(this.cluster.refreshMetadata(), 5_000, 'metadata').catch(() => undefined);
      }
    }
    // In-flight fetches are pointless now: fail them at once rather than wait out their long-poll.
    if (this.workers.size > 0) destroySockets(this.cluster, new Error('closed by Kafka Dev: the consumer ended'));
    await Promise.all(this.workers.values());
    await this.closeConnections();
    // Records taken by other leaders' fetches were still handed over after the limit was reached.
    const r = this.endReason ?? { kind: 'stopped' };
    this.endResolve(r.kind === 'limit' || r.kind === 'end' ? { kind: r.kind, count: this.delivery.delivered } : r);
  }

  private spawn(leader: number): void {
    const w = this.work(leader)
      .catch((e: unknown) => this.finish({ kind: 'error', message: `Consumer stopped: ${(e as Error)?.message ?? String(e)}` }))
      .finally(() => { this.workers.delete(leader); this.napper.wake?.(); });
    this.workers.set(leader, w);
  }

  /** Fetches from one leader until it fails, has no partition left, or the session ends. */
  private async work(leader: number): Promise<void> {
    let pending = this.fetchFrom(leader);
    while (pending) {
      const answer = await pending;
      if (this.stopping) return; // not taken: the positions still say where to start again
      if (answer.error !== undefined) {
        // Only partitions this fetch still speaks for: a late failure of a leader that went silent must
        // not mark down partitions that another leader has been asked for (or has answered) meanwhile.
        const ours = [...answer.fetched].filter(([p, o]) => this.next.get(p) === o && !this.claimed.has(p)).map(([p]) => p);
        if (ours.length > 0) await this.failed(leader, ours, answer.error);
        return;
      }
      this.retry.delete(leader);
      this.unknownTopicStrikes = 0;
      const limit = this.options.maxRecords;
      // Said before the positions move, so that "resuming at" names the first offset read again.
      this.availability.markUp((answer.partitions ?? []).map((pd) => pd.partition).filter((p) => this.next.get(p) === answer.fetched.get(p)));
      const t = takeRecords(this.next, answer.fetched, answer.partitions ?? [], limit === undefined ? Infinity : limit - this.taken, this.stopAt);
      this.taken += t.records.length;
      const done = t.limited || (limit !== undefined && this.taken >= limit);
      // Ask for what follows before handing these records over: formatting them then overlaps the
      // round trip, which is most of the time through an SSH tunnel.
      pending = done ? undefined : this.fetchFrom(leader);
      await this.delivery.deliver(t.records);
      if (done) this.finish({ kind: 'limit', count: this.delivery.delivered });
    }
  }

  /** One Fetch to `leader` for its partitions (none: undefined). Never rejects. */
  private fetchFrom(leader: number): Promise<Answer> | undefined {
    if (this.stopping) return undefined;
    const { topic } = this.options;
    const meta = this.cluster.findTopicPartitionMetadata(topic);
    const ps = planFetches(meta, [...this.next.keys()].filter((p) => !this.claimed.has(p) && this.open(p)), this.round++).byLeader.get(leader);
    if (!ps?.length) return undefined;
    const fetched = new Map(ps.map((p) => [p, this.next.get(p) ?? 0n]));
    const claim = {};
    const release = (): void => { for (const p of ps) if (this.claimed.get(p) === claim) this.claimed.delete(p); };
    for (const p of ps) this.claimed.set(p, claim);
    const maxWaitTime = this.settings.maxWaitMs ?? 500;
    // A leader that accepts the request and never answers (a paused process, a cut link with no reset):
    // say so and free its partitions, so that a new leader can be asked once metadata names one. Its
    // late answer, if any, is taken only where the positions have not moved meanwhile.
    const silent = setTimeout(() => {
      if (this.stopping) return;
      release();
      const secs = Math.round((maxWaitTime + (this.settings.silentAfterMs ?? 5_000)) / 1000);
      this.availability.markDown(ps, `leader broker ${leader} has not answered for ${secs} s`, true);
      this.metadataStale = true;
      this.napper.wake?.();
    }, maxWaitTime + (this.settings.silentAfterMs ?? 5_000));
    const limits = { maxWaitTime, maxBytes: this.settings.maxBytes, maxBytesPerPartition: this.settings.maxBytesPerPartition };
    return fetchFromLeader(this.cluster, leader, topic, ps, fetched, limits).catch((error: unknown) => ({ fetched, error })).finally(() => {
      clearTimeout(silent);
      release();
    });
  }

  /** A leader's fetch failed: decide whether its partitions wait, move on, or the session ends. */
  private async failed(leader: number, ps: number[], e: unknown): Promise<void> {
    const text = errorText(e);
    if (OUT_OF_RANGE.test(text)) {
      const partition = (e as { partition?: number }).partition;
      const moves = await outOfRangeMoves(this.cluster, this.options.topic, this.next, partition !== undefined ? [partition] : ps).catch(() => []);
      for (const m of moves) { this.next.set(m.partition, m.to); this.listener.onStatus(m.line); }
      return;
    }
    if (UNKNOWN_TOPIC.test(text)) {
      await this.checkTopicGone(ps);
      return;
    }
    if (!RETRIABLE_FETCH.test(text)) {
      this.finish({ kind: 'error', message: `Consumer stopped: ${describeKafkaError(e, this.settings.target).message}` });
      return;
    }
    const backoff = Math.min((this.retry.get(leader)?.backoff ?? 125) * 2, 2_000);
    this.retry.set(leader, { at: Date.now() + backoff, backoff });
    this.availability.markDown(ps, leaderFailureReason(leader, e));
    this.metadataStale = true;
  }

  /** Either the topic was deleted, or a leader moved and metadata is stale: ask the cluster. */
  private async checkTopicGone(ps: number[]): Promise<void> {
    let gone: boolean;
    try {
      await this.cluster.refreshMetadata();
      gone = this.cluster.findTopicPartitionMetadata(this.options.topic).length === 0;
    } catch (err) {
      gone = UNKNOWN_TOPIC.test(errorText(err));
    }
    if (gone && ++this.unknownTopicStrikes >= 2) {
      this.finish({ kind: 'deleted', message: `Topic "${this.options.topic}" was deleted; the consumer stopped (it had reached ${this.where()}).` });
      return;
    }
    this.availability.markDown(ps, gone ? `the cluster does not know topic "${this.options.topic}" right now` : 'its metadata is being updated');
    this.metadataStale = true;
  }
}
