// The browser's bounded window of records, held in the extension host (the webview asks for rows by
// index). A ring buffer: pushing past the bound drops the oldest, and the counts of what was read and
// what fell out stay exact however many records went through.
import type { ConsumedRecord } from '../rules/recordFormat';
import type { CompiledFilter } from '../rules/recordFilter';

export const MAX_WINDOW = 100_000;

export class RecordWindow {
  readonly maxRecords: number;
  private readonly ring: Array<ConsumedRecord | undefined>;
  /** Index in `ring` of the oldest record held. */
  private head = 0;
  private held = 0;
  private total = 0;

  constructor(maxRecords: number) {
    if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_WINDOW) {
      throw new RangeError(`the window holds 1 to ${MAX_WINDOW.toLocaleString('en-US')} records, not ${String(maxRecords)}`);
    }
    this.maxRecords = maxRecords;
    this.ring = new Array<ConsumedRecord | undefined>(maxRecords);
  }

  /** Appends records in order; the oldest fall out when the window is full. */
  push(records: readonly ConsumedRecord[]): void {
    const max = this.maxRecords;
    this.total += records.length;
    // Only the last `max` of a large batch can stay.
    const from = Math.max(0, records.length - max);
    for (let i = from; i < records.length; i++) {
      if (this.held < max) {
        this.ring[(this.head + this.held) % max] = records[i];
        this.held++;
      } else {
        this.ring[this.head] = records[i];
        this.head = (this.head + 1) % max;
      }
    }
  }

  get size(): number { return this.held; }
  get read(): number { return this.total; }
  get evicted(): number { return this.total - this.held; }

  /** 0 = the oldest record held. */
  at(i: number): ConsumedRecord {
    if (!Number.isInteger(i) || i < 0 || i >= this.held) throw new RangeError(`no record ${i} in the window: it holds ${this.held} (0 to ${this.held - 1})`);
    return this.ring[(this.head + i) % this.maxRecords] as ConsumedRecord;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.held = 0;
    this.total = 0;
  }

  /** Indexes (into the window) of the records the filter selects, in window order; exact. */
  filter(f: CompiledFilter & { ok: true }): Uint32Array {
    const out = new Uint32Array(this.held);
    if (f.all) {
      for (let i = 0; i < this.held; i++) out[i] = i;
      return out;
    }
    let n = 0;
    const max = this.maxRecords;
    for (let i = 0; i < this.held; i++) {
      if (f.test(this.ring[(this.head + i) % max] as ConsumedRecord)) out[n++] = i;
    }
    return out.slice(0, n);
  }
}
