// Where a bounded session stops: a scan or a browse that is not live reads up to the end offsets seen
// when it started (records written later are not part of it), or up to the first record at or after a
// timestamp (Kafka's offsets-for-times, so a partition whose timestamps are out of order still stops at
// one offset), whichever comes first.
import type { RawCluster } from '../client/rawCluster';

export interface SessionBounds {
  /** Stop at the end offsets resolved with the start positions. */
  toEnd?: boolean;
  /** Stop at each partition's first offset whose timestamp is >= this (or at its end when none is). */
  toTimestampMs?: number;
}

/** The offset each partition stops before, or undefined when the session is not bounded. */
export async function resolveStopAt(cluster: RawCluster, topic: string, end: ReadonlyMap<number, bigint>, b: SessionBounds | undefined): Promise<Map<number, bigint> | undefined> {
  if (!b || (!b.toEnd && b.toTimestampMs === undefined)) return undefined;
  const stop = new Map(end);
  if (b.toTimestampMs !== undefined) {
    const [at] = await cluster.fetchTopicsOffset([{ topic, partitions: [...end.keys()].map((partition) => ({ partition })), fromTimestamp: b.toTimestampMs }]);
    for (const p of at?.partitions ?? []) {
      const o = BigInt(p.offset);
      // -1: no record at or after that time yet. Unbounded in time only when not bounded by the end either.
      if (o >= 0n && o < (stop.get(p.partition) ?? o + 1n)) stop.set(p.partition, o);
      else if (o < 0n && !b.toEnd) stop.delete(p.partition);
    }
  }
  return stop;
}
