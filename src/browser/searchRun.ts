// Search the topic (not just the window): the same filter applied while scanning a range, the first N
// matches kept, progress and Cancel. The matches replace the table until "Back to the window".
import { searchTopic } from '../kafka/browse/search';
import { describeKafkaError } from '../kafka/client/errors';
import { parseReadRequest } from '../kafka/rules/browseRequest';
import { parseMaxRecords, parseTimestamp } from '../kafka/rules/consumerOptions';
import { compileFilter } from '../kafka/rules/recordFilter';
import { ConsumedRecord, count } from '../kafka/rules/recordFormat';
import { Services } from '../services';
import type { BrowserPanel } from './panel';
import { SearchRequest } from './protocol';

export const MAX_MATCHES_DEFAULT = 1_000;
export const MAX_MATCHES_MAX = 100_000;
const PROGRESS_EVERY_MS = 200;

const running = new WeakMap<BrowserPanel, AbortController>();

export function cancelSearch(panel: BrowserPanel): void {
  running.get(panel)?.abort();
}

export async function runSearch(services: Services, panel: BrowserPanel, req: SearchRequest): Promise<void> {
  if (running.has(panel)) {
    panel.status('A search is already running: wait for it or press Cancel.', 'warning');
    return;
  }
  const fail = (field: import('./protocol').SearchField, error: string): void => panel.post({ type: 'fieldError', scope: 'search', field, error });
  const now = Date.now();
  const read = parseReadRequest({ ...req.read, live: false }, panel.partitions ?? undefined, now);
  if (!read.ok) return fail(read.field, read.error);
  let to: { kind: 'end' } | { kind: 'count'; records: number } | { kind: 'timestamp'; ms: number } = { kind: 'end' };
  if (req.to === 'count') {
    const n = parseMaxRecords(req.toText);
    if ('error' in n || n.value === undefined) return fail('searchTo', 'error' in n ? n.error : 'enter how many records to scan, e.g. 100000');
    to = { kind: 'count', records: n.value };
  } else if (req.to === 'timestamp') {
    const t = parseTimestamp(req.toText, now);
    if ('error' in t) return fail('searchTo', t.error);
    to = { kind: 'timestamp', ms: t.value };
  }
  const max = req.maxMatchesText.trim() ? parseMaxRecords(req.maxMatchesText) : { value: MAX_MATCHES_DEFAULT };
  if ('error' in max) return fail('maxMatches', max.error);
  const maxMatches = max.value ?? MAX_MATCHES_DEFAULT;
  if (maxMatches > MAX_MATCHES_MAX) return fail('maxMatches', `keep at most ${count(MAX_MATCHES_MAX)} matches (they are held in memory); narrow the filter or the range`);
  const f = compileFilter(req.filter, now);
  if (!f.ok) return fail(f.field, f.error);
  panel.post({ type: 'fieldError', scope: 'search', field: null, error: null });

  const abort = new AbortController();
  running.set(panel, abort);
  const t0 = Date.now();
  let last = 0;
  try {
    const conn = await services.connections.get(panel.cluster.id);
    const target = `${conn.cluster.name} (${conn.cluster.bootstrapServers.join(', ')})`;
    panel.status(`Searching ${panel.topic}…`, 'info');
    // The window's decoding (the panel connects it to the registry when it reads): the matches' schemas are
    // fetched as they are scanned, and the JSON condition reads decoded values, as in the window.
    const decoding = { prepare: (rs: ReadonlyArray<ConsumedRecord>) => panel.decoding.prepare(rs), decodedJson: panel.decoding.decodedJson };
    const r = await searchTopic(conn.kafka, { topic: panel.topic, partitions: read.partitions, from: read.start, to, filter: req.filter, maxMatches, decoding },
      { timeoutMs: conn.timeoutMs, target }, {
        signal: abort.signal,
        onProgress: (p) => {
          const n = Date.now();
          if (n - last < PROGRESS_EVERY_MS) return;
          last = n;
          panel.post({ type: 'searchProgress', progress: { scanned: p.scanned, matched: p.matched, perSecond: p.perSecond, reached: p.reached } });
        },
      });
    panel.view.setSearch(r.matches);
    panel.post({ type: 'searchDone', done: { matched: r.matches.length, scanned: r.scanned, complete: r.complete, stoppedBy: r.stoppedBy, reached: r.reached, ms: Date.now() - t0 } });
    panel.postCounts();
    const why = r.stoppedBy === 'end' ? 'scanned to the end' : r.stoppedBy === 'maxMatches' ? `stopped at ${count(maxMatches)} matches`
      : r.stoppedBy === 'cancelled' ? 'cancelled' : r.stoppedBy === 'count' || r.stoppedBy === 'timestamp' ? 'reached the end of the range' : r.stoppedBy;
    const level = r.complete || r.stoppedBy === 'maxMatches' || r.stoppedBy === 'cancelled' ? 'info' : 'error';
    panel.status(`Search results replace the table: ${count(r.matches.length)} match${r.matches.length === 1 ? '' : 'es'} in ${count(r.scanned)} records scanned (${why}). "Back to the window" shows the window again.`, level);
  } catch (e) {
    panel.status(`Search failed: ${describeKafkaError(e, panel.cluster.bootstrapServers.join(', ')).message}`, 'error');
    panel.post({ type: 'searchDone', done: { matched: 0, scanned: 0, complete: false, stoppedBy: 'error', reached: {}, ms: Date.now() - t0 } });
  } finally {
    running.delete(panel);
  }
}
