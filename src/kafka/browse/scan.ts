// The one range reader: search and range export both read through it. A group-less ConsumerSession
// bounded by the end offsets seen when it started (and by a timestamp or a count), so a scan always ends;
// the session's own resume logic carries it across a broker restart with no gap and no duplicate.
import type { Kafka } from 'kafkajs';
import type { ConsumedRecord } from '../rules/recordFormat';
import { ConsumerSession, ConsumerStartError, EndReason, SessionSettings } from '../consume/consumerSession';
import { describeKafkaError } from '../client/errors';
import { BrowseStart, plan } from './browseSession';

export type ScanEnd = { kind: 'end' } | { kind: 'count'; records: number } | { kind: 'timestamp'; ms: number };
export interface ScanOptions { topic: string; partitions?: number[]; from: BrowseStart; to: ScanEnd }
export interface ScanProgress { scanned: number; perSecond: number; /** next offset per partition */ reached: Record<number, string> }
export interface ScanResult {
  scanned: number;
  complete: boolean;
  stoppedBy: 'end' | 'count' | 'timestamp' | 'cancelled' | 'error';
  error?: string;
  reached: Record<number, string>;
}
export interface ScanHooks {
  onRecords(batch: ConsumedRecord[]): void | Promise<void>;
  onProgress?(p: ScanProgress): void;
  signal?: AbortSignal;
}

/** Progress is reported at most this often (and once at the end). */
const PROGRESS_MS = 250;

/**
 * Reads a range once, batch by batch, in offset order per partition; waits for onRecords' promise before
 * handing over more (backpressure: a slow file never makes memory grow); resumes after a broker restart with
 * no gap and no duplicate; a deleted topic or other failure ends it with stoppedBy 'error' and a specific message.
 */
export async function scanTopic(kafka: Kafka, o: ScanOptions, settings: SessionSettings, hooks: ScanHooks): Promise<ScanResult> {
  const fail = (error: string, reached: Record<number, string> = {}, scanned = 0): ScanResult => ({ scanned, complete: false, stoppedBy: 'error', error, reached });
  if (o.to.kind === 'count' && !(Number.isInteger(o.to.records) && o.to.records > 0)) return fail(`${String(o.to.records)} is not a number of records to scan: give a whole number from 1`);
  if (o.to.kind === 'timestamp' && !(Number.isFinite(o.to.ms) && o.to.ms >= 0)) return fail(`${String(o.to.ms)} is not a time to scan up to: give epoch milliseconds from 0`);
  if (hooks.signal?.aborted) return { scanned: 0, complete: false, stoppedBy: 'cancelled', reached: {} };

  const p = (() => { try { return plan(o.from, true); } catch (e) { return e as Error; } })();
  if (p instanceof Error) return fail(p.message);
  const bounds = { ...p.bounds, toEnd: true };
  if (o.to.kind === 'timestamp') bounds.toTimestampMs = Math.min(o.to.ms, bounds.toTimestampMs ?? Infinity);
  const limit = o.to.kind === 'count' ? o.to.records : Infinity;

  let scanned = 0;
  let started = Date.now();
  let lastProgress = 0;
  let trouble: string | undefined;
  let stopping = false;
  const tracked = new Map<number, string>();
  let session: ConsumerSession | undefined;
  let startAt: Record<number, string> = {};
  let finished = false;
  // Past the last record handed on; a session that read to its end also stepped over trailing gaps.
  const reached = (): Record<number, string> => ({ ...(finished ? session?.positions() : startAt), ...(finished ? {} : Object.fromEntries(tracked)) });
  const progress = (force: boolean): void => {
    const now = Date.now();
    if (!hooks.onProgress || (!force && now - lastProgress < PROGRESS_MS)) return;
    lastProgress = now;
    const secs = Math.max(now - started, 1) / 1000;
    try { hooks.onProgress({ scanned, perSecond: Math.round(scanned / secs), reached: reached() }); } catch { /* a progress display must not stop the scan */ }
  };
  const stop = (why?: string): void => {
    trouble ??= why;
    if (stopping) return;
    stopping = true;
    void session?.stop();
  };

  const onRecords = (batch: ConsumedRecord[]): void | Promise<void> => {
    if (stopping) return undefined;
    const room = limit - scanned;
    const given = batch.length > room ? batch.slice(0, room) : batch;
    scanned += given.length;
    for (const r of given) tracked.set(r.partition, (BigInt(r.offset) + 1n).toString());
    if (scanned >= limit) stopping = true; // the session stops itself at the limit: nothing more is handed on
    progress(false);
    const problem = (e: unknown): void => stop(`the records read could not be handled: ${(e as Error)?.message ?? String(e)}`);
    try {
      const r = hooks.onRecords(given);
      return r ? r.catch(problem) : undefined;
    } catch (e) {
      problem(e);
      return undefined;
    }
  };

  try {
    session = await ConsumerSession.start(kafka, { topic: o.topic, partitions: o.partitions, start: p.start, maxRecords: limit === Infinity ? undefined : limit },
      settings, { onRecords, onStatus: () => undefined }, bounds);
  } catch (e) {
    return fail(e instanceof ConsumerStartError ? e.message : describeKafkaError(e, settings.target).message);
  }
  started = Date.now();
  startAt = session.positions();
  const abort = (): void => stop();
  hooks.signal?.addEventListener('abort', abort);
  if (hooks.signal?.aborted) stop();
  let end: EndReason;
  try {
    end = await session.ended;
  } finally {
    hooks.signal?.removeEventListener('abort', abort);
  }
  finished = end.kind === 'end' && trouble === undefined;
  progress(true);
  if (trouble !== undefined) return fail(trouble, reached(), scanned);
  switch (end.kind) {
    case 'end': return { scanned, complete: true, stoppedBy: o.to.kind === 'timestamp' || o.from.kind === 'range' ? 'timestamp' : 'end', reached: reached() };
    case 'limit': return { scanned, complete: true, stoppedBy: 'count', reached: reached() };
    case 'stopped': return { scanned, complete: false, stoppedBy: 'cancelled', reached: reached() };
    case 'deleted': return fail(`${end.message.replace(/; the consumer stopped/, '; the scan stopped')}`, reached(), scanned);
    case 'error': return fail(end.message.replace(/^Consumer stopped: /, 'The scan stopped: '), reached(), scanned);
  }
}
