// Reads a topic for the message browser: from where the person chose, either up to the end offsets seen
// when it started (or the end of a time range), or on and on (live). One wiring of the group-less
// ConsumerSession, used by the panel, the tests and the bench alike.
import type { Kafka } from 'kafkajs';
import type { StartPosition } from '../rules/consumerOptions';
import type { ConsumedRecord } from '../rules/recordFormat';
import { ConsumerSession, ConsumerStartError, EndReason, SessionBounds, SessionSettings } from '../consume/consumerSession';

export type BrowseStart = StartPosition | { kind: 'range'; fromMs: number; toMs: number };

export interface BrowseOptions {
  topic: string;
  partitions?: number[];
  start: BrowseStart;
  /** true: keep appending new records as they arrive; false: stop at the end offsets seen when started (or at toMs for a range). */
  live: boolean;
}

export interface BrowseListener {
  /** A promise holds up the next records until it settles (the browser fetches their schemas first). */
  onRecords(records: ConsumedRecord[]): void | Promise<void>;
  onStatus(line: string): void;
  onEnd(reason: EndReason): void;
}

export interface BrowseHandle {
  stop(): Promise<void>;
  readonly ended: Promise<EndReason>;
}

/** Where a session starts, and where it stops (undefined: it does not), for a browse or scan start. */
export function plan(start: BrowseStart, bounded: boolean, now = Date.now()): { start: StartPosition; bounds?: SessionBounds } {
  if (start.kind !== 'range') return { start, bounds: bounded ? { toEnd: true } : undefined };
  const iso = (ms: number): string => (Number.isFinite(ms) && ms >= 0 && ms <= 8.64e15 ? new Date(ms).toISOString() : String(ms));
  if (!Number.isFinite(start.fromMs) || !Number.isFinite(start.toMs) || start.fromMs < 0 || start.toMs < 0) {
    throw new ConsumerStartError(`The time range ${iso(start.fromMs)} to ${iso(start.toMs)} is not a pair of times: give epoch milliseconds from 0.`);
  }
  if (start.toMs <= start.fromMs) {
    throw new ConsumerStartError(`The time range ends (${iso(start.toMs)}) before it starts (${iso(start.fromMs)}): nothing can be in it.`);
  }
  // A range that ends in the future, read live, waits for the records still to come in it.
  const open = !bounded && start.toMs > now;
  return { start: { kind: 'timestamp', timestampMs: start.fromMs }, bounds: open ? undefined : { toEnd: bounded, toTimestampMs: start.toMs } };
}

/**
 * Starts reading. Rejects with a ConsumerStartError that says what is wrong (no such topic or partition,
 * offset out of range, a time in the future); then nothing is left running.
 */
export async function startBrowse(kafka: Kafka, o: BrowseOptions, settings: SessionSettings, listener: BrowseListener): Promise<BrowseHandle> {
  const p = plan(o.start, !o.live);
  const session = await ConsumerSession.start(kafka, { topic: o.topic, partitions: o.partitions, start: p.start },
    settings, { onRecords: (r) => listener.onRecords(r), onStatus: (l) => listener.onStatus(l) }, p.bounds);
  const ended = session.ended.then((r) => {
    try { listener.onEnd(r); } catch { /* the listener's own trouble must not hide the end */ }
    return r;
  });
  return { stop: async () => { await session.stop(); await ended; }, ended };
}
