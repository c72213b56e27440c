// What a person can ask a consumer for, and the parsing of what they type. Pure: no I/O, so every
// rule here is unit-tested, and every rejection says what was wrong and what would work.
import { parseAgo } from './relativeTime';

export type StartPosition =
  | { kind: 'beginning' }
  | { kind: 'latest' }
  /** The same offset in every selected partition. */
  | { kind: 'offset'; offset: string }
  /** One offset per partition; the partitions named here are the ones consumed. */
  | { kind: 'offsets'; offsets: Record<number, string> }
  | { kind: 'timestamp'; timestampMs: number }
  /** The newest `count` records of each selected partition (fewer where a partition holds fewer). */
  | { kind: 'last'; count: number };

export interface ConsumeOptions {
  topic: string;
  /** Partitions to read; undefined = all. */
  partitions?: number[];
  start: StartPosition;
  /** Stop after this many records (undefined = run until stopped). */
  maxRecords?: number;
  /**
   * Read as a member of this consumer group (joins it, commits what it has shown). Undefined, the default,
   * reads without a group: nothing is written to the cluster.
   */
  group?: string;
}

export type Parsed<T> = { value: T } | { error: string };

const OFFSET = /^\d{1,19}$/;
/** Kafka offsets are int64: 19 digits can still be past its largest value. */
const MAX_OFFSET = 9223372036854775807n;
const offsetTooLarge = (o: string): { error: string } | undefined =>
  BigInt(o) > MAX_OFFSET ? { error: `${o} is past the largest Kafka offset (${MAX_OFFSET}); use "latest" for the end of a partition` } : undefined;

/**
 * "42" (every partition) or "0:42, 1:17" (per partition). Offsets stay strings: Kafka offsets are
 * int64 and JavaScript numbers lose precision past 2^53.
 */
export function parseOffsetSpec(text: string): Parsed<StartPosition> {
  const s = text.trim();
  if (!s) return { error: 'enter an offset such as 42, or partition:offset pairs such as 0:42, 1:17' };
  if (OFFSET.test(s)) return offsetTooLarge(s) ?? { value: { kind: 'offset', offset: s } };
  const offsets: Record<number, string> = {};
  for (const part of s.split(/[\s,;]+/).filter(Boolean)) {
    const m = /^(\d{1,9}):(\d{1,19})$/.exec(part);
    if (!m) {
      return { error: /^(\d+:)?-/.test(part) ? `"${part}": offsets cannot be negative` : `"${part}" is not an offset (42) or partition:offset (0:42)` };
    }
    const tooLarge = offsetTooLarge(m[2]);
    if (tooLarge) return tooLarge;
    const p = Number(m[1]);
    if (p in offsets) return { error: `partition ${p} is given twice` };
    offsets[p] = m[2];
  }
  return { value: { kind: 'offsets', offsets } };
}

/** Kafka partition ids are int32, and no real topic comes near this many; a range beyond it is a typo. */
export const MAX_PARTITIONS = 100_000;

/**
 * "0,2,5" or "0-3" or "all"/empty (= all). With the topic's partition count, a number past it is refused
 * here, before any range is expanded: "0-999999999" must not build a billion-entry set in an input box's
 * validator (that froze the extension host for seconds and then threw).
 */
export function parsePartitionList(text: string, partitionCount?: number): Parsed<number[] | undefined> {
  const s = text.trim().toLowerCase();
  if (!s || s === 'all' || s === '*') return { value: undefined };
  const limit = partitionCount ?? MAX_PARTITIONS;
  const beyond = (part: string): { error: string } => ({
    error: partitionCount !== undefined
      ? `"${part}": the topic has partitions 0 to ${partitionCount - 1}; write e.g. 0-${partitionCount - 1}, or leave empty for all`
      : `"${part}" goes past partition ${MAX_PARTITIONS - 1}: a topic has far fewer partitions; leave empty for all`,
  });
  const out = new Set<number>();
  for (const part of s.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^(\d{1,9})-(\d{1,9})$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b < a) return { error: `"${part}": a range goes from low to high, e.g. ${b}-${a}` };
      if (b >= limit) return beyond(part);
      for (let p = a; p <= b; p++) out.add(p);
    } else if (/^\d{1,9}$/.test(part)) {
      if (Number(part) >= limit) return beyond(part);
      out.add(Number(part));
    } else {
      return { error: `"${part}" is not a partition number; write e.g. 0,2 or 0-3, or leave empty for all` };
    }
  }
  return { value: [...out].sort((x, y) => x - y) };
}

/** Stop-after count: empty = unlimited. */
export function parseMaxRecords(text: string): Parsed<number | undefined> {
  const s = text.trim().replace(/[_,\s]/g, '');
  if (!s) return { value: undefined };
  if (!/^\d{1,15}$/.test(s) || Number(s) === 0) return { error: `"${text.trim()}" is not a positive whole number of records (leave empty for no limit)` };
  return { value: Number(s) };
}

/** The default and the bound of "the last N records" (per partition: N × partitions may be shown). */
export const DEFAULT_LAST = 100;
export const MAX_LAST = 1_000_000;

/** "The last N records" of each partition: a positive whole number up to MAX_LAST. */
export function parseLastCount(text: string): Parsed<number> {
  const s = text.trim().replace(/[_,\s]/g, '');
  if (!s) return { error: `enter how many of the newest records of each partition to show, e.g. ${DEFAULT_LAST}` };
  if (!/^\d+$/.test(s) || Number(s) === 0) {
    return { error: `"${text.trim()}" is not a positive whole number: enter how many of the newest records of each partition to show, e.g. ${DEFAULT_LAST}` };
  }
  if (Number(s) > MAX_LAST) {
    return { error: `${Number(s).toLocaleString('en-US')} is more than ${MAX_LAST.toLocaleString('en-US')} records per partition: start "From the beginning" (with "Stop after…") to read that many` };
  }
  return { value: Number(s) };
}

/**
 * A point in time: ISO date/time (local time unless it has a zone), epoch milliseconds, or
 * "15 minutes ago" / "2h ago". A time in the future is rejected here: no record can have it yet.
 */
export function parseTimestamp(text: string, now = Date.now()): Parsed<number> {
  const s = text.trim();
  if (!s) return { error: 'enter a date/time (2024-05-01T13:00), epoch milliseconds, or e.g. "15 minutes ago"' };
  let t: number;
  const ago = parseAgo(s, now);
  if (ago && 'unit' in ago) return { error: `"${ago.unit}" is not a unit: use seconds, minutes, hours, days or weeks` };
  if (ago) {
    t = ago.ms;
  } else if (/^\d{10,13}$/.test(s)) {
    // 10 digits are epoch seconds, 13 epoch milliseconds.
    t = s.length === 13 ? Number(s) : Number(s) * 1000;
  } else {
    // JavaScript reads a bare date as UTC but a date-time as local; make both local.
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00` : s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
    t = Date.parse(iso);
    if (Number.isNaN(t)) return { error: `"${s}" is not a date/time: write e.g. 2024-05-01T13:00, 2024-05-01 13:00:00Z, 1714568400000 or "15 minutes ago"` };
  }
  // Before 1970 (or beyond what a Date can hold: "1000000000 weeks ago") no record's timestamp can be.
  if (!Number.isFinite(t) || t < 0) {
    return { error: `"${s}" is before 1970-01-01, where Kafka timestamps start: start "From the beginning" to read every record` };
  }
  // A little slack for clocks that disagree, but "tomorrow" is surely a mistake.
  if (t > now + 60_000) {
    return { error: `${new Date(t).toISOString()} is in the future: no record can have that timestamp yet. Use "latest" to wait for new records.` };
  }
  return { value: t };
}

/** One line describing a start position, for channel headers and quick-pick descriptions. */
export function describeStart(p: StartPosition): string {
  switch (p.kind) {
    case 'beginning': return 'from the beginning';
    case 'latest': return 'from the latest offset (new records only)';
    case 'offset': return `from offset ${p.offset}`;
    case 'offsets': return `from offsets ${Object.entries(p.offsets).map(([k, v]) => `${k}:${v}`).join(', ')}`;
    case 'timestamp': return `from ${new Date(p.timestampMs).toISOString()}`;
    case 'last': return `from the last ${p.count.toLocaleString('en-US')} record${p.count === 1 ? '' : 's'} of each partition`;
  }
}

/** Kafka writes a group id as an int16-length string: longer ones cannot be sent. */
export const MAX_GROUP_ID_BYTES = 32_767;

/**
 * A consumer group id as Kafka accepts it: not empty (Kafka refuses "" with INVALID_GROUP_ID), within the
 * protocol's string length, and without control characters (they cannot be typed back to find the group).
 * Surrounding spaces are trimmed: a group named " x" is nearly always a slip.
 */
export function parseGroupId(text: string): Parsed<string> {
  const s = text.trim();
  if (!s) return { error: 'enter a consumer group id, e.g. my-service (Kafka refuses an empty group id)' };
  const ctl = /[\u0000-\u001f\u007f]/.exec(s);
  if (ctl) return { error: `the group id contains a control character (U+${ctl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}); use letters, digits, ".", "_" or "-"` };
  if (new TextEncoder().encode(s).length > MAX_GROUP_ID_BYTES) return { error: `the group id is longer than Kafka allows (${MAX_GROUP_ID_BYTES} bytes)` };
  return { value: s };
}

/**
 * What a group member can be asked: the group decides which partitions it reads and where it resumes
 * (its committed offsets), so only where to start when the group has committed nothing yet (beginning or
 * latest, Kafka's auto.offset.reset) and a stop-after count apply.
 */
export function checkGroupOptions(o: ConsumeOptions): string | undefined {
  if (o.group === undefined) return undefined;
  if (o.start.kind !== 'beginning' && o.start.kind !== 'latest') {
    return `as consumer group "${o.group}" the group's committed offsets decide where reading resumes; choose "From the beginning" or "Latest" (used where the group has committed nothing), or read without a group to start ${describeStart(o.start)}`;
  }
  if (o.partitions !== undefined) {
    return `as consumer group "${o.group}" the group assigns the partitions; clear "Partitions…" (all), or read without a group to pick partitions`;
  }
  return undefined;
}
