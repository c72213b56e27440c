// The idempotent producer's identity: the producer id and epoch the cluster gave (InitProducerId) and the
// next sequence number of every partition written to. A batch takes its base sequence when it is first
// sent and keeps it (and its bytes) for every retry, which is what lets the broker drop a retried batch it
// already wrote. After a failure that leaves it unknown what the broker holds, the identity is dropped and
// the next send asks for a new producer id, whose sequences start again at 0.
import { pickVersion, sendRawRequest } from '../client/rawRequest';
import { decodeInitProducerId, encodeInitProducerId, INIT_PRODUCER_ID } from '../protocol/produce';
import { KafkaProtocolError } from '../protocol/produceErrors';
import type { BatchStamp } from '../protocol/recordBatchEncoder';

const NOT_IDEMPOTENT: BatchStamp = { producerId: -1n, producerEpoch: -1, baseSequence: -1 };
const INT32_MAX = 0x7fffffff;
/** InitProducerId answers worth asking again: coordinator loading or moving, a concurrent operation, a timeout. */
const RETRY_INIT = new Set([7, 14, 15, 16, 51]);

export class ProducerIdentity {
  private producerId = -1n;
  private epoch = -1;
  private readonly sequences = new Map<string, number>();
  private ready = false;

  constructor(readonly idempotent: boolean) {}

  /** Asks `broker` (any broker: an idempotent producer has no coordinator) for a producer id, unless one is held. */
  async ensure(broker: unknown, sleep: (ms: number) => Promise<void>): Promise<void> {
    if (!this.idempotent || this.ready) return;
    const version = pickVersion(broker, INIT_PRODUCER_ID.apiKey, INIT_PRODUCER_ID.minVersion, INIT_PRODUCER_ID.maxVersion);
    if (version === undefined) throw new KafkaProtocolError(35); // UNSUPPORTED_VERSION: the caller sends without idempotence
    for (let attempt = 0; ; attempt++) {
      const answer = await sendRawRequest(broker, {
        apiKey: INIT_PRODUCER_ID.apiKey, apiName: INIT_PRODUCER_ID.apiName, apiVersion: version,
        flexible: version >= INIT_PRODUCER_ID.firstFlexible, body: encodeInitProducerId(version),
        decode: (b) => decodeInitProducerId(version, b),
      });
      if (answer.errorCode === 0) {
        this.producerId = answer.producerId;
        this.epoch = answer.producerEpoch;
        this.sequences.clear();
        this.ready = true;
        return;
      }
      if (!RETRY_INIT.has(answer.errorCode) || attempt >= 5) throw new KafkaProtocolError(answer.errorCode);
      await sleep(Math.min(1_000, 100 * 2 ** attempt));
    }
  }

  /** The stamp of a batch of `count` records for `topic`/`partition` sent now: takes the next sequence numbers. */
  stamp(topic: string, partition: number, count: number): BatchStamp {
    if (!this.idempotent) return NOT_IDEMPOTENT;
    const key = `${partition}\u0000${topic}`;
    const seq = this.sequences.get(key) ?? 0;
    // Sequences wrap from 2^31−1 to 0, as Kafka's DefaultRecordBatch.incrementSequence does.
    this.sequences.set(key, seq > INT32_MAX - count ? seq + count - INT32_MAX - 1 : seq + count);
    return { producerId: this.producerId, producerEpoch: this.epoch, baseSequence: seq };
  }

  /** Forgets the producer id and every sequence: the next send starts afresh with a new id. */
  invalidate(): void {
    this.ready = false;
    this.sequences.clear();
  }
}
