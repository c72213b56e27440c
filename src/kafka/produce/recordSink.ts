// Records handed over one at a time, each with its own key, value, headers and optionally partition and
// timestamp: what produce from a file sends (src/kafka/browse/importFile.ts). A thin layer over one
// ProduceStream that picks partitions and turns failures into the producer's own words.
import type { PartitionMetadata } from 'kafkajs';
import { Bytes, encodeHeaders, RecordHeader } from '../protocol/recordBatchEncoder';
import type { DefaultPartitioner } from './partitioner';
import type { ProduceStream } from './produceStream';
import type { PartitionRange } from './producer';

export interface OutgoingRecord {
  key: Bytes;
  value: Bytes;
  headers?: readonly RecordHeader[];
  /** Where it goes; by default where its key sends it (round-robin without a key). */
  partition?: number;
  /** Epoch ms; by default the time it is handed over. */
  timestamp?: number;
}

export class RecordSink {
  private nullKey = false;

  constructor(
    private readonly stream: ProduceStream,
    private readonly topic: string,
    private readonly partitions: PartitionMetadata[],
    private readonly partitioner: DefaultPartitioner,
    /** The failure in words (ClusterProducer.refusal); `nullKey` says whether a record without a key was sent. */
    private readonly refuse: (e: unknown, nullKey: boolean) => Promise<Error>,
  ) {}

  /** Records the broker acknowledged so far. */
  get sent(): number { return this.stream.acked; }

  /** True when the caller should await ready() before pushing more. */
  get mustWait(): boolean { return this.stream.mustWait; }

  push(r: OutgoingRecord): void {
    let key = r.key;
    if (key === null) this.nullKey = true;
    let partition = r.partition;
    if (partition === undefined) {
      if (typeof key === 'string') key = Buffer.from(key, 'utf8');
      partition = this.partitioner.partition(this.topic, this.partitions, key);
    }
    const headers = r.headers && r.headers.length > 0 ? encodeHeaders(r.headers) : null;
    this.stream.append(partition, key, r.value, headers, r.timestamp ?? Date.now());
  }

  async ready(): Promise<void> {
    try {
      await this.stream.ready();
    } catch (e) {
      throw await this.refuse(e, this.nullKey);
    }
  }

  /** Sends what is left; resolves to the offsets written per partition once every record is acknowledged. */
  async close(): Promise<PartitionRange[]> {
    try {
      return (await this.stream.close()).map((r) => ({ partition: r.partition, firstOffset: r.first.toString(), lastOffset: r.last.toString(), count: r.count }));
    } catch (e) {
      throw await this.refuse(e, this.nullKey);
    }
  }

  /** Stops (what is not sent yet is dropped); resolves to what was written. */
  async abort(): Promise<PartitionRange[]> {
    return (await this.stream.abort()).map((r) => ({ partition: r.partition, firstOffset: r.first.toString(), lastOffset: r.last.toString(), count: r.count }));
  }
}
