// Where a record goes when the person did not name a partition: exactly what kafkajs's DefaultPartitioner
// (and Java's client before KIP-480) does, so a key lands in the same partition as it did with kafkajs's
// producer and as Java's producer puts it: murmur2 of the key's bytes, positive, modulo the partition count;
// records without a key round-robin over the partitions that have a leader, from a random start. The
// murmur2 is Kafka's Utils.murmur2 with 32-bit multiplications (Math.imul) instead of kafkajs's Long
// arithmetic, which cost a Long per step (test/unit/produceProtocol.test.ts compares the two).
import { randomBytes } from 'node:crypto';

const M = 0x5bd1e995;

/** Kafka's murmur2 (Utils.murmur2) of `data`, as a signed 32-bit number. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) h = Math.imul(h ^ data[tail], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const toPositive = (x: number): number => x & 0x7fffffff;

export interface PartitionLeader { partitionId: number; leader: number }

/** One partitioner per producer, like kafkajs's (its round-robin counter is per topic). */
export class DefaultPartitioner {
  private readonly counters = new Map<string, number>();
  /** The partitions with a leader, per metadata list (computed once per list, not per record). */
  private readonly available = new WeakMap<readonly PartitionLeader[], number[]>();

  /** The partition for a record with this key (bytes, or text as UTF-8; null = no key). */
  partition(topic: string, partitions: readonly PartitionLeader[], key: Uint8Array | string | null): number {
    if (key !== null) return toPositive(murmur2(typeof key === 'string' ? Buffer.from(key, 'utf8') : key)) % partitions.length;
    let c = this.counters.get(topic);
    if (c === undefined) c = randomBytes(4).readUInt32BE(0);
    // Kept within int32 (kafkajs's counter grows as a double; `& 0x7fffffff` makes them step alike).
    c = (c + 1) | 0;
    this.counters.set(topic, c);
    let up = this.available.get(partitions);
    if (!up) this.available.set(partitions, up = partitions.filter((p) => p.leader >= 0).map((p) => p.partitionId));
    return up.length === 0 ? toPositive(c) % partitions.length : up[toPositive(c) % up.length];
  }
}
