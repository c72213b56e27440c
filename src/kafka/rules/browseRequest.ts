// Where the message browser reads from, as typed in its toolbar, and the parsing of it into a start
// position. Pure (the webview checks as you type; the extension parses again, the webview being
// untrusted); the parsers are the consumer's own, so both accept and refuse the same text.
import { parseLastCount, parseOffsetSpec, parsePartitionList, parseTimestamp, StartPosition } from './consumerOptions';

export type ReadFrom = 'latest' | 'beginning' | 'offset' | 'timestamp' | 'range';
export const READ_FROM: readonly ReadFrom[] = ['latest', 'beginning', 'offset', 'timestamp', 'range'];

export interface ReadRequest {
  from: ReadFrom;
  /** "latest": the newest N records of each partition. */
  lastText: string;
  /** "offset": 42 or 0:42, 1:17. */
  offsetText: string;
  /** "timestamp" and "range": ISO, epoch ms or "15 minutes ago". */
  timeText: string;
  /** "range": the end (empty = now). */
  toText: string;
  /** Empty = all; 0,2 or 0-3. */
  partitionsText: string;
  live: boolean;
}

export type ReadField = 'last' | 'offset' | 'time' | 'to' | 'partitions';

/** The same shape as src/kafka/browse/browseSession's BrowseStart (rules cannot import it). */
export type ReadStart = StartPosition | { kind: 'range'; fromMs: number; toMs: number };

/** By default the newest records: a big topic shows what just happened, not what happened years ago. */
export const DEFAULT_LAST_PER_PARTITION = 1_000;

export const defaultReadRequest = (): ReadRequest => ({
  from: 'latest', lastText: String(DEFAULT_LAST_PER_PARTITION), offsetText: '', timeText: '15 minutes ago', toText: '', partitionsText: '', live: false,
});

export type ParsedRead = { ok: true; start: ReadStart; partitions?: number[]; live: boolean } | { ok: false; field: ReadField; error: string };

export function parseReadRequest(r: ReadRequest, partitionCount?: number, now = Date.now()): ParsedRead {
  const parts = parsePartitionList(r.partitionsText, partitionCount);
  if ('error' in parts) return { ok: false, field: 'partitions', error: parts.error };
  const ok = (start: ReadStart): ParsedRead => ({ ok: true, start, partitions: parts.value, live: r.live });
  switch (r.from) {
    case 'beginning': return ok({ kind: 'beginning' });
    case 'latest': {
      const n = parseLastCount(r.lastText);
      return 'error' in n ? { ok: false, field: 'last', error: n.error } : ok({ kind: 'last', count: n.value });
    }
    case 'offset': {
      const o = parseOffsetSpec(r.offsetText);
      return 'error' in o ? { ok: false, field: 'offset', error: o.error } : ok(o.value);
    }
    case 'timestamp': {
      const t = parseTimestamp(r.timeText, now);
      return 'error' in t ? { ok: false, field: 'time', error: t.error } : ok({ kind: 'timestamp', timestampMs: t.value });
    }
    case 'range': {
      const from = parseTimestamp(r.timeText, now);
      if ('error' in from) return { ok: false, field: 'time', error: from.error };
      const to = r.toText.trim() ? parseTimestamp(r.toText, now) : { value: now };
      if ('error' in to) return { ok: false, field: 'to', error: to.error };
      if (to.value <= from.value) {
        return { ok: false, field: 'to', error: `the end (${new Date(to.value).toISOString()}) must be after the start (${new Date(from.value).toISOString()})` };
      }
      return ok({ kind: 'range', fromMs: from.value, toMs: to.value });
    }
  }
}
