// Add Partitions and Purge Records, the pure part: the new partition count checked against the current
// one, and "which records go" parsed, planned against the partitions' offsets and shown as a preview.
// Purging beyond a partition's end is refused (not clamped): the person asked for records that do not
// exist, which usually means a wrong partition or a stale number, and a silent clamp would hide that.
// No broker, no VS Code: unit tests call it directly.

/** Above this a typo is likelier than intent (Create Topic uses the same bound). */
export const MAX_PARTITIONS = 100_000;

export function newPartitionCountError(text: string, current: number): string | undefined {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return `Give the new total number of partitions as a whole number above ${current} (the topic has ${current} now), got "${text}".`;
  const n = Number(s);
  if (n === current) return `The topic already has ${current} partition${current === 1 ? '' : 's'}: give a larger total, e.g. ${current + 1}.`;
  if (n < current) return `Kafka cannot remove partitions: the topic has ${current}, so the new total must be more than ${current} (got ${n}). To have fewer, create a new topic.`;
  if (n > MAX_PARTITIONS) return `${n} partitions is more than a cluster can hold sensibly; use at most ${MAX_PARTITIONS}.`;
  return undefined;
}

/** What the modal says before partitions are added: the keyed records' mapping changes. */
export function addPartitionsWarning(topic: string, clusterName: string, from: number, to: number): { message: string; detail: string } {
  return {
    message: `Add ${to - from} partition${to - from === 1 ? '' : 's'} to topic "${topic}" on cluster "${clusterName}" (${from} → ${to})?`,
    detail: 'Records with a key will map to other partitions from now on (the default partitioner hashes the key modulo the '
      + 'partition count), so a key\'s new records no longer follow its old ones in order, and compaction keeps one value per '
      + 'key per partition. Partitions cannot be removed again.',
  };
}

export type PurgeSpec =
  | { kind: 'end' }
  | { kind: 'offset'; offset: string }
  | { kind: 'pairs'; pairs: Array<{ partition: number; offset: string | 'end' }> };

const PURGE_EXAMPLE = 'end (every partition up to its end), 42 (before offset 42 in every partition), or 0:42, 1:end';

export function parsePurgeSpec(text: string): { spec: PurgeSpec } | { error: string } {
  const s = text.trim().toLowerCase();
  if (s === '') return { error: `Say which records to delete: ${PURGE_EXAMPLE}.` };
  if (s === 'end' || s === 'all') return { spec: { kind: 'end' } };
  if (/^\d+$/.test(s)) return { spec: { kind: 'offset', offset: BigInt(s).toString() } };
  const pairs: Array<{ partition: number; offset: string | 'end' }> = [];
  for (const piece of s.split(/[\s,;]+/).filter(Boolean)) {
    const m = /^(\d+):(\d+|end)$/.exec(piece);
    if (!m) return { error: `"${piece}" is not partition:offset: write ${PURGE_EXAMPLE}.` };
    const partition = Number(m[1]);
    if (pairs.some((p) => p.partition === partition)) return { error: `Partition ${partition} is given twice: keep one offset for it.` };
    pairs.push({ partition, offset: m[2] === 'end' ? 'end' : BigInt(m[2]).toString() });
  }
  return { spec: { kind: 'pairs', pairs } };
}

export interface PartitionOffsets { partition: number; low: string; high: string }

export interface PurgeRow {
  partition: number;
  low: string;
  /** The partition's first offset after the purge. */
  newLow: string;
  /** newLow − low: offsets removed (compaction and transaction markers can make the records fewer). */
  removed: string;
  note?: string;
}

export interface PurgePlan { topic: string; rows: PurgeRow[] }

/** Rows that delete something (what is sent to the broker). */
export const purgedRows = (p: PurgePlan): PurgeRow[] => p.rows.filter((r) => r.removed !== '0');

export function planPurge(topic: string, offsets: readonly PartitionOffsets[], spec: PurgeSpec): PurgePlan | { error: string } {
  const sorted = [...offsets].sort((a, b) => a.partition - b.partition);
  const known = new Map(sorted.map((o) => [o.partition, o]));
  let targets: Array<{ o: PartitionOffsets; offset: string | 'end' }>;
  if (spec.kind === 'pairs') {
    const missing = spec.pairs.filter((p) => !known.has(p.partition)).map((p) => p.partition);
    if (missing.length) {
      return { error: `Topic "${topic}" has partitions 0–${sorted.length - 1}; there is no partition ${missing.join(', ')}.` };
    }
    targets = spec.pairs.map((p) => ({ o: known.get(p.partition) as PartitionOffsets, offset: p.offset })).sort((a, b) => a.o.partition - b.o.partition);
  } else {
    targets = sorted.map((o) => ({ o, offset: spec.kind === 'end' ? 'end' : spec.offset }));
  }
  const beyond = targets.filter((t) => t.offset !== 'end' && BigInt(t.offset) > BigInt(t.o.high));
  if (beyond.length) {
    const what = beyond.map((t) => `partition ${t.o.partition} ends at offset ${t.o.high}, asked ${t.offset}`).join('; ');
    return { error: `Cannot purge beyond the end of topic "${topic}": ${what}. Give an offset up to the end, or "end" (e.g. ${beyond[0].o.partition}:end) to delete all of a partition's records; nothing was deleted.` };
  }
  const rows: PurgeRow[] = targets.map(({ o, offset }) => {
    const want = offset === 'end' ? BigInt(o.high) : BigInt(offset);
    const low = BigInt(o.low);
    if (want <= low) {
      return { partition: o.partition, low: o.low, newLow: o.low, removed: '0', note: o.low === o.high ? 'empty' : `already starts at ${o.low}` };
    }
    return { partition: o.partition, low: o.low, newLow: want.toString(), removed: (want - low).toString() };
  });
  if (!rows.some((r) => r.removed !== '0')) {
    return { error: `Nothing to purge in topic "${topic}": ${rows.map((r) => `partition ${r.partition} ${r.note ?? ''}`.trim()).join(', ')}.` };
  }
  return { topic, rows };
}

/** The preview: partition, low → new low, records removed. */
export function purgePreviewText(plan: PurgePlan, clusterName: string): string {
  const total = plan.rows.reduce((s, r) => s + BigInt(r.removed), 0n);
  const parts = purgedRows(plan).length;
  const cells = plan.rows.map((r) => [String(r.partition), `${r.low} → ${r.newLow}`, r.removed + (r.note ? ` (${r.note})` : '')]);
  const w = [9, Math.max(13, ...cells.map((c) => c[1].length))];
  const line = (a: string, b: string, c: string): string => `${a.padEnd(w[0])}  ${b.padEnd(w[1])}  ${c}`.trimEnd();
  return [
    `Purge records of topic ${plan.topic} on cluster ${clusterName}: ${total} record${total === 1n ? '' : 's'} in ${parts} partition${parts === 1 ? '' : 's'}`,
    '',
    line('PARTITION', 'LOW → NEW LOW', 'RECORDS REMOVED'),
    ...cells.map(([a, b, c]) => line(a, b, c)),
    '',
    'Counted in offsets: compaction and transaction markers can make the records fewer. Deleted records cannot be restored.',
    '',
  ].join('\n');
}
