// A streaming read of one topic without a consumer group: metadata, ListOffsets and Fetch only, so
// nothing is written to the cluster (no group, no committed offsets). The session owns its next
// offset per partition; that is what makes a broker restart resumable with no gap and no duplicate:
// a fetch that fails delivers nothing, and the retry asks for the same offset again.
import type { Kafka } from 'kafkajs';
import { ConsumeOptions, describeStart } from '../rules/consumerOptions';
import { describeKafkaError, withTimeout } from '../client/errors';
import { ConsumedRecord, count } from '../rules/recordFormat';
import { createRawCluster, destroySockets, RawCluster, RawFetchPartition, READ_UNCOMMITTED } from '../client/rawCluster';

export interface SessionSettings {
  /** Bound for connecting and resolving start offsets (kafkaDev.connectionTimeoutMs). */
  timeoutMs: number;
  /** What the error messages say was tried, e.g. "local (127.0.0.1:9092)". */
  target: string;
  /** After this long without a successful fetch the session gives up (default 5 min). */
  reconnectGiveUpMs?: number;
  /** Fetch long-poll wait; also bounds how long stop() waits for an in-flight fetch. */
  maxWaitMs?: number;
  maxBytesPerPartition?: number;
}

export interface SessionListener {
  /** Records of one fetch, in offset order per partition. Called synchronously; must not throw. */
  onRecords(records: ConsumedRecord[]): void;
  /** A line about the session itself (reconnecting, offsets jumped, …). */
  onStatus(line: string): void;
}

export type EndReason =
  | { kind: 'stopped' }
  | { kind: 'limit'; count: number }
  | { kind: 'deleted'; message: string }
  | { kind: 'error'; message: string };

/** Thrown by start(): a message meant for the person, nothing left running. */
export class ConsumerStartError extends Error {}

/** One fetch's answer per leader, with the offsets it asked for (to drop answers that went stale). */
type FetchResults = Array<{ fetched: Map<number, bigint>; partitions: RawFetchPartition[] }>;

const sleep = (ms: number, abort: { wake?: () => void }): Promise<void> =>
  new Promise((r) => {
    const t = setTimeout(r, ms);
    abort.wake = () => { clearTimeout(t); r(); };
  });

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const o = cur as { name?: string; type?: string; message?: string; originalError?: unknown; cause?: unknown };
    parts.push(`${o.name ?? ''} ${o.type ?? ''} ${o.message ?? ''}`);
    cur = o.originalError ?? o.cause;
  }
  return parts.join(' | ');
}

const RETRIABLE = /KafkaJSConnectionError|KafkaJSConnectionClosedError|KafkaJSRequestTimeoutError|KafkaJSBrokerNotFound|KafkaJSNumberOfRetriesExceeded|KafkaJSLockTimeout|KafkaJSTopicMetadataNotLoaded|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Closed connection|NOT_LEADER|LEADER_NOT_AVAILABLE|REPLICA_NOT_AVAILABLE|BROKER_NOT_AVAILABLE|FENCED_LEADER_EPOCH|UNKNOWN_LEADER_EPOCH|KAFKA_STORAGE_ERROR|NOT_CONTROLLER|REQUEST_TIMED_OUT|NETWORK_EXCEPTION|COORDINATOR_LOAD_IN_PROGRESS|leader -1/i;
const UNKNOWN_TOPIC = /UNKNOWN_TOPIC_OR_PARTITION|UNKNOWN_TOPIC_ID|does not host this topic-partition/i;

/** Upper bound of one Fetch response (all partitions of one leader together). */
const FETCH_MAX_BYTES = 1024 * 1024;
/** Records handed to the listener at once (see the loop). */
const DELIVERY_SLICE = 2_000;

export class ConsumerSession {
  private readonly next = new Map<number, bigint>();
  private stopping = false;
  private readonly napper: { wake?: () => void } = {};
  private consumedCount = 0;
  private endResolve!: (r: EndReason) => void;
  /** Resolves once the loop has ended and every connection is closed. */
  readonly ended: Promise<EndReason> = new Promise((r) => { this.endResolve = r; });

  private constructor(
    private readonly cluster: RawCluster,
    readonly options: ConsumeOptions,
    private readonly settings: SessionSettings,
    private readonly listener: SessionListener,
  ) {}

  /** Records delivered so far. */
  get consumed(): number { return this.consumedCount; }

  /** The next offset to be delivered, per partition (decimal strings). */
  positions(): Record<number, string> {
    return Object.fromEntries([...this.next].map(([p, o]) => [p, o.toString()]));
  }

  /**
   * Connects, validates the topic, partitions and start position, and starts streaming. Rejects with a
   * ConsumerStartError saying exactly what is wrong; then no connection is left open.
   */
  static async start(kafka: Kafka, options: ConsumeOptions, settings: SessionSettings, listener: SessionListener): Promise<ConsumerSession> {
    const cluster = createRawCluster(kafka);
    const s = new ConsumerSession(cluster, options, settings, listener);
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
    const { topic } = this.options;
    await this.cluster.connect();
    try {
      await this.cluster.addTargetTopic(topic);
    } catch (e) {
      if (UNKNOWN_TOPIC.test(errorText(e))) throw new ConsumerStartError(`Topic "${topic}" does not exist on ${this.settings.target}.`);
      if (/INVALID_TOPIC/.test(errorText(e))) throw new ConsumerStartError(`"${topic}" is not a valid topic name.`);
      throw e;
    }
    const all = this.cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId).sort((a, b) => a - b);
    if (all.length === 0) throw new ConsumerStartError(`Topic "${topic}" does not exist on ${this.settings.target}.`);
    const start = this.options.start;
    const wanted = start.kind === 'offsets'
      ? Object.keys(start.offsets).map(Number).filter((p) => !this.options.partitions || this.options.partitions.includes(p))
      : this.options.partitions ?? all;
    if (wanted.length === 0) throw new ConsumerStartError('No partition selected: the partition list and the per-partition offsets have no partition in common.');
    const missing = wanted.filter((p) => !all.includes(p));
    if (missing.length) {
      throw new ConsumerStartError(`Topic "${topic}" has no partition ${missing.join(', ')}: it has ${all.length} partition${all.length === 1 ? '' : 's'} (0 to ${all.length - 1}).`);
    }
    const parts = wanted.map((partition) => ({ partition }));
    const read = async (q: { fromBeginning?: boolean; fromTimestamp?: number }): Promise<Map<number, bigint>> => {
      const r = await this.cluster.fetchTopicsOffset([{ topic, partitions: parts, ...q }]);
      return new Map(r[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    };
    const low = await read({ fromBeginning: true });
    const high = await read({ fromBeginning: false });
    const range = (p: number): string => `partition ${p} holds offsets ${low.get(p)} to ${(high.get(p) ?? 0n) - 1n}` +
      `${low.get(p) === high.get(p) ? ' (it is empty)' : ''}, and ${high.get(p)} is the next to be written`;
    const bad: string[] = [];
    const notes: string[] = [];
    for (const p of wanted) {
      const lo = low.get(p) ?? 0n;
      const hi = high.get(p) ?? 0n;
      let at: bigint;
      switch (start.kind) {
        case 'beginning': at = lo; break;
        case 'latest': at = hi; break;
        case 'offset':
        case 'offsets': {
          at = BigInt(start.kind === 'offset' ? start.offset : start.offsets[p]);
          if (at < lo || at > hi) bad.push(`offset ${at} is out of range: ${range(p)}`);
          break;
        }
        case 'timestamp': at = hi; break;
        case 'last': {
          // Offsets are dense enough for this: a compacted or transactional log may show fewer.
          const from = hi - BigInt(start.count);
          at = from > lo ? from : lo;
          break;
        }
      }
      this.next.set(p, at);
    }
    if (bad.length) throw new ConsumerStartError(`Cannot start at that offset. ${bad.join('; ')}.`);
    if (start.kind === 'timestamp') {
      if (start.timestampMs > Date.now() + 60_000) {
        throw new ConsumerStartError(`${new Date(start.timestampMs).toISOString()} is in the future: no record has that timestamp yet.`);
      }
      const at = await read({ fromTimestamp: start.timestampMs });
      for (const p of wanted) {
        const o = at.get(p);
        if (o !== undefined && o >= 0n) this.next.set(p, o);
        else notes.push(`partition ${p} has no record at or after ${new Date(start.timestampMs).toISOString()}: waiting for new ones at offset ${high.get(p)}`);
      }
    }
    const where = [...this.next].map(([p, o]) => `p${p}@${o}`).join(', ');
    this.listener.onStatus(`Consuming "${topic}" ${describeStart(start)} (${where}) on ${this.settings.target}` +
      `${this.options.maxRecords ? `, stopping after ${count(this.options.maxRecords)} records` : ''}; no consumer group, nothing is written to the cluster.`);
    for (const n of notes) this.listener.onStatus(n);
  }

  private finish(r: EndReason): void {
    this.stopping = true;
    void this.closeConnections().then(() => this.endResolve(r));
  }

  private async loop(): Promise<void> {
    const giveUpMs = this.settings.reconnectGiveUpMs ?? 300_000;
    let backoff = 250;
    let troubleSince: number | undefined;
    let lastTroubleNote = 0;
    let unknownTopicStrikes = 0;
    let prefetched: Promise<FetchResults> | undefined;
    while (!this.stopping) {
      try {
        const pending = prefetched ?? this.fetchOnce();
        prefetched = undefined;
        const results = await pending;
        if (this.stopping) break;
        if (troubleSince !== undefined) {
          const where = [...this.next].map(([p, o]) => `p${p}@${o}`).join(', ');
          this.listener.onStatus(`Reconnected after ${((Date.now() - troubleSince) / 1000).toFixed(1)} s; resuming at ${where}.`);
          troubleSince = undefined;
        }
        backoff = 250;
        unknownTopicStrikes = 0;
        const { records, limitReached } = this.advance(results);
        if (!limitReached) {
          // Ask for what follows before handing these records over: formatting them then overlaps the
          // round trip, which is most of the time through an SSH tunnel. A failure surfaces when awaited.
          prefetched = this.fetchOnce();
          prefetched.catch(() => undefined);
        }
        // A fetch can hold ~10,000 small records: hand them over in slices, letting the extension host
        // handle other events in between, so formatting them never blocks it for long.
        for (let i = 0; i < records.length && !this.stopping; i += DELIVERY_SLICE) {
          if (i > 0) await new Promise<void>((r) => setImmediate(r));
          if (!this.stopping) this.listener.onRecords(records.slice(i, i + DELIVERY_SLICE));
        }
        if (limitReached) {
          this.finish({ kind: 'limit', count: this.consumedCount });
          return;
        }
      } catch (e) {
        if (this.stopping) break;
        const text = errorText(e);
        const oor = /OFFSET_OUT_OF_RANGE|KafkaJSOffsetOutOfRange/.test(text);
        if (oor) {
          const partition = (e as { partition?: number }).partition;
          await this.recoverOutOfRange(partition).catch(() => undefined);
          continue;
        }
        if (UNKNOWN_TOPIC.test(text)) {
          // Either the topic was deleted, or a leader moved and metadata is stale: ask the cluster.
          if (await this.topicGone()) {
            if (++unknownTopicStrikes >= 2) {
              const where = [...this.next].map(([p, o]) => `p${p}@${o}`).join(', ');
              this.finish({ kind: 'deleted', message: `Topic "${this.options.topic}" was deleted; the consumer stopped (it had reached ${where}).` });
              return;
            }
          }
        } else if (!RETRIABLE.test(text)) {
          this.finish({ kind: 'error', message: `Consumer stopped: ${describeKafkaError(e, this.settings.target).message}` });
          return;
        }
        const now = Date.now();
        if (troubleSince === undefined) {
          troubleSince = now;
          lastTroubleNote = now;
          const d = describeKafkaError(e);
          // Mid-stream, a closed connection is a restart or a network blip, not a settings question.
          this.listener.onStatus(`Connection to ${this.settings.target} lost (${d.kind === 'closed' ? 'the broker closed the connection' : d.message}); reconnecting…`);
        } else if (now - troubleSince > giveUpMs) {
          this.finish({ kind: 'error', message: `Consumer stopped: no answer from ${this.settings.target} for ${Math.round(giveUpMs / 1000)} s.` });
          return;
        } else if (now - lastTroubleNote > 15_000) {
          lastTroubleNote = now;
          this.listener.onStatus(`Still reconnecting to ${this.settings.target} (${Math.round((now - troubleSince) / 1000)} s)…`);
        }
        await sleep(backoff, this.napper);
        backoff = Math.min(backoff * 2, 2_000);
        await this.cluster.refreshMetadata().catch(() => undefined);
      }
    }
    this.finish({ kind: 'stopped' });
  }

  /** One Fetch per partition leader, in parallel. */
  private async fetchOnce(): Promise<FetchResults> {
    const { topic } = this.options;
    const meta = this.cluster.findTopicPartitionMetadata(topic);
    if (meta.length === 0) throw Object.assign(new Error(`UNKNOWN_TOPIC_OR_PARTITION: no metadata for ${topic}`), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    const byLeader = new Map<number, number[]>();
    for (const p of this.next.keys()) {
      const m = meta.find((x) => x.partitionId === p);
      if (!m || m.leader < 0) throw new Error(`LEADER_NOT_AVAILABLE: partition ${p} has leader -1`);
      byLeader.set(m.leader, [...(byLeader.get(m.leader) ?? []), p]);
    }
    // kafkajs decodes a whole Fetch response synchronously: small fetches keep each pause of the
    // extension host short and the heap flat, at little cost in throughput on a busy topic.
    const maxBytesPerPartition = this.settings.maxBytesPerPartition ?? 256 * 1024;
    return Promise.all([...byLeader].map(async ([nodeId, ps]) => {
      const broker = await this.cluster.findBroker({ nodeId });
      const fetched = new Map(ps.map((p) => [p, this.next.get(p) ?? 0n]));
      const res = await broker.fetch({
        replicaId: -1,
        isolationLevel: READ_UNCOMMITTED,
        maxWaitTime: this.settings.maxWaitMs ?? 500,
        minBytes: 1,
        maxBytes: FETCH_MAX_BYTES,
        topics: [{ topic, partitions: ps.map((p) => ({ partition: p, fetchOffset: String(fetched.get(p)), maxBytes: maxBytesPerPartition })) }],
      });
      return { fetched, partitions: res.responses.filter((r) => r.topicName === topic).flatMap((r) => r.partitions) };
    }));
  }

  /** Takes the new records of a fetch and advances the offsets past them (up to the record limit). */
  private advance(results: FetchResults): { records: ConsumedRecord[]; limitReached: boolean } {
    const limit = this.options.maxRecords;
    const out: ConsumedRecord[] = [];
    for (const { fetched, partitions } of results) {
      for (const pd of partitions) {
        const from = fetched.get(pd.partition);
        if (from === undefined || this.next.get(pd.partition) !== from) continue;
        const msgs = pd.messages;
        let i = 0;
        // A fetch returns whole batches: a compressed batch may start before the offset asked for.
        // Offsets ascend, so only the first few need comparing (BigInt per record is measurable).
        while (i < msgs.length && BigInt(msgs[i].offset) < from) i++;
        const first = i;
        let limited = false;
        for (; i < msgs.length; i++) {
          const m = msgs[i];
          if (m.isControlRecord) continue; // transaction markers occupy offsets but are not records
          if (limit !== undefined && this.consumedCount + out.length >= limit) { limited = true; break; }
          out.push({ partition: pd.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {} });
        }
        let next = limited ? BigInt(msgs[i].offset) : i > first ? BigInt(msgs[i - 1].offset) + 1n : from;
        if (!limited && next === from && msgs.length > 0 && BigInt(pd.highWatermark) > from) {
          // Only records before the asked offset came back (compacted away): move past the gap.
          next = from + 1n;
        }
        this.next.set(pd.partition, next);
      }
    }
    this.consumedCount += out.length;
    return { records: out, limitReached: limit !== undefined && this.consumedCount >= limit };
  }

  private async topicGone(): Promise<boolean> {
    try {
      await this.cluster.refreshMetadata();
      return this.cluster.findTopicPartitionMetadata(this.options.topic).length === 0;
    } catch (e) {
      return UNKNOWN_TOPIC.test(errorText(e));
    }
  }

  /** Retention deleted what we were about to read (or the log was truncated): say so and move on. */
  private async recoverOutOfRange(partition: number | undefined): Promise<void> {
    const ps = partition !== undefined ? [partition] : [...this.next.keys()];
    const q = ps.map((p) => ({ partition: p }));
    const [lo] = await this.cluster.fetchTopicsOffset([{ topic: this.options.topic, partitions: q, fromBeginning: true }]);
    const [hi] = await this.cluster.fetchTopicsOffset([{ topic: this.options.topic, partitions: q, fromBeginning: false }]);
    for (const p of ps) {
      const cur = this.next.get(p) ?? 0n;
      const l = BigInt(lo?.partitions.find((x) => x.partition === p)?.offset ?? '0');
      const h = BigInt(hi?.partitions.find((x) => x.partition === p)?.offset ?? '0');
      if (cur < l) {
        this.listener.onStatus(`Partition ${p}: offsets ${cur} to ${l - 1n} no longer exist (deleted by retention); continuing at ${l}.`);
        this.next.set(p, l);
      } else if (cur > h) {
        this.listener.onStatus(`Partition ${p}: offset ${cur} is past the end (${h}); the log was truncated or recreated; continuing at ${h}.`);
        this.next.set(p, h);
      }
    }
  }
}
