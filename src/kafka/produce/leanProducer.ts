// The connection side of our own producer: kafkajs's cluster object for this cluster (its own connections,
// TLS, SASL, SSH channels, metadata, ApiVersions; see rawCluster.ts) carries the Produce and InitProducerId
// requests we encode (rawRequest.ts). One per ClusterProducer and acks mode; each send opens a ProduceStream.
import type { Kafka } from 'kafkajs';
import { withTimeout } from '../client/errors';
import { withoutDeletedTopics } from '../client/deletedTopics';
import { createRawCluster, RawCluster, RawPartitionMetadata } from '../client/rawCluster';
import type { BatchCompression } from '../protocol/recordBatchEncoder';
import { ProduceStream } from './produceStream';
import { ProducerIdentity } from './producerIdentity';

/**
 * How long a topic's leaders loaded by partitions() stand for the send that asked for them: a send looks up
 * the partitions, then opens its stream, and one Metadata request serves both.
 */
const FRESH_MS = 1_000;

/**
 * Uncompressed bytes per Produce request per broker: large enough that the per-request cost is small,
 * small enough that 5 of them keep the broker busy while the next is encoded, and under the broker's
 * default message.max.bytes (1 MB) for a batch when every record goes to one partition.
 */
export const REQUEST_BYTES = 256 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function once(f: () => void): () => void {
  let done = false;
  return () => { if (!done) { done = true; f(); } };
}

export class LeanProducer {
  private connecting: Promise<RawCluster> | undefined;
  /**
   * One stream at a time: the sequence numbers of a partition must reach the broker in order, and at most 5
   * batches of it may be unacknowledged; two sends at once (two panels) would break both. The next waits.
   */
  private turn: Promise<void> = Promise.resolve();
  /** The topic whose metadata partitions() just loaded, and when. */
  private fresh: { topic: string; at: number } | undefined;
  readonly identity: ProducerIdentity;

  constructor(private readonly kafka: Kafka, idempotent: boolean, private readonly timeoutMs: number, private readonly target: string) {
    this.identity = new ProducerIdentity(idempotent);
  }

  get idempotent(): boolean { return this.identity.idempotent; }

  private cluster(): Promise<RawCluster> {
    if (!this.connecting) {
      const c = createRawCluster(this.kafka);
      this.connecting = withTimeout(c.connect(), this.timeoutMs, `could not connect a producer to ${this.target} within ${this.timeoutMs} ms`)
        .then(() => c, (e: unknown) => {
          this.connecting = undefined;
          void c.disconnect().catch(() => undefined);
          throw e;
        });
    }
    return this.connecting;
  }

  /**
   * The topic's partitions as this producer's connection sees them (connects first time; one Metadata
   * request, which the stream opened next uses). Rejects with kafkajs's error, e.g. UNKNOWN_TOPIC_OR_PARTITION.
   */
  async partitions(topic: string): Promise<RawPartitionMetadata[]> {
    const c = await this.cluster();
    await this.loadTopic(c, topic);
    this.fresh = { topic, at: performance.now() };
    return c.findTopicPartitionMetadata(topic);
  }

  private loadTopic(c: RawCluster, topic: string): Promise<void> {
    let known = false;
    try { known = c.findTopicPartitionMetadata(topic).length > 0; } catch { /* no metadata loaded yet */ }
    // A topic this connection sent to before and someone has deleted since fails every refresh: forgotten first.
    // (Asked again, the topic is a target already, so adding it would not refresh.)
    const load = withoutDeletedTopics(() => c, () => (known ? c.refreshMetadata() : c.addTargetTopic(topic)), () => c.refreshMetadata());
    return withTimeout(load, this.timeoutMs, `looking up the leaders of "${topic}" on ${this.target} got no answer within ${this.timeoutMs} ms`);
  }

  /**
   * Connects (first time), loads the topic's leaders and, for an idempotent producer without a producer id,
   * asks for one. Rejects with kafkajs's or the broker's error (InitProducerId refused: CLUSTER_AUTHORIZATION_FAILED…).
   */
  async open(topic: string, o: { acks: 'all' | 'leader'; compression: BatchCompression; onAcked?(acked: number): void }): Promise<ProduceStream> {
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((r) => { release = r; });
    await previous;
    try {
      return await this.openNow(topic, o, release);
    } catch (e) {
      release();
      throw e;
    }
  }

  private async openNow(topic: string, o: { acks: 'all' | 'leader'; compression: BatchCompression; onAcked?(acked: number): void }, release: () => void): Promise<ProduceStream> {
    const c = await this.cluster();
    const bound = <T>(p: Promise<T>, what: string): Promise<T> => withTimeout(p, this.timeoutMs, `${what} on ${this.target} got no answer within ${this.timeoutMs} ms`);
    // Fresh leaders for every send: a leader that died since the last one must not be asked again (those
    // partitions() loaded for this very send are fresh).
    const f = this.fresh;
    this.fresh = undefined;
    if (!f || f.topic !== topic || performance.now() - f.at > FRESH_MS) await this.loadTopic(c, topic);
    if (this.identity.idempotent) {
      const leaders = [...new Set(c.findTopicPartitionMetadata(topic).map((p) => p.leader).filter((l) => l >= 0))];
      if (leaders.length === 0) throw Object.assign(new Error(`no partition of "${topic}" has a leader`), { type: 'LEADER_NOT_AVAILABLE', retriable: true });
      // Any broker gives an idempotent producer its id: the first that answers.
      let failure: unknown;
      for (const id of leaders) {
        try {
          await bound(c.findBroker({ nodeId: id }).then((broker) => this.identity.ensure(broker, sleep)), 'getting a producer id');
          failure = undefined;
          break;
        } catch (e) {
          failure = e;
          if ((e as { type?: string }).type) break; // the broker answered and refused: asking another would not help
        }
      }
      if (failure !== undefined) throw failure;
    }
    const settings = { topic, acks: o.acks, compression: o.compression, timeoutMs: this.timeoutMs, requestBytes: REQUEST_BYTES, onAcked: o.onAcked };
    return ProduceStream.open(c, this.identity, settings, once(release));
  }

  async close(): Promise<void> {
    const c = this.connecting;
    this.connecting = undefined;
    if (c) await c.then((x) => x.disconnect(), () => undefined).catch(() => undefined);
  }
}
