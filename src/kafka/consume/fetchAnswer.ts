// One Fetch to one leader, and turning its answer into records and new positions. The positions are the only state
// that decides what is shown: an answer is taken only for a partition still at the offset it asked for,
// so an answer that went stale (a slow leader answering after another one was asked) is dropped, and no
// record is ever shown twice or skipped.
//
// The Fetch is our own request on kafkajs's connection to the leader (src/kafka/client/rawRequest.ts), and
// its record sets are decoded by src/kafka/protocol/recordBatch.ts, not by kafkajs: that decoder was most
// of a consume's CPU. Isolation is read_committed, kcat's default: aborted transactions and control
// records are never shown, and the end offsets of a bounded session are the last stable offsets
// (rawCluster.ts asks ListOffsets with the same isolation level), so a session never waits for records
// the broker will not hand out yet.
import type { RawCluster } from '../client/rawCluster';
import { pickVersion, sendRawRequest } from '../client/rawRequest';
import { inflateBatch } from '../client/codecs';
import { fetchError } from '../client/fetchErrors';
import { decodeFetch, encodeFetch, FETCH, FLEXIBLE_FROM, READ_COMMITTED } from '../protocol/fetch';
import { decodeRecordSet, DecodedRecords } from '../protocol/recordBatch';
import type { ConsumedRecord } from '../rules/recordFormat';

/** One partition of an answer: its records decoded, and where the next fetch starts. */
export interface FetchedPartition { partition: number; highWatermark: bigint; decoded: DecodedRecords }

/** One leader's answer, or why there is none, with the offsets it asked for. */
export interface Answer { fetched: Map<number, bigint>; partitions?: FetchedPartition[]; error?: unknown }

export interface FetchLimits {
  /** Long-poll wait. */
  maxWaitTime: number;
  /** The whole response (default 2 MiB). */
  maxBytes?: number;
  /** Each partition (default 512 KiB). */
  maxBytesPerPartition?: number;
}

/** Fetches `partitions` of `topic` from broker `leader`, in the order given, at the offsets in `fetched`. */
export async function fetchFromLeader(cluster: RawCluster, leader: number, topic: string, partitions: readonly number[],
  fetched: Map<number, bigint>, limits: FetchLimits): Promise<Answer> {
  const broker = await cluster.findBroker({ nodeId: leader });
  const version = pickVersion(broker, FETCH.apiKey, FETCH.minVersion, FETCH.maxVersion);
  if (version === undefined) throw new Error(`broker ${leader} does not offer Fetch version ${FETCH.minVersion} or later (Kafka 0.11 or later does)`);
  const res = await sendRawRequest(broker, {
    apiKey: FETCH.apiKey, apiName: FETCH.apiName, apiVersion: version, flexible: version >= FLEXIBLE_FROM,
    body: encodeFetch(version, {
      maxWaitMs: limits.maxWaitTime,
      minBytes: 1,
      // Decoding is synchronous: the response size bounds each pause of the extension host and the heap.
      // With kafkajs's decoder 1 MiB / 256 KiB was the best trade; the lean decoder reads 2 MiB in a few ms,
      // and 2 MiB / 512 KiB gave 9–47% more records a second (4 MiB / 1 MiB less again: more GC).
      maxBytes: limits.maxBytes ?? 2 * 1024 * 1024,
      isolationLevel: READ_COMMITTED,
      topic,
      partitions: partitions.map((p) => ({ partition: p, fetchOffset: fetched.get(p) ?? 0n, maxBytes: limits.maxBytesPerPartition ?? 512 * 1024 })),
    }),
    decode: (body) => decodeFetch(version, body),
  });
  if (res.errorCode !== 0) throw fetchError(res.errorCode, topic);
  const answered = res.topics.filter((t) => t.topic === topic).flatMap((t) => t.partitions);
  // As kafkajs did: the first partition with an error fails the whole answer (the session decides per error).
  const failed = answered.find((pd) => pd.errorCode !== 0);
  if (failed) throw fetchError(failed.errorCode, topic, failed.partition);
  return {
    fetched,
    partitions: answered.map((pd) => ({
      partition: pd.partition,
      highWatermark: pd.highWatermark,
      decoded: pd.records && pd.records.length > 0
        ? decodeRecordSet(pd.records, { partition: pd.partition, inflate: inflateBatch, aborted: pd.abortedTransactions })
        : { records: [], offsets: [], next: undefined },
    })),
  };
}

export interface Taken {
  records: ConsumedRecord[];
  /** True when `room` ran out before the answer did. */
  limited: boolean;
}

/** The offset of record `i` of a decoded answer, compared as a number (the usual case) or, beyond 2^53, as BigInt. */
function below(d: DecodedRecords, i: number, than: bigint, thanN: number): boolean {
  return d.offsets ? d.offsets[i] < thanN : BigInt(d.records[i].offset) < than;
}

/**
 * Takes the new records of an answer (at most `room`), advancing `next` past them. `fetched` holds the
 * offset each partition was asked for; a partition in `stopAt` gives nothing at or past that offset.
 */
export function takeRecords(next: Map<number, bigint>, fetched: ReadonlyMap<number, bigint>, answer: readonly FetchedPartition[], room = Infinity,
  stopAt?: ReadonlyMap<number, bigint>): Taken {
  const out: ConsumedRecord[] = [];
  let limited = false;
  for (const pd of answer) {
    const from = fetched.get(pd.partition);
    if (from === undefined || next.get(pd.partition) !== from) continue;
    if (limited) continue;
    const end = stopAt?.get(pd.partition);
    const d = pd.decoded;
    const n = d.records.length;
    const fromN = Number(from);
    const endN = end === undefined ? Infinity : Number(end);
    let i = 0;
    // A fetch returns whole batches: a batch may start before the offset asked for.
    while (i < n && below(d, i, from, fromN)) i++;
    let to: bigint | undefined;
    for (; i < n; i++) {
      if (end !== undefined && !below(d, i, end, endN)) { to = end; break; }
      if (out.length >= room) { limited = true; to = BigInt(d.records[i].offset); break; }
      out.push(d.records[i]);
    }
    // Everything in the whole batches was seen: the position moves past them, including records not shown
    // (control records, aborted transactions) and offsets compacted away.
    if (to === undefined) to = d.next !== undefined && d.next > from ? d.next : from;
    if (end !== undefined && to > end && end >= from) to = end;
    next.set(pd.partition, to);
  }
  return { records: out, limited };
}
