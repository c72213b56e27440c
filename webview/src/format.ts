// Human-readable text for results and history.
import type { SendSummary } from '../../src/producer/protocol';

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function rate(perSec: number): string {
  return `${Math.round(perSec).toLocaleString('en-US')} msgs/s`;
}

/** One line: what happened, for the status area and the history list. */
export function headline(s: SendSummary): string {
  if (s.sent === 1 && s.partitions.length === 1 && !s.cancelled) {
    const p = s.partitions[0];
    return `Sent 1 message to ${s.topic}: partition ${p.partition}, offset ${p.firstOffset} (${duration(s.durationMs)})`;
  }
  const what = s.cancelled ? `Cancelled after ${plural(s.sent, 'message')} of ${s.requested.toLocaleString('en-US')}` : `Sent ${plural(s.sent, 'message')}`;
  return `${what} to ${s.topic} in ${duration(s.durationMs)} (${rate(s.msgsPerSec)})`;
}

/** Where the messages went: "partition 1, offset 5" for one, the offset range per partition for ×N. */
export function offsets(s: SendSummary): string {
  if (s.partitions.length === 1 && s.partitions[0].count === 1) return `partition ${s.partitions[0].partition}, offset ${s.partitions[0].firstOffset}`;
  return s.partitions.map((p) => `p${p.partition}: ${p.firstOffset}…${p.lastOffset}`).join(', ');
}

export function preview(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function time(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour12: false });
}
