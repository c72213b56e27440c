// Sends what the producer form describes. One ClusterProducer per cluster, reused for every send, over our
// own Produce requests (leanProducer.ts, produceStream.ts: RecordBatch v2 written into one buffer per batch,
// several requests in flight): idempotent for acks=all (producer id and sequence numbers; a broker that refuses
// idempotence gets a plain acks=all producer), plain for acks=leader. kafkajs still carries the connections,
// metadata and everything else. Every network step is bounded in time.
import type { IHeaders, Kafka, Message, PartitionMetadata } from 'kafkajs';
import { ClusterAdmin } from '../admin/admin';
import { describeKafkaError, errorText } from '../client/errors';
import { encodeHeaders } from '../protocol/recordBatchEncoder';
import { Compression, FieldName, ProduceSpec } from '../rules/produceValidation';
import { FakerResolver } from '../rules/template';
import type { RegistryClient } from '../registry/types';
import { kafkajs } from '../client/vendor';
import { EncodedMessage, EncodeError, EncoderResolver, prepareMessages } from './encodeMessages';
import { LeanProducer } from './leanProducer';
import { DefaultPartitioner } from './partitioner';
import type { AckedRange, ProduceStream } from './produceStream';
import { OutgoingRecord, RecordSink } from './recordSink';

export type { OutgoingRecord, RecordSink };

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

/**
 * Records per batch of "produce from a file" (importFile.ts) between Cancel checks; sends stream across
 * them. Kept below the broker's default 1 MB message.max.bytes.
 */
export const PRODUCE_BATCH = { messages: 8000, bytes: 900 * 1024 } as const;

/** Offsets as the result shows them: decimal strings (int64). */
export const toPartitionRange = (r: AckedRange): PartitionRange => ({ partition: r.partition, firstOffset: r.first.toString(), lastOffset: r.last.toString(), count: r.count });

export class ClusterProducer {
  private readonly producers = new Map<'idempotent' | 'plain', LeanProducer>();
  private readonly partitioner = new DefaultPartitioner();
  /** False once the broker refused idempotence (e.g. missing IDEMPOTENT_WRITE on old ACL setups). */
  private idempotenceAllowed = true;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: ClusterAdmin,
    private readonly timeoutMs: number,
    private readonly target: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /**
   * The topic's partitions, or a ProduceError saying that it does not exist (never creates it). Asked on the
   * connection of the producer that `acks` sends with, so a send connects once and loads the leaders once.
   */
  async partitions(topic: string, acks: 'all' | 'leader' = 'all'): Promise<PartitionMetadata[]> {
    try {
      // kafkajs's own PartitionMetadata objects (RawPartitionMetadata types only the fields it reads).
      const parts = await this.producer(acks).partitions(topic) as PartitionMetadata[];
      if (parts.length === 0) throw this.unknownTopic(topic);
      return [...parts].sort((a, b) => a.partitionId - b.partitionId);
    } catch (e) {
      if (e instanceof ProduceError) throw e;
      if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic/i.test(`${(e as { type?: string }).type ?? ''} ${(e as Error).message}`)) {
        throw this.unknownTopic(topic);
      }
      throw new ProduceError(describeKafkaError(e, this.target).message);
    }
  }

  /** The one message for a topic the broker does not have (no metadata, or the broker's own error). */
  private unknownTopic(topic: string): ProduceError {
    return new ProduceError(`Topic "${topic}" does not exist on ${this.target}. Create it first; nothing was sent.`, 'topic', 'unknown-topic');
  }

  async produce(spec: ProduceSpec, opts: ProduceOptions = {}): Promise<ProduceResult> {
    const partitions = await this.partitions(spec.topic, spec.acks);
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
    const stream = await this.stream(spec.topic, spec.acks, spec.compression, (n) => opts.onProgress?.(n, spec.count));
    const headers = spec.headers.length > 0 ? encodeHeaders(spec.headers) : null;
    const already = (): string => (stream.acked > 0 ? ` ${stream.acked} of ${spec.count} messages were sent before the error.` : ' Nothing was sent.');
    const t0 = performance.now();
    let cancelled = false;
    let ranges: AckedRange[];
    try {
      for (let i = 0; i < spec.count; i++) {
        if (opts.signal?.aborted) { cancelled = true; break; }
        let m: EncodedMessage;
        try {
          m = messageAt(i);
        } catch (e) {
          // A generator that fails now and then (its arguments meet a random value it refuses).
          await stream.abort();
          throw new ProduceError(`${sentence((e as Error).message)}${already()}`, 'value');
        }
        let key = m.key;
        let partition = spec.partition;
        if (partition === undefined) {
          // The key's bytes once: hashed for the partition, then copied into the batch.
          if (typeof key === 'string') key = Buffer.from(key, 'utf8');
          partition = this.partitioner.partition(spec.topic, partitions, key);
        }
        stream.append(partition, key, m.value, headers, Date.now());
        if (stream.mustWait) await stream.ready();
      }
      ranges = cancelled ? await stream.abort() : await stream.close();
    } catch (e) {
      if (e instanceof ProduceError) throw e;
      await stream.abort();
      const refused = await this.refusal(e, spec);
      throw new ProduceError(`${sentence(refused.message)}${already()}`, refused.field);
    }
    const durationMs = performance.now() - t0;
    return {
      topic: spec.topic, requested: spec.count, sent: stream.acked, cancelled, durationMs,
      msgsPerSec: durationMs > 0 ? (stream.acked * 1000) / durationMs : stream.acked,
      partitions: ranges.map(toPartitionRange),
    };
  }

  /**
   * A send of records given one at a time (produce from a file): each goes to the partition it names, or
   * where its key sends it (the default partitioner, as Kafka's Java client); several requests in flight.
   * Its errors are ProduceErrors in words (nothing about what was sent before: the caller says that).
   */
  async openSink(topic: string, partitions: PartitionMetadata[], o: { acks: 'all' | 'leader'; compression: Compression; onProgress?(sent: number): void }): Promise<RecordSink> {
    const stream = await this.stream(topic, o.acks, o.compression, o.onProgress);
    return new RecordSink(stream, topic, partitions, this.partitioner, async (e, nullKey) => {
      const refused = await this.refusal(e, { topic, key: nullKey ? null : '' });
      return new ProduceError(sentence(refused.message), refused.field);
    });
  }

  /**
   * Sends records exactly as given (key, value and header bytes, optional partition and timestamp) and
   * resolves to the offsets written per partition; a refusal is a ProduceError in words. The code lens's
   * one-record send; files go through openSink.
   */
  async sendBatch(topic: string, partitions: PartitionMetadata[], batch: Message[], o: { acks: 'all' | 'leader'; compression: Compression }): Promise<PartitionRange[]> {
    const sink = await this.openSink(topic, partitions, o);
    try {
      for (const m of batch) {
        sink.push({ key: m.key ?? null, value: m.value, headers: headerList(m.headers), partition: m.partition ?? undefined, timestamp: m.timestamp === undefined ? undefined : Number(m.timestamp) });
        if (sink.mustWait) await sink.ready();
      }
      return await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
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

  /** A stream on this acks mode's producer, connected (bounded) on first use. */
  private producer(acks: 'all' | 'leader'): LeanProducer {
    const kind = acks === 'all' && this.idempotenceAllowed ? 'idempotent' : 'plain';
    let p = this.producers.get(kind);
    if (!p) this.producers.set(kind, p = new LeanProducer(this.kafka, kind === 'idempotent', this.timeoutMs, this.target));
    return p;
  }

  private async stream(topic: string, acks: 'all' | 'leader', compression: Compression, onAcked?: (n: number) => void): Promise<ProduceStream> {
    const p = this.producer(acks);
    try {
      return await p.open(topic, { acks, compression, onAcked });
    } catch (e) {
      const text = errorText(e);
      if (p.idempotent && /CLUSTER_AUTHORIZATION_FAILED|TRANSACTIONAL_ID_AUTHORIZATION_FAILED|UNSUPPORTED_VERSION|not authorized/i.test(text)) {
        // The broker does not let us be idempotent: send like a plain acks=all producer instead.
        this.log(`idempotent producer refused by ${this.target} (${text.trim()}); using a non-idempotent producer`);
        this.idempotenceAllowed = false;
        return this.stream(topic, acks, compression, onAcked);
      }
      throw new ProduceError(describeKafkaError(e, this.target).message);
    }
  }

  async close(): Promise<void> {
    const all = [...this.producers.values()];
    this.producers.clear();
    await Promise.all(all.map((p) => p.close()));
  }
}

/** kafkajs's header object as a list (a name given several values sends each, in order). */
function headerList(h: IHeaders | undefined): OutgoingRecord['headers'] {
  if (!h) return undefined;
  const out: Array<{ name: string; value: Buffer | string | null }> = [];
  for (const [name, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push({ name, value: one });
  }
  return out;
}
