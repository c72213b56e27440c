// What range of a topic to export, as a person chooses it (and as tests pass it to kafkaDev.exportMessages),
// turned into where a scan starts and where it ends. Pure: parsing and checks only.
import { Parsed, parseLastCount, parseTimestamp, StartPosition } from './consumerOptions';

export type RangeChoice =
  /** From the beginning to the end offsets when the export starts. */
  | { kind: 'all' }
  /** The newest N records of each partition. */
  | { kind: 'last'; count: string }
  /** From a time (ISO, epoch ms, "15 minutes ago") to the end. */
  | { kind: 'since'; from: string }
  /** From a time to a time (records with from ≤ timestamp < to). */
  | { kind: 'between'; from: string; to: string };

/** The same shape as scan.ts's ScanEnd (rules cannot import browse/). */
export type RangeEnd = { kind: 'end' } | { kind: 'timestamp'; ms: number };

export interface ParsedRange {
  from: StartPosition;
  to: RangeEnd;
  /** For messages: "from the beginning to the end". */
  text: string;
}

export function parseRange(c: RangeChoice, now = Date.now()): Parsed<ParsedRange> {
  switch (c.kind) {
    case 'all':
      return { value: { from: { kind: 'beginning' }, to: { kind: 'end' }, text: 'from the beginning to the end' } };
    case 'last': {
      const n = parseLastCount(c.count);
      if ('error' in n) return n;
      return { value: { from: { kind: 'last', count: n.value }, to: { kind: 'end' }, text: `the last ${n.value.toLocaleString('en-US')} of each partition` } };
    }
    case 'since': {
      const t = parseTimestamp(c.from, now);
      if ('error' in t) return t;
      return { value: { from: { kind: 'timestamp', timestampMs: t.value }, to: { kind: 'end' }, text: `from ${new Date(t.value).toISOString()} to the end` } };
    }
    case 'between': {
      const f = parseTimestamp(c.from, now);
      if ('error' in f) return { error: `from: ${f.error}` };
      const t = parseUntil(c.to, now);
      if ('error' in t) return { error: `to: ${t.error}` };
      if (t.value <= f.value) return { error: `the range ends (${new Date(t.value).toISOString()}) before it starts (${new Date(f.value).toISOString()}): the end comes after the start` };
      return { value: { from: { kind: 'timestamp', timestampMs: f.value }, to: { kind: 'timestamp', ms: t.value }, text: `from ${new Date(f.value).toISOString()} to ${new Date(t.value).toISOString()}` } };
    }
    default:
      return { error: `"${String((c as { kind: unknown }).kind)}" is not a range: use all, last, since or between` };
  }
}

/** The end of a time range: like a start, and "now" is accepted too (the future is not: no record is there yet). */
export function parseUntil(text: string, now = Date.now()): Parsed<number> {
  return text.trim().toLowerCase() === 'now' ? { value: now } : parseTimestamp(text, now);
}
