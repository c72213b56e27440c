// Sends what the producer form describes. One ClusterProducer per cluster, reused for every send:
// an idempotent kafkajs producer for acks=all (kafkajs only allows idempotence with acks=all) and a
// plain one for acks=leader, each connected on first use. Every network step is bounded in time.
import type { CompressionTypes, IHeaders, Kafka, Message, PartitionMetadata, Producer } from 'kafkajs';
import { ClusterAdmin } from '../admin/admin';
import { describeKafkaError, errorText, withTimeout } from '../client/errors';
import { cachedPromise } from '../client/promiseCache';
import { Compression, FieldName, ProduceSpec } from '../rules/produceValidation';
import { FakerResolver } from '../rules/template';
import type { RegistryClient } from '../registry/types';
import { kafkajs } from '../client/vendor';
import { EncodedMessage, EncodeError, EncoderResolver, prepareMessages } from './encodeMessages';

/** kafkajs's codec number for a compression choice (looked up when sending: kafkajs loads lazily). */
function compressionType(c: Compression): CompressionTypes {
  const { CompressionTypes: T } = kafkajs();
  return { none: T.None, gzip: T.GZIP, snappy: T.Snappy, lz4: T.LZ4, zstd: T.ZSTD }[c];
}

/** Ends a message with a full stop unless it already ends a sentence, so "…" + " Nothing was sent." reads. */
const sentence = (s: string): string => (/[.!?…]$/.test(s.trimEnd()) ? s.trimEnd() : `${s.trimEnd()}.`);

/** A failure with a sentence for the user and, when it is about one field, which one. */
export class ProduceError extends Error {
  constructor(message: string, readonly field?: FieldName, readonly kind: 'unknown-topic' | 'partition' | 'kafka' | 'cancelled' = 'kafka') {
    super(message);
    this.name = 'ProduceError';
  }
}

export interface PartitionRange {
  partition: number;
  /** Offsets are int64: kept as decimal strings. */
  firstOffset: string;
  lastOffset: string;
  count: number;
}

export interface ProduceResult {
  topic: string;
  requested: number;
  sent: number;
  cancelled: boolean;
  durationMs: number;
  msgsPerSec: number;
  /** Per partition written, ascending. For one message: one entry whose first = last = its offset. */
  partitions: PartitionRange[];
}

export interface ProduceOptions {
  signal?: AbortSignal;
  /** Called after each batch is acknowledged. */
  onProgress?: (sent: number, total: number) => void;
  /** {{seq}} of the first message (default 1): "send every N seconds" continues the count across sends. */
  seqStart?: number;
  /** Generates {{faker…}} placeholders; by default the real faker, loaded on the first template that has one. */
  faker?: FakerResolver;
  /** The cluster's Schema Registry, for a key/value encoded with a subject's schema. */
  registry?: RegistryClient;
  /** Gives the SchemaEncoder for a schema choice (default: a new one from `registry` or the file). */
  encoders?: EncoderResolver;
}

// A batch is one Produce request: below the broker's default 1 MB message.max.bytes even when every
// record goes to one partition, large enough that round trips do not dominate (idempotence allows one
// request in flight), and the unit of progress and cancel.
export const PRODUCE_BATCH = { messages: 8000, bytes: 900 * 1024 } as const;

export class ClusterProducer {
  private readonly producers = new Map<'idempotent' | 'plain', Promise<Producer>>();
  private readonly partitioner = kafkajs().Partitioners.DefaultPartitioner();
  /** False once the broker refused idempotence (e.g. missing IDEMPOTENT_WRITE on old ACL setups). */
  private idempotenceAllowed = true;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: ClusterAdmin,
    private readonly timeoutMs: number,
    private readonly target: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** The topic's partitions, or a ProduceError saying that it does not exist (never creates it). */
  async partitions(topic: string): Promise<PartitionMetadata[]> {
    try {
      const md = await this.admin.run(`look up topic "${topic}"`, (a) => a.fetchTopicMetadata({ topics: [topic] }));
      const t = md.topics.find((x) => x.name === topic);
      if (!t || t.partitions.length === 0) throw new ProduceError(`Topic "${topic}" does not exist on ${this.target}.`, 'topic', 'unknown-topic');
      return [...t.partitions].sort((a, b) => a.partitionId - b.partitionId);
    } catch (e) {
      if (e instanceof ProduceError) throw e;
      if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic/i.test(`${(e as { type?: string }).type ?? ''} ${(e as Error).message}`)) {
        throw new ProduceError(`Topic "${topic}" does not exist on ${this.target}. Create it first; nothing was sent.`, 'topic', 'unknown-topic');
      }
      throw new ProduceError(describeKafkaError(e, this.target).message);
    }
  }

  async produce(spec: ProduceSpec, opts: ProduceOptions = {}): Promise<ProduceResult> {
    const partitions = await this.partitions(spec.topic);
    if (spec.partition !== undefined && spec.partition >= partitions.length) {
      throw new ProduceError(
        `Partition ${spec.partition} does not exist: "${spec.topic}" has ${partitions.length} partition${partitions.length === 1 ? '' : 's'} (0…${partitions.length - 1}). Nothing was sent.`,
        'partition', 'partition');
    }
    const seq0 = opts.seqStart ?? 1;
    let messageAt: (i: number) => EncodedMessage;
    try {
      messageAt = await prepareMessages(spec, { seqStart: seq0, faker: opts.faker, encoders: opts.encoders, registry: opts.registry });
    } catch (e) {
      if (e instanceof EncodeError) throw new ProduceError(e.message, e.field);
      throw e;
    }
    const producer = await this.producer(spec.acks === 'all');
    const ranges = new Map<number, PartitionRange>();
    const headersOf = (): IHeaders | undefined => {
      if (spec.headers.length === 0) return undefined;
      const h: Record<string, string | string[]> = {};
      for (const { name, value } of spec.headers) {
        const prev = h[name];
        h[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      }
      return h;
    };
    const headers = headersOf();
    const headerBytes = spec.headers.reduce((n, h) => n + Buffer.byteLength(h.name) + Buffer.byteLength(h.value), 0);
    const t0 = performance.now();
    let sent = 0;
    let cancelled = false;
    while (sent < spec.count) {
      if (opts.signal?.aborted) { cancelled = true; break; }
      const batch: Message[] = [];
      const perPartition = new Map<number, number>();
      let bytes = 0;
      while (sent + batch.length < spec.count && batch.length < PRODUCE_BATCH.messages && bytes < PRODUCE_BATCH.bytes) {
        let key: Buffer | string | null;
        let value: Buffer | string | null;
        try {
          ({ key, value } = messageAt(sent + batch.length));
        } catch (e) {
          // A generator that fails now and then (its arguments meet a random value it refuses).
          const already = sent > 0 ? ` ${sent} of ${spec.count} messages were sent before the error.` : ' Nothing was sent.';
          throw new ProduceError(`${sentence((e as Error).message)}${already}`, 'value');
        }
        const m: Message = { key, value, headers };
        m.partition = spec.partition ?? this.partitioner({ topic: spec.topic, partitionMetadata: partitions, message: m });
        perPartition.set(m.partition, (perPartition.get(m.partition) ?? 0) + 1);
        bytes += (value === null ? 0 : Buffer.byteLength(value)) + (key === null ? 0 : Buffer.byteLength(key)) + headerBytes;
        batch.push(m);
      }
      let meta;
      try {
        meta = await withTimeout(
          producer.send({ topic: spec.topic, messages: batch, acks: spec.acks === 'all' ? -1 : 1, compression: compressionType(spec.compression), timeout: this.timeoutMs }),
          this.timeoutMs + 5_000,
          `sending to "${spec.topic}" on ${this.target} got no answer within ${this.timeoutMs} ms`);
      } catch (e) {
        const already = sent > 0 ? ` ${sent} of ${spec.count} messages were sent before the error.` : ' Nothing was sent.';
        const refused = await this.refusal(e, spec);
        throw new ProduceError(`${sentence(refused.message)}${already}`, refused.field);
      }
      for (const r of meta) {
        const n = perPartition.get(r.partition) ?? 0;
        const base = BigInt(r.baseOffset ?? '0');
        const last = (base + BigInt(n - 1)).toString();
        const prev = ranges.get(r.partition);
        if (prev) { prev.lastOffset = last; prev.count += n; } else ranges.set(r.partition, { partition: r.partition, firstOffset: base.toString(), lastOffset: last, count: n });
      }
      sent += batch.length;
      opts.onProgress?.(sent, spec.count);
    }
    const durationMs = performance.now() - t0;
    return {
      topic: spec.topic, requested: spec.count, sent, cancelled, durationMs,
      msgsPerSec: durationMs > 0 ? (sent * 1000) / durationMs : sent,
      partitions: [...ranges.values()].sort((a, b) => a.partition - b.partition),
    };
  }

  /**
   * Sends records exactly as given (key, value and header bytes, optional partition and timestamp) in one
   * Produce request: what "produce from a file" sends, batch by batch (src/kafka/browse/importFile.ts). A
   * record without a partition goes where its key sends it (kafkajs's default partitioner, as Kafka's Java
   * client). Resolves to the offsets written per partition; a refusal is a ProduceError in words.
   */
  async sendBatch(topic: string, partitions: PartitionMetadata[], batch: Message[], o: { acks: 'all' | 'leader'; compression: Compression }): Promise<PartitionRange[]> {
    const producer = await this.producer(o.acks === 'all');
    const perPartition = new Map<number, number>();
    for (const m of batch) {
      m.partition ??= this.partitioner({ topic, partitionMetadata: partitions, message: m });
      perPartition.set(m.partition, (perPartition.get(m.partition) ?? 0) + 1);
    }
    let meta;
    try {
      meta = await withTimeout(
        producer.send({ topic, messages: batch, acks: o.acks === 'all' ? -1 : 1, compression: compressionType(o.compression), timeout: this.timeoutMs }),
        this.timeoutMs + 5_000,
        `sending to "${topic}" on ${this.target} got no answer within ${this.timeoutMs} ms`);
    } catch (e) {
      const refused = await this.refusal(e, { topic, key: batch.some((m) => m.key === null || m.key === undefined) ? null : '' });
      throw new ProduceError(sentence(refused.message), refused.field);
    }
    return meta.map((r) => {
      const n = perPartition.get(r.partition) ?? 0;
      const base = BigInt(r.baseOffset ?? '0');
      return { partition: r.partition, firstOffset: base.toString(), lastOffset: (base + BigInt(n - 1)).toString(), count: n };
    });
  }

  /**
   * What a failed Produce request means, in words: kafkajs's text for INVALID_RECORD ("has failed the
   * validation on broker") does not say that the usual cause is a compacted topic and a record without
   * a key, so that case is named (looked up, bounded; any failure to look it up keeps the generic text).
   */
  private async refusal(e: unknown, spec: Pick<ProduceSpec, 'topic'> & { key: unknown }): Promise<{ message: string; field?: FieldName }> {
    const described = describeKafkaError(e, this.target).message;
    if (!/INVALID_RECORD/.test(errorText(e))) return { message: described };
    const policy = await this.cleanupPolicy(spec.topic).catch(() => undefined);
    // Only a null key counts as "no key" for the broker: a zero-length key is accepted (tested).
    if (policy?.includes('compact') && spec.key === null) {
      return {
        field: 'key',
        message: `"${spec.topic}" is a compacted topic (cleanup.policy=${policy}): Kafka keeps the latest record for each key, so every record needs a key, and the broker refused this one because it has no key (INVALID_RECORD). Enter a key (a tombstone, too, names the key it deletes).`,
      };
    }
    return {
      message: `The broker refused the record as invalid (INVALID_RECORD): it failed the broker's checks for "${spec.topic}"${policy ? ` (cleanup.policy=${policy})` : ''}. On a compacted topic every record needs a key.`,
    };
  }

  private async cleanupPolicy(topic: string): Promise<string | undefined> {
    const { ConfigResourceTypes } = kafkajs();
    const r = await this.admin.run(`read the configuration of "${topic}"`, (a) => a.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }], includeSynonyms: false,
    }));
    return r.resources[0]?.configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue;
  }

  /** The connected producer for this acks mode, connecting (bounded) on first use. */
  private producer(wantIdempotent: boolean): Promise<Producer> {
    const kind = wantIdempotent && this.idempotenceAllowed ? 'idempotent' : 'plain';
    return cachedPromise(this.producers, kind, () => this.connect(kind));
  }

  private async connect(kind: 'idempotent' | 'plain'): Promise<Producer> {
    const idempotent = kind === 'idempotent';
    const producer = this.kafka.producer({
      idempotent,
      // Sequential sends keep ordering simple.
      maxInFlightRequests: idempotent ? 1 : undefined,
      // Bounded on purpose, also for idempotence (kafkajs requires at least one retry there): kafkajs
      // has no delivery timeout, so unlimited retries would keep a send that the panel already
      // reported as failed going in the background and write it whenever the broker came back. kafkajs
      // warns about any limit ("Limiting retries ... may invalidate EoS guarantees") at every connect;
      // createKafkaClient logs that advisory at debug level, since it is our choice and not a fault.
      retry: { retries: idempotent ? 5 : 2, initialRetryTime: 200, maxRetryTime: 2_000 },
      allowAutoTopicCreation: false,
      createPartitioner: kafkajs().Partitioners.DefaultPartitioner,
    });
    try {
      await withTimeout(producer.connect(), this.timeoutMs, `could not connect a producer to ${this.target} within ${this.timeoutMs} ms`);
      return producer;
    } catch (e) {
      await producer.disconnect().catch(() => undefined);
      const text = `${(e as { type?: string }).type ?? ''} ${(e as Error).message}`;
      if (idempotent && /CLUSTER_AUTHORIZATION_FAILED|TRANSACTIONAL_ID_AUTHORIZATION_FAILED|UNSUPPORTED_VERSION|not authorized/i.test(text)) {
        // The broker does not let us be idempotent: send like a plain acks=all producer instead.
        this.log(`idempotent producer refused by ${this.target} (${text.trim()}); using a non-idempotent producer`);
        this.idempotenceAllowed = false;
        return this.producer(true);
      }
      throw new ProduceError(describeKafkaError(e, this.target).message);
    }
  }

  async close(): Promise<void> {
    const all = [...this.producers.values()];
    this.producers.clear();
    await Promise.all(all.map((p) => p.then((x) => x.disconnect(), () => undefined).catch(() => undefined)));
  }
}
