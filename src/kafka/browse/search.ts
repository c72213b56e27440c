// Search the topic, not just the window: a scan of a range (scan.ts) applying the record filter as the
// records arrive, keeping the first N matches, then stopping.
import type { Kafka } from 'kafkajs';
import type { SessionSettings } from '../consume/consumerSession';
import type { ConsumedRecord } from '../rules/recordFormat';
import { compileFilter, DecodedJson, FilterSpec } from '../rules/recordFilter';
import type { BrowseStart } from './browseSession';
import { scanTopic, ScanEnd } from './scan';

export interface SearchOptions {
  topic: string;
  partitions?: number[];
  from: BrowseStart;
  /** 'end' = end offsets at start time. */
  to: ScanEnd;
  filter: FilterSpec;
  /** Keep the first N matches, then stop. */
  maxMatches: number;
  /**
   * Keys and values read with a schema or format: each batch's schemas are fetched (bounded) before the
   * filter looks at it, and the JSON condition reads the decoded value, as in the window.
   */
  decoding?: { prepare(records: ReadonlyArray<ConsumedRecord>): Promise<void>; decodedJson?: DecodedJson };
}
export interface SearchProgress { scanned: number; matched: number; perSecond: number; /** next offset per partition */ reached: Record<number, string> }
export interface SearchResult {
  matches: ConsumedRecord[];
  scanned: number;
  /** The whole range was scanned (false when stopped by maxMatches, Cancel or an error). */
  complete: boolean;
  /** why it stopped: 'end' | 'maxMatches' | 'cancelled' | error text */
  stoppedBy: string;
  reached: Record<number, string>;
}

export const MAX_MATCHES = 100_000;

export async function searchTopic(kafka: Kafka, o: SearchOptions, settings: SessionSettings,
  hooks: { onProgress?(p: SearchProgress): void; signal?: AbortSignal }): Promise<SearchResult> {
  const none = (stoppedBy: string): SearchResult => ({ matches: [], scanned: 0, complete: false, stoppedBy, reached: {} });
  if (!Number.isInteger(o.maxMatches) || o.maxMatches < 1 || o.maxMatches > MAX_MATCHES) {
    return none(`${String(o.maxMatches)} is not a number of matches to keep: give a whole number from 1 to ${MAX_MATCHES.toLocaleString('en-US')}`);
  }
  // A range starts at the first offset at or after fromMs and ends at the first at or after toMs; timestamps
  // out of order in between are outside the range: the filter leaves them out.
  const spec = o.from.kind !== 'range' ? o.filter
    : { ...o.filter, fromMs: Math.max(o.filter.fromMs ?? 0, o.from.fromMs), toMs: Math.min(o.filter.toMs ?? o.from.toMs, o.from.toMs) };
  const f = compileFilter(spec, Date.now(), o.decoding?.decodedJson);
  if (!f.ok) return none(`the ${f.field === 'json' ? 'JSON condition' : f.field === 'time' ? 'time range' : f.field} filter: ${f.error}`);
  const inner = new AbortController();
  const cancel = (): void => inner.abort();
  hooks.signal?.addEventListener('abort', cancel);
  if (hooks.signal?.aborted) inner.abort();

  const matches: ConsumedRecord[] = [];
  let scanned = 0;
  let full = false;
  /** After the N-th match, the first offset of each partition handed on but not looked at. */
  const untested = new Map<number, string>();
  const result = await scanTopic(kafka, { topic: o.topic, partitions: o.partitions, from: o.from, to: o.to }, settings, {
    signal: inner.signal,
    onRecords: async (batch) => {
      if (o.decoding && !full) await o.decoding.prepare(batch);
      for (const r of batch) {
        if (full) { if (!untested.has(r.partition)) untested.set(r.partition, r.offset); continue; }
        scanned++;
        if (f.test(r)) {
          matches.push(r);
          if (matches.length >= o.maxMatches) { full = true; inner.abort(); }
        }
      }
    },
    onProgress: (p) => hooks.onProgress?.({ scanned, matched: matches.length, perSecond: p.perSecond, reached: { ...p.reached, ...Object.fromEntries(untested) } }),
  }).finally(() => hooks.signal?.removeEventListener('abort', cancel));
  const reached = { ...result.reached, ...Object.fromEntries(untested) };
  const stoppedBy = full ? 'maxMatches' : result.stoppedBy === 'error' ? result.error ?? 'error'
    : result.stoppedBy === 'cancelled' ? 'cancelled' : 'end';
  return { matches, scanned, complete: !full && result.complete, stoppedBy, reached };
}
