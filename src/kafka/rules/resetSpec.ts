// What a person types for a reset of a group's offsets (a time, an offset, a shift), checked and turned
// into a ResetKind. Pure: used as the input box's validation and again before planning.
import type { ResetKind } from './groupTypes';
import { parseAgo } from './relativeTime';

const INT64_MAX = 2n ** 63n - 1n;

const TIME_EXAMPLE = 'Use an ISO date-time such as 2024-05-01T12:00:00Z (no zone: UTC, as Kafka tools read it), epoch milliseconds such as 1714564800000, or a relative time such as "1 hour ago" or "30 min ago".';

function parseTime(text: string, now: number): { value: ResetKind } | { error: string } {
  const ago = parseAgo(text, now);
  if (ago && 'unit' in ago) return { error: `"${ago.unit}" is not a unit of time. Use seconds, minutes, hours, days or weeks, e.g. "2 hours ago".` };
  if (ago) return { value: { kind: 'timestamp', ms: ago.ms } };
  if (/^now$/i.test(text)) return { value: { kind: 'timestamp', ms: now } };
  if (/^\d{10,16}$/.test(text)) return { value: { kind: 'timestamp', ms: Number(text) } };
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) {
    // Kafka's tools read a date-time without a zone as UTC (Utils.getDateTime); so do we, so both agree.
    const iso = text.replace(' ', 'T');
    const ms = Date.parse(/T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? `${iso}Z` : iso);
    if (!Number.isNaN(ms)) return { value: { kind: 'timestamp', ms } };
    return { error: `"${text}" is not a real date or time (check month, day and hour). ${TIME_EXAMPLE}` };
  }
  return { error: `"${text}" is not a time Kafka Dev understands. ${TIME_EXAMPLE}` };
}

/**
 * Parses the input for a reset of `kind`. Offsets are Kafka's int64 (as strings, exact beyond 2^53);
 * a shift is signed (e.g. "-5", "+10"). Earliest and latest take no input.
 */
export function parseResetKind(kind: ResetKind['kind'], input: string, now: number = Date.now()): { value: ResetKind } | { error: string } {
  const text = input.trim();
  switch (kind) {
    case 'earliest': return { value: { kind: 'earliest' } };
    case 'latest': return { value: { kind: 'latest' } };
    case 'timestamp':
      if (!text) return { error: `Enter a time. ${TIME_EXAMPLE}` };
      return parseTime(text, now);
    case 'offset': {
      if (!text) return { error: 'Enter an offset: a whole number, 0 or more, e.g. 42.' };
      if (/^-\d+$/.test(text)) return { error: `An offset is 0 or more; "${text}" is negative. To move back from the current offset, use "Shift by" with e.g. ${text}.` };
      if (!/^\+?\d+$/.test(text)) return { error: `"${text}" is not an offset: use a whole number, 0 or more, e.g. 42.` };
      const v = BigInt(text.replace('+', ''));
      if (v > INT64_MAX) return { error: `${text} is larger than Kafka's largest offset (${INT64_MAX}).` };
      return { value: { kind: 'offset', offset: v.toString() } };
    }
    case 'shift': {
      if (!text) return { error: 'Enter a shift: a signed whole number, e.g. -5 to re-read 5 records or +10 to skip 10.' };
      if (!/^[+-]?\d+$/.test(text)) return { error: `"${text}" is not a shift: use a signed whole number, e.g. -5 to re-read 5 records or +10 to skip 10.` };
      const v = BigInt(text);
      if (v > INT64_MAX || v < -INT64_MAX) return { error: `${text} is outside Kafka's offset range (±${INT64_MAX}).` };
      return { value: { kind: 'shift', by: v < 0n ? v.toString() : `+${v}` } };
    }
    default: return { error: `Unknown reset kind "${String(kind)}": use earliest, latest, timestamp, offset or shift.` };
  }
}

/** The kind in words, e.g. for a preview's title: "to earliest", "shift by -5". */
export function resetKindText(k: ResetKind): string {
  switch (k.kind) {
    case 'earliest': return 'to earliest';
    case 'latest': return 'to latest';
    case 'timestamp': return `to time ${new Date(k.ms).toISOString()}`;
    case 'offset': return `to offset ${k.offset}`;
    case 'shift': return `shift by ${k.by}`;
  }
}
