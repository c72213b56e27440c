// Export to a file: records the browser holds (exportRecords) or a range read straight from the topic
// (exportRange, through scanTopic, batch by batch: never more than one batch and one 256 K chunk in memory,
// and scanTopic waits while the file stream is full).
//
// The file is written under a partial name first (orders.jsonl → orders.partial.jsonl) and renamed to
// the chosen name only once every row is on disk, so a file with the chosen name is always complete. A
// cancelled or failed export keeps what it wrote under the partial name (a JSON export closes its array,
// so the partial file is still valid JSON), or leaves no file when nothing was written. An existing file
// with the chosen name is replaced only by a complete export.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Kafka } from 'kafkajs';
import type { SessionSettings } from '../consume/consumerSession';
import { compileFilter, FilterSpec } from '../rules/recordFilter';
import type { ConsumedRecord } from '../rules/recordFormat';
import type { BrowseStart } from './browseSession';
import { ExportFormat, ExportWriter } from './exportFormat';
import { ScanEnd, scanTopic } from './scan';

export interface ExportHooks {
  onProgress?(written: number): void;
  signal?: AbortSignal;
}

export interface ExportResult {
  /** Rows in the file, exactly. */
  written: number;
  /** Every requested record is in the file, which has the chosen name. */
  complete: boolean;
  /** The file written: the chosen name when complete, the partial name otherwise, undefined when none was left. */
  file: string | undefined;
  /** Why an incomplete export stopped: 'cancelled' or the error's message. */
  stoppedBy?: string;
  /** exportRange: records read from the topic (more than written when a filter is given). */
  scanned?: number;
}

export interface RangeExport {
  topic: string;
  partitions?: number[];
  from: BrowseStart;
  to: ScanEnd;
  filter?: FilterSpec;
}

/** orders.jsonl → orders.partial.jsonl; a name without an extension gets .partial. */
export function partialPath(file: string): string {
  const m = /^(.*[^/\\])(\.[^./\\]+)$/.exec(file);
  return m ? `${m[1]}.partial${m[2]}` : `${file}.partial`;
}

/** Records handed to the writer at once when exporting from memory. */
const SLICE = 1000;

/**
 * Opens the partial file, runs `fill`, closes the file and names it by the outcome. `fill` resolves to
 * whether every record was written (false: cancelled) or throws.
 */
async function intoFile(file: string, format: ExportFormat, fill: (w: ExportWriter) => Promise<{ complete: boolean; stoppedBy?: string; scanned?: number }>): Promise<ExportResult> {
  const partial = partialPath(file);
  const out = createWriteStream(partial, { flags: 'w' });
  await new Promise<void>((resolve, reject) => { out.once('open', () => resolve()); out.once('error', reject); });
  const w = new ExportWriter(out, format);
  let outcome: { complete: boolean; stoppedBy?: string; scanned?: number };
  try {
    outcome = await fill(w);
  } catch (e) {
    outcome = { complete: false, stoppedBy: e instanceof Error ? e.message : String(e) };
  }
  try {
    await w.end();
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    throw new Error(`Could not write ${partial}: ${(e as Error).message}. No file was left.`);
  }
  const base = { written: w.written, scanned: outcome.scanned };
  if (outcome.complete) {
    await rename(partial, file);
    return { ...base, complete: true, file };
  }
  if (w.written === 0) {
    await rm(partial, { force: true });
    return { ...base, complete: false, file: undefined, stoppedBy: outcome.stoppedBy };
  }
  return { ...base, complete: false, file: partial, stoppedBy: outcome.stoppedBy };
}

/** Writes records (the browser's window or its filtered rows) to a file. */
export function exportRecords(topic: string, records: Iterable<ConsumedRecord>, format: ExportFormat, file: string, hooks: ExportHooks = {}): Promise<ExportResult> {
  return intoFile(file, format, async (w) => {
    let slice: ConsumedRecord[] = [];
    for (const r of records) {
      slice.push(r);
      if (slice.length < SLICE) continue;
      if (hooks.signal?.aborted) return { complete: false, stoppedBy: 'cancelled' };
      await w.writeRecords(topic, slice);
      hooks.onProgress?.(w.written);
      slice = [];
    }
    if (hooks.signal?.aborted) return { complete: false, stoppedBy: 'cancelled' };
    await w.writeRecords(topic, slice);
    hooks.onProgress?.(w.written);
    return { complete: true };
  });
}

/** Streams a range straight from the topic to a file (never held in memory). */
export async function exportRange(kafka: Kafka, o: RangeExport, format: ExportFormat, file: string, settings: SessionSettings, hooks: ExportHooks = {}): Promise<ExportResult> {
  let test: ((r: ConsumedRecord) => boolean) | undefined;
  if (o.filter) {
    const f = compileFilter(o.filter);
    if (!f.ok) throw new Error(`The filter's ${f.field} is wrong: ${f.error}. Nothing was exported.`);
    if (!f.all) test = f.test;
  }
  return intoFile(file, format, async (w) => {
    const r = await scanTopic(kafka, { topic: o.topic, partitions: o.partitions, from: o.from, to: o.to }, settings, {
      signal: hooks.signal,
      onRecords: async (batch) => {
        await w.writeRecords(o.topic, test ? batch.filter(test) : batch);
        hooks.onProgress?.(w.written);
      },
    });
    if (r.complete) return { complete: true, scanned: r.scanned };
    return { complete: false, scanned: r.scanned, stoppedBy: r.stoppedBy === 'error' ? r.error ?? 'the read failed' : r.stoppedBy };
  });
}
