// One Fetch to one leader, and turning its answer into records and new positions. The positions are the only state
// that decides what is shown: an answer is taken only for a partition still at the offset it asked for,
// so an answer that went stale (a slow leader answering after another one was asked) is dropped, and no
// record is ever shown twice or skipped.
import { RawCluster, RawFetchPartition, READ_UNCOMMITTED } from '../client/rawCluster';
import type { ConsumedRecord } from '../rules/recordFormat';
import { Compression, compressionOf, timestampTypeOf } from './batchCodec';

/** One leader's answer, or why there is none, with the offsets it asked for. */
export interface Answer { fetched: Map<number, bigint>; partitions?: RawFetchPartition[]; error?: unknown }

export interface FetchLimits {
  /** Long-poll wait. */
  maxWaitTime: number;
  /** The whole response (default 1 MiB). */
  maxBytes?: number;
  /** Each partition (default 256 KiB). */
  maxBytesPerPartition?: number;
}

/** Fetches `partitions` of `topic` from broker `leader`, in the order given, at the offsets in `fetched`. */
export async function fetchFromLeader(cluster: RawCluster, leader: number, topic: string, partitions: readonly number[],
  fetched: Map<number, bigint>, limits: FetchLimits): Promise<Answer> {
  const broker = await cluster.findBroker({ nodeId: leader });
  const res = await broker.fetch({
    replicaId: -1,
    isolationLevel: READ_UNCOMMITTED,
    maxWaitTime: limits.maxWaitTime,
    minBytes: 1,
    maxBytes: limits.maxBytes ?? 1024 * 1024,
    // kafkajs decodes a whole Fetch response synchronously: small fetches keep each pause of the
    // extension host short and the heap flat, at little cost in throughput on a busy topic.
    topics: [{ topic, partitions: partitions.map((p) => ({ partition: p, fetchOffset: String(fetched.get(p)), maxBytes: limits.maxBytesPerPartition ?? 256 * 1024 })) }],
  });
  return { fetched, partitions: res.responses.filter((r) => r.topicName === topic).flatMap((r) => r.partitions) };
}

export interface Taken {
  records: ConsumedRecord[];
  /** True when `room` ran out before the answer did. */
  limited: boolean;
}

/**
 * Takes the new records of an answer (at most `room`), advancing `next` past them. `fetched` holds the
 * offset each partition was asked for; a partition in `stopAt` gives nothing at or past that offset.
 */
export function takeRecords(next: Map<number, bigint>, fetched: ReadonlyMap<number, bigint>, answer: readonly RawFetchPartition[], room = Infinity,
  stopAt?: ReadonlyMap<number, bigint>): Taken {
  const out: ConsumedRecord[] = [];
  let limited = false;
  // Records of one batch share their batchContext object: its codec is looked up once.
  let ctx: object | undefined;
  let codec: Compression | undefined;
  for (const pd of answer) {
    const from = fetched.get(pd.partition);
    if (from === undefined || next.get(pd.partition) !== from) continue;
    if (limited) continue;
    const end = stopAt?.get(pd.partition);
    const all = pd.messages;
    // Only an answer that reaches the stop offset needs cutting (a BigInt per record is measurable).
    const msgs = end === undefined || all.length === 0 || BigInt(all[all.length - 1].offset) < end ? all : all.filter((m) => BigInt(m.offset) < end);
    let i = 0;
    // A fetch returns whole batches: a compressed batch may start before the offset asked for.
    // Offsets ascend, so only the first few need comparing (BigInt per record is measurable).
    while (i < msgs.length && BigInt(msgs[i].offset) < from) i++;
    const first = i;
    for (; i < msgs.length; i++) {
      const m = msgs[i];
      if (m.isControlRecord) continue; // transaction markers occupy offsets but are not records
      if (out.length >= room) { limited = true; break; }
      if (m.batchContext !== ctx || codec === undefined) { ctx = m.batchContext; codec = compressionOf(m); }
      out.push({
        partition: pd.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {},
        timestampType: timestampTypeOf(m), compression: codec,
      });
    }
    let to = limited ? BigInt(msgs[i].offset) : i > first ? BigInt(msgs[i - 1].offset) + 1n : from;
    // Everything before the stop offset was read (what follows it was left out above).
    if (end !== undefined && !limited && msgs.length < all.length) to = end;
    if (!limited && to === from && msgs.length > 0 && BigInt(pd.highWatermark) > from) {
      // Only records before the asked offset came back (compacted away): move past the gap.
      to = from + 1n;
    }
    next.set(pd.partition, to);
  }
  return { records: out, limited };
}
