// Hands records to a session's listener through one queue, in the order they were taken, whichever
// leader's fetch took them (so a partition's records never overtake each other). A fetch can hold
// ~10,000 small records: they go in slices (of a count, or of bytes for large values), letting the
// extension host handle other events in between, so formatting them never blocks it for long.
import type { ConsumedRecord } from '../rules/recordFormat';

/** Records handed to the listener at once, at most. */
const DELIVERY_SLICE = 2_000;
/** Key and value bytes (a LeanRecord: with its headers) handed over at once, at most (one record at least): 2,000 values of 64 KiB would take seconds to format. */
const DELIVERY_SLICE_BYTES = 256 * 1024;

/**
 * The first slice of a queue, at most: slices then double up to DELIVERY_SLICE. A session's first records
 * are formatted by code the JIT has not compiled yet (several times slower), so a first slice of 2,000
 * blocked the extension host for 40-60 ms; small slices first keep each pause short while it warms up.
 */
const FIRST_SLICE = 125;

/** Where the slice starting at `from` ends. */
function sliceEnd(records: readonly ConsumedRecord[], from: number, most: number): number {
  const last = Math.min(records.length, from + most);
  let bytes = 0;
  for (let i = from; i < last; i++) {
    const r = records[i];
    // A LeanRecord says its size without reading its key and value: asking for them would make two Buffer
    // views per record, also for the records the Output throttle only counts.
    const held = r.heldBytes;
    if (held !== undefined) bytes += held;
    else { const { key, value } = r; bytes += (key === null ? 0 : key.length) + (value === null ? 0 : value.length); }
    if (bytes > DELIVERY_SLICE_BYTES && i > from) return i;
  }
  return last;
}

export class DeliveryQueue {
  private readonly queue: Array<{ records: ConsumedRecord[]; done: () => void }> = [];
  private draining = false;
  private count = 0;
  /** The next slice's most records. */
  private most = FIRST_SLICE;

  /**
   * `onRecords` must not throw; if it does, delivery goes on. When it returns a promise, the next slice
   * waits for it (backpressure: a slow reader, e.g. a file being written, holds up the fetching).
   */
  constructor(private readonly onRecords: (records: ConsumedRecord[]) => void | Promise<void>) {}

  /** Records handed over so far. */
  get delivered(): number { return this.count; }

  /** Queues records; resolves once they are handed over (the first slice at once when the queue is idle). */
  deliver(records: ConsumedRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((done) => {
      this.queue.push({ records, done });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    let first = true;
    for (let b = this.queue.shift(); b; b = this.queue.shift()) {
      for (let i = 0, end = 0; i < b.records.length; i = end) {
        if (!first) await new Promise<void>((r) => setImmediate(r));
        first = false;
        end = sliceEnd(b.records, i, this.most);
        this.most = Math.min(this.most * 2, DELIVERY_SLICE);
        const slice = b.records.slice(i, end);
        this.count += slice.length;
        try {
          const p = this.onRecords(slice);
          if (p) await p.catch(() => undefined);
        } catch { /* see the constructor */ }
      }
      b.done();
    }
    this.draining = false;
  }
}
