// One send to one topic through our own Produce requests: records are appended to one open batch per
// partition; when a broker's open batches reach a request's worth they are sealed and sent as one Produce
// request, up to MAX_IN_FLIGHT requests per broker at a time (what Kafka allows an idempotent producer: the
// broker remembers the last 5 batches of each partition). A batch takes its sequence numbers when first sent
// and is resent byte for byte on a retriable failure.
//
// Retries keep the order the sequences demand: on any retriable failure (a dropped connection, a timeout,
// NOT_LEADER, NOT_ENOUGH_REPLICAS…) nothing new is sent; once every request in flight has settled, the
// metadata is refreshed and each partition's failed batches are resent one at a time, lowest sequence first,
// until all are written; then streaming resumes. DUPLICATE_SEQUENCE_NUMBER means the broker already holds the
// batch (success). OUT_OF_ORDER_SEQUENCE_NUMBER is expected for a batch behind a failed one (it is retried
// after it); for a partition's oldest unwritten batch it means the broker lost what we wrote: the send fails
// with that error, like UNKNOWN_PRODUCER_ID, and the producer id is renewed. Nothing is dropped silently.
import { withTimeout } from '../client/errors';
import type { RawCluster } from '../client/rawCluster';
import { sendFramedRequest } from '../client/framedRequest';
import { pickVersion } from '../client/rawRequest';
import { decodeProduce, PRODUCE, ProduceAnswer, produceParts } from '../protocol/produce';
import { DUPLICATE_SEQUENCE_NUMBER, KafkaProtocolError, OUT_OF_ORDER_SEQUENCE_NUMBER, retriableProduceError } from '../protocol/produceErrors';
import { Bytes, RecordBatchBuilder, ValueBytes } from '../protocol/recordBatchEncoder';
import type { ProducerIdentity } from './producerIdentity';
import { AckedRange, backoffMs, Batch, isNetworkError, MAX_ATTEMPTS, MAX_IN_FLIGHT, NodeState, PartitionState, StreamSettings } from './produceStreamState';

export { MAX_IN_FLIGHT } from './produceStreamState';
export type { AckedRange, StreamSettings } from './produceStreamState';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ProduceStream {
  private readonly parts: PartitionState[] = [];
  private readonly nodes = new Map<number, NodeState>();
  private readonly ranges = new Map<number, AckedRange>();
  private queued = 0;
  private inFlight = 0;
  private recovering = false;
  private recoveryRunning = false;
  private fatal: Error | undefined;
  private waiters: Array<() => void> = [];
  /** A request was handed to the connection since the caller last yielded: yield so that it is written now. */
  private issuedSinceYield = false;
  /** Records the broker acknowledged. */
  acked = 0;

  private constructor(
    private readonly cluster: RawCluster,
    private readonly identity: ProducerIdentity,
    private readonly s: StreamSettings,
    private readonly release: () => void,
  ) {}

  /** A stream on `cluster` (connected, the topic's metadata loaded); `release` is called once it has ended. */
  static async open(cluster: RawCluster, identity: ProducerIdentity, s: StreamSettings, release: () => void): Promise<ProduceStream> {
    const stream = new ProduceStream(cluster, identity, s, release);
    await stream.loadLeaders();
    return stream;
  }

  /** True when the caller should await ready() before appending more (requests wait for a slot, or a retry runs). */
  private get blocked(): boolean { return this.queued > 0 || this.recovering || this.fatal !== undefined; }

  /** True when the caller should await ready() before appending more. */
  get mustWait(): boolean { return this.issuedSinceYield || this.blocked; }

  append(partition: number, key: Bytes, value: ValueBytes, headers: Buffer | null, timestamp: number): void {
    const p = this.parts[partition];
    if (!p) throw new Error(`partition ${partition} is not in the metadata of "${this.s.topic}"`);
    let b = p.open ??= new RecordBatchBuilder(p.capacity);
    let before = b.size;
    if (!b.append(key, value, headers, timestamp, this.s.requestBytes)) {
      // One more record would make the batch too large for the broker: it goes as it is, the record starts the next.
      if (p.node) { p.node.openBytes += b.size - before; this.seal(p.node); } else this.sealPartition(p);
      b = p.open = new RecordBatchBuilder(p.capacity);
      before = b.size;
      b.append(key, value, headers, timestamp);
    }
    if (p.node) {
      p.node.openBytes += b.size - before;
      if (p.node.openBytes >= this.s.requestBytes) this.seal(p.node);
    } else if (b.size >= this.s.requestBytes) {
      this.sealPartition(p); // no leader yet: sent once the metadata names one
      this.pump();
    }
  }

  /** Resolves once more records may be appended; rejects with the send's error. */
  ready(): Promise<void> {
    this.issuedSinceYield = false;
    if (this.fatal && this.inFlight === 0 && !this.recoveryRunning) return Promise.reject(this.fatal);
    if (!this.blocked) return new Promise((r) => setImmediate(r)); // lets the connection write what was handed to it
    return new Promise((resolve, reject) => this.waiters.push(() => (this.fatal ? reject(this.fatal) : resolve())));
  }

  /** Sends what is left and resolves when every record is acknowledged (or rejects with the send's error). */
  async close(): Promise<AckedRange[]> {
    for (const p of this.parts) if (p?.open) this.sealPartition(p);
    this.pump();
    // After a failure, still waits for the requests in flight: the count of records written is final then.
    const busy = (): boolean => this.inFlight > 0 || this.recoveryRunning
      || (!this.fatal && (this.recovering || this.parts.some((p) => p && p.unacked.length > 0)));
    while (busy()) await new Promise<void>((r) => this.waiters.push(r));
    this.release();
    if (this.fatal) throw this.fatal;
    return this.result();
  }

  /** Stops: records not yet sent are dropped (they took no sequence numbers); what was sent is seen through. */
  async abort(): Promise<AckedRange[]> {
    for (const p of this.parts) {
      if (!p) continue;
      p.open = undefined;
      p.unacked = p.unacked.filter((b) => b.state !== 'queued');
    }
    this.queued = 0;
    for (const n of this.nodes.values()) n.openBytes = 0;
    this.maybeRecover();
    while (this.inFlight > 0 || this.recoveryRunning || (!this.fatal && this.recovering)) await new Promise<void>((r) => this.waiters.push(r));
    this.release();
    return this.result();
  }

  /** Offsets written per partition, ascending. */
  result(): AckedRange[] {
    return [...this.ranges.values()].sort((a, b) => a.partition - b.partition);
  }

  /** Each partition's leader from the cluster's metadata, with its broker connected (one that cannot be reached counts as none). */
  private async loadLeaders(): Promise<void> {
    const metadata = this.cluster.findTopicPartitionMetadata(this.s.topic);
    const reachable = new Map<number, unknown>();
    await Promise.all([...new Set(metadata.map((m) => m.leader).filter((l) => l >= 0))].map(async (id) => {
      const broker = await withTimeout(this.cluster.findBroker({ nodeId: id }), this.s.timeoutMs, 'connecting timed out').catch(() => undefined);
      if (broker) reachable.set(id, broker);
    }));
    for (const m of metadata) {
      const p = this.parts[m.partitionId] ??= { id: m.partitionId, node: undefined, open: undefined, unacked: [], capacity: 64 * 1024 };
      const broker = reachable.get(m.leader);
      if (broker === undefined) { p.node = undefined; continue; }
      let n = this.nodes.get(m.leader);
      if (!n) this.nodes.set(m.leader, n = { id: m.leader, broker, inFlight: 0, openBytes: 0 });
      n.broker = broker;
      p.node = n;
    }
    for (const n of this.nodes.values()) n.openBytes = 0;
    for (const p of this.parts) if (p?.open && p.node) p.node.openBytes += p.open.size;
  }

  private sealPartition(p: PartitionState): void {
    if (!p.open) return;
    p.unacked.push({ partition: p.id, count: p.open.count, builder: p.open, bytes: undefined, state: 'queued', attempts: 0 });
    if (p.node) p.node.openBytes -= p.open.size;
    p.capacity = Math.min(this.s.requestBytes + 4096, Math.max(16 * 1024, Math.ceil(p.open.size * 1.25)));
    p.open = undefined;
    this.queued++;
  }

  private seal(n: NodeState): void {
    for (const p of this.parts) if (p?.node === n && p.open) this.sealPartition(p);
    n.openBytes = 0;
    this.pump();
  }

  /** Sends queued batches while the brokers have free slots (never while a retry is under way). */
  private pump(): void {
    if (this.recovering || this.fatal) return;
    let leaderless = false;
    for (const n of this.nodes.values()) {
      while (n.inFlight < MAX_IN_FLIGHT) {
        const batches: Batch[] = [];
        for (const p of this.parts) {
          if (p?.node !== n) continue;
          const b = p.unacked.find((x) => x.state === 'queued');
          if (b) batches.push(b);
        }
        if (batches.length === 0) break;
        this.issue(n, batches);
      }
    }
    for (const p of this.parts) if (p && !p.node && p.unacked.some((b) => b.state === 'queued')) leaderless = true;
    if (leaderless) { this.recovering = true; this.maybeRecover(); }
    this.wake();
  }

  private issue(n: NodeState, batches: Batch[]): void {
    for (const b of batches) {
      if (!b.bytes) {
        const stamp = this.identity.stamp(this.s.topic, b.partition, b.count);
        b.bytes = b.builder!.finish(stamp, this.s.compression);
        b.builder = undefined;
      }
      if (b.state === 'queued') this.queued--;
      b.state = 'inflight';
    }
    n.inFlight++;
    this.inFlight++;
    this.issuedSinceYield = true;
    this.send(n.broker, batches).then(
      (answer) => this.settle(n, batches, answer, undefined),
      (e: unknown) => this.settle(n, batches, undefined, e));
  }

  /** Hands the request to the broker's connection; requests reach the socket in the order issued (framedRequest.ts). */
  private send(broker: unknown, batches: Batch[]): Promise<ProduceAnswer> {
    const version = pickVersion(broker, PRODUCE.apiKey, PRODUCE.minVersion, PRODUCE.maxVersion);
    if (version === undefined) return Promise.reject(new KafkaProtocolError(35));
    const parts = produceParts(version, this.s.acks === 'all' ? -1 : 1, this.s.timeoutMs,
      [{ topic: this.s.topic, partitions: batches.map((b) => ({ partition: b.partition, batch: b.bytes! })) }]);
    return withTimeout(sendFramedRequest(broker, {
      apiKey: PRODUCE.apiKey, apiName: PRODUCE.apiName, apiVersion: version, flexible: version >= PRODUCE.firstFlexible, parts,
      decode: (b) => decodeProduce(version, b),
    }), this.s.timeoutMs + 5_000, `sending to "${this.s.topic}" got no answer within ${this.s.timeoutMs + 5_000} ms`);
  }

  private settle(n: NodeState, batches: Batch[], answer: ProduceAnswer | undefined, error: unknown): void {
    n.inFlight--;
    this.inFlight--;
    const answers = answer?.topics.find((t) => t.topic === this.s.topic)?.partitions;
    for (const b of batches) {
      if (error !== undefined) { this.failed(b, error); continue; }
      const a = answers?.find((x) => x.partition === b.partition);
      if (!a) this.failed(b, new Error(`the broker's answer does not mention partition ${b.partition}`));
      else if (a.errorCode === 0 || a.errorCode === DUPLICATE_SEQUENCE_NUMBER) this.ack(b, a.baseOffset);
      else this.failed(b, new KafkaProtocolError(a.errorCode, a.errorMessage));
    }
    if (this.recoveryRunning) return; // the retry loop reads the outcome itself
    this.pump();
    this.maybeRecover();
    this.wake();
  }

  private ack(b: Batch, baseOffset: bigint): void {
    const p = this.parts[b.partition];
    p.unacked.splice(p.unacked.indexOf(b), 1);
    this.acked += b.count;
    // −1: a duplicate the broker did not place (older brokers); its records are counted, its offsets not known.
    if (baseOffset >= 0n) {
      const last = baseOffset + BigInt(b.count - 1);
      const r = this.ranges.get(b.partition);
      if (!r) this.ranges.set(b.partition, { partition: b.partition, first: baseOffset, last, count: b.count });
      else { r.count += b.count; if (baseOffset < r.first) r.first = baseOffset; if (last > r.last) r.last = last; }
    } else {
      const r = this.ranges.get(b.partition);
      if (r) r.count += b.count;
    }
    this.s.onAcked?.(this.acked);
  }

  private failed(b: Batch, e: unknown): void {
    const p = this.parts[b.partition];
    const code = e instanceof KafkaProtocolError ? e.code : undefined;
    // Behind a batch of its partition that failed too: the broker refused it only for the gap. Retried after.
    const behindFailure = code === OUT_OF_ORDER_SEQUENCE_NUMBER && p.unacked.indexOf(b) > 0;
    const retriable = code === undefined ? isNetworkError(e) : retriableProduceError(code) || behindFailure;
    b.attempts++;
    if (!retriable || b.attempts >= MAX_ATTEMPTS) { this.fail(e); return; }
    b.state = 'retry';
    this.recovering = true;
  }

  private fail(e: unknown): void {
    if (this.fatal) return;
    this.fatal = e instanceof Error ? e : new Error(String(e));
    // What the broker holds of the batches sent and not acknowledged is unknown: start afresh next time.
    if (this.parts.some((p) => p?.unacked.some((b) => b.bytes !== undefined))) this.identity.invalidate();
    this.wake();
  }

  /** Starts the retry loop once nothing is in flight any more (so the order of what the broker got is settled). */
  private maybeRecover(): void {
    if (this.recovering && !this.recoveryRunning && this.inFlight === 0 && !this.fatal) void this.recover();
  }

  /** Resends each partition's failed batches in sequence order, one per partition at a time. */
  private async recover(): Promise<void> {
    this.recoveryRunning = true;
    let failures = 0;
    try {
      while (!this.fatal) {
        const heads = this.parts.filter((p) => p && (p.unacked[0]?.state === 'retry' || (!p.node && p.unacked.length > 0)));
        if (heads.length === 0) break;
        await sleep(failures > 0 ? backoffMs(failures) : 0);
        try {
          await withTimeout(this.cluster.refreshMetadata(), this.s.timeoutMs, 'refreshing metadata timed out');
          await this.loadLeaders();
        } catch (e) {
          failures++;
          if (failures >= MAX_ATTEMPTS) this.fail(e);
          continue;
        }
        const byNode = new Map<NodeState, Batch[]>();
        for (const p of heads) {
          const b = p.unacked[0];
          if (!p.node) {
            if (++b.attempts >= MAX_ATTEMPTS) this.fail(new KafkaProtocolError(5));
            continue;
          }
          if (b.state === 'queued') continue; // first sent by pump() once leaders are known
          byNode.set(p.node, [...(byNode.get(p.node) ?? []), b]);
        }
        const before = this.acked;
        await Promise.all([...byNode].map(([n, batches]) => new Promise<void>((done) => {
          for (const b of batches) b.state = 'inflight';
          n.inFlight++;
          this.inFlight++;
          this.send(n.broker, batches).then(
            (answer) => { this.settle(n, batches, answer, undefined); done(); },
            (e: unknown) => { this.settle(n, batches, undefined, e); done(); });
        })));
        failures = this.acked > before && byNode.size > 0 ? 0 : failures + 1;
      }
    } finally {
      this.recoveryRunning = false;
      this.recovering = false;
    }
    this.pump();
    this.wake();
  }

  private wake(): void {
    if (this.blocked && !this.fatal) return;
    if (this.fatal && (this.inFlight > 0 || this.recoveryRunning)) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
