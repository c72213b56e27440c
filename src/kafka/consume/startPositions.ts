// Where a session starts reading: validates the topic, the chosen partitions and the start position
// against the cluster (metadata and ListOffsets only) and returns the first offset per partition, or
// throws a ConsumerStartError that says exactly what is wrong.
import { ConsumeOptions } from '../rules/consumerOptions';
import type { RawCluster } from '../client/rawCluster';
import { errorText, UNKNOWN_TOPIC } from '../client/errors';

/** Thrown by start(): a message meant for the person, nothing left running. */
export class ConsumerStartError extends Error {}

export interface StartPositions {
  next: Map<number, bigint>;
  /** Lines to show after the "Consuming …" line (e.g. no record at that timestamp yet). */
  notes: string[];
  /** The end offset (next to be written) of each partition when the positions were resolved. */
  end: Map<number, bigint>;
}

export async function resolveStartPositions(cluster: RawCluster, options: ConsumeOptions, target: string): Promise<StartPositions> {
  const { topic } = options;
  try {
    await cluster.addTargetTopic(topic);
  } catch (e) {
    if (UNKNOWN_TOPIC.test(errorText(e))) throw new ConsumerStartError(`Topic "${topic}" does not exist on ${target}.`);
    if (/INVALID_TOPIC/.test(errorText(e))) throw new ConsumerStartError(`"${topic}" is not a valid topic name.`);
    throw e;
  }
  const all = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId).sort((a, b) => a - b);
  if (all.length === 0) throw new ConsumerStartError(`Topic "${topic}" does not exist on ${target}.`);
  const start = options.start;
  const wanted = start.kind === 'offsets'
    ? Object.keys(start.offsets).map(Number).filter((p) => !options.partitions || options.partitions.includes(p))
    : options.partitions ?? all;
  if (wanted.length === 0) throw new ConsumerStartError('No partition selected: the partition list and the per-partition offsets have no partition in common.');
  const missing = wanted.filter((p) => !all.includes(p));
  if (missing.length) {
    throw new ConsumerStartError(`Topic "${topic}" has no partition ${missing.join(', ')}: it has ${all.length} partition${all.length === 1 ? '' : 's'} (0 to ${all.length - 1}).`);
  }
  const parts = wanted.map((partition) => ({ partition }));
  const read = async (q: { fromBeginning?: boolean; fromTimestamp?: number }): Promise<Map<number, bigint>> => {
    const r = await cluster.fetchTopicsOffset([{ topic, partitions: parts, ...q }]);
    return new Map(r[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
  };
  const low = await read({ fromBeginning: true });
  const high = await read({ fromBeginning: false });
  const range = (p: number): string => `partition ${p} holds offsets ${low.get(p)} to ${(high.get(p) ?? 0n) - 1n}` +
    `${low.get(p) === high.get(p) ? ' (it is empty)' : ''}, and ${high.get(p)} is the next to be written`;
  const next = new Map<number, bigint>();
  const bad: string[] = [];
  const notes: string[] = [];
  for (const p of wanted) {
    const lo = low.get(p) ?? 0n;
    const hi = high.get(p) ?? 0n;
    let at: bigint;
    switch (start.kind) {
      case 'beginning': at = lo; break;
      case 'latest': at = hi; break;
      case 'offset':
      case 'offsets': {
        at = BigInt(start.kind === 'offset' ? start.offset : start.offsets[p]);
        if (at < lo || at > hi) bad.push(`offset ${at} is out of range: ${range(p)}`);
        break;
      }
      case 'timestamp': at = hi; break;
      case 'last': {
        // Offsets are dense enough for this: a compacted or transactional log may show fewer.
        const from = hi - BigInt(start.count);
        at = from > lo ? from : lo;
        break;
      }
    }
    next.set(p, at);
  }
  if (bad.length) throw new ConsumerStartError(`Cannot start at that offset. ${bad.join('; ')}.`);
  if (start.kind === 'timestamp') {
    if (start.timestampMs > Date.now() + 60_000) {
      throw new ConsumerStartError(`${new Date(start.timestampMs).toISOString()} is in the future: no record has that timestamp yet.`);
    }
    const at = await read({ fromTimestamp: start.timestampMs });
    for (const p of wanted) {
      const o = at.get(p);
      if (o !== undefined && o >= 0n) next.set(p, o);
      else notes.push(`partition ${p} has no record at or after ${new Date(start.timestampMs).toISOString()}: waiting for new ones at offset ${high.get(p)}`);
    }
  }
  return { next, notes, end: new Map(wanted.map((p) => [p, high.get(p) ?? 0n])) };
}

/** Retention deleted what we were about to read (or the log was truncated): the offsets to move to, and why. */
export async function outOfRangeMoves(cluster: RawCluster, topic: string, next: ReadonlyMap<number, bigint>, ps: number[]): Promise<Array<{ partition: number; to: bigint; line: string }>> {
  const q = ps.map((p) => ({ partition: p }));
  const [lo] = await cluster.fetchTopicsOffset([{ topic, partitions: q, fromBeginning: true }]);
  const [hi] = await cluster.fetchTopicsOffset([{ topic, partitions: q, fromBeginning: false }]);
  const moves: Array<{ partition: number; to: bigint; line: string }> = [];
  for (const p of ps) {
    const cur = next.get(p) ?? 0n;
    const l = BigInt(lo?.partitions.find((x) => x.partition === p)?.offset ?? '0');
    const h = BigInt(hi?.partitions.find((x) => x.partition === p)?.offset ?? '0');
    if (cur < l) moves.push({ partition: p, to: l, line: `Partition ${p}: offsets ${cur} to ${l - 1n} no longer exist (deleted by retention); continuing at ${l}.` });
    else if (cur > h) moves.push({ partition: p, to: h, line: `Partition ${p}: offset ${cur} is past the end (${h}); the log was truncated or recreated; continuing at ${h}.` });
  }
  return moves;
}
