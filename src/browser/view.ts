// What the table shows: the window (all of it, or the rows the filter selects) or, after a search of the
// topic, the search's matches. Row indexes are positions in that view; every change that can move a
// record to another index bumps `version`, so the webview never shows a stale row under a new index.
import { RecordWindow } from '../kafka/browse/recordWindow';
import { CompiledFilter, compileFilter, DecodedJson, FilterField, FilterSpec } from '../kafka/rules/recordFilter';
import { ConsumedRecord } from '../kafka/rules/recordFormat';
import { Counts, Histogram, HistogramBucket } from './protocol';

const BUCKETS = 60;

export class BrowseView {
  readonly window: RecordWindow;
  private spec: FilterSpec = {};
  private compiled: (CompiledFilter & { ok: true }) | null = null;
  private indexes: Uint32Array | null = null;
  private searchMatches: ConsumedRecord[] | null = null;
  /** The decoded value JSON the filter's JSON condition applies to (undefined: the bytes as JSON text). */
  private decodedJson: DecodedJson | undefined;
  version = 0;

  constructor(maxRecords: number) {
    this.window = new RecordWindow(maxRecords);
  }

  get filter(): FilterSpec {
    return this.spec;
  }

  get inSearch(): boolean {
    return this.searchMatches !== null;
  }

  /** Sets the filter of the window; an error (and the field it belongs to) leaves the previous one in force. */
  setFilter(spec: FilterSpec, now = Date.now()): { ok: true } | { ok: false; field: FilterField; error: string } {
    const c = compileFilter(spec, now, this.decodedJson);
    if (!c.ok) return c;
    this.spec = spec;
    this.compiled = c.all ? null : c;
    this.refresh();
    return { ok: true };
  }

  /** The key/value formats changed: the JSON condition now reads what this gives, and the rows are shown anew. */
  setDecodedJson(d: DecodedJson | undefined): void {
    this.decodedJson = d;
    const c = compileFilter(this.spec, Date.now(), d);
    if (c.ok) this.compiled = c.all ? null : c;
    this.refresh();
  }

  /** Re-applies the filter to the window (after records arrived or fell out). */
  refresh(): void {
    this.indexes = this.compiled ? this.window.filter(this.compiled) : null;
    this.version++;
  }

  setSearch(matches: ConsumedRecord[] | null): void {
    this.searchMatches = matches;
    this.version++;
  }

  clear(): void {
    this.window.clear();
    this.refresh();
  }

  get matching(): number {
    return this.indexes ? this.indexes.length : this.window.size;
  }

  get rows(): number {
    return this.searchMatches ? this.searchMatches.length : this.matching;
  }

  record(i: number): ConsumedRecord | undefined {
    if (i < 0 || i >= this.rows) return undefined;
    if (this.searchMatches) return this.searchMatches[i];
    return this.window.at(this.indexes ? this.indexes[i] : i);
  }

  /** The table's rows, in order (the filtered window or the search results). */
  *tableRecords(): Iterable<ConsumedRecord> {
    for (let i = 0; i < this.rows; i++) yield this.record(i) as ConsumedRecord;
  }

  *windowRecords(): Iterable<ConsumedRecord> {
    for (let i = 0; i < this.window.size; i++) yield this.window.at(i);
  }

  counts(reading: boolean, live: boolean): Counts {
    const w = this.window;
    return {
      version: this.version, source: this.searchMatches ? 'search' : 'window', read: w.read, held: w.size, evicted: w.evicted,
      matching: this.matching, filtered: this.compiled !== null, rows: this.rows, reading, live, maxRecords: w.maxRecords,
    };
  }

  /** Records per time bucket over the window, with how many of them the filter selects (and per partition if asked). */
  histogram(byPartition: boolean): Histogram {
    const w = this.window;
    let min = Infinity;
    let max = -Infinity;
    const ts = new Float64Array(w.size);
    for (let i = 0; i < w.size; i++) {
      const t = Number(w.at(i).timestamp);
      ts[i] = t;
      if (t >= 0 && t < min) min = t;
      if (t > max) max = t;
    }
    if (!(min <= max)) return { buckets: [], partitions: [], minMs: 0, maxMs: 0 };
    const span = Math.max(1, max - min + 1);
    const width = Math.max(1, Math.ceil(span / BUCKETS));
    const n = Math.min(BUCKETS, Math.ceil(span / width));
    const buckets: HistogramBucket[] = Array.from({ length: n }, (_, b) => ({ from: min + b * width, to: min + (b + 1) * width, count: 0, matching: 0, ...(byPartition ? { byPartition: {} } : {}) }));
    const parts = new Set<number>();
    const bucketOf = (t: number): number => Math.min(n - 1, Math.floor((t - min) / width));
    for (let i = 0; i < w.size; i++) {
      if (ts[i] < 0) continue;
      const b = buckets[bucketOf(ts[i])];
      b.count++;
      if (b.byPartition) {
        const p = w.at(i).partition;
        parts.add(p);
        b.byPartition[p] = (b.byPartition[p] ?? 0) + 1;
      }
    }
    if (this.indexes) {
      for (const i of this.indexes) if (ts[i] >= 0) buckets[bucketOf(ts[i])].matching++;
    } else {
      for (const b of buckets) b.matching = b.count;
    }
    return { buckets, partitions: [...parts].sort((a, b) => a - b), minMs: min, maxMs: min + n * width };
  }
}
