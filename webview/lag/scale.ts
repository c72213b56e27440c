// The chart's arithmetic, kept apart from the DOM: nice axis steps, number and time labels, and which
// partitions get a line of their own (the ones with the most lag; the table lists every partition).

/** Ticks from 0 to at least `max` at a 1, 2 or 5 × 10^n step: about `count` of them. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** 1234567 → "1.2M", 12345 → "12.3k", 999 → "999". */
export function shortNumber(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(a >= 1e10 ? 0 : 1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(a >= 1e5 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** An exact int64 decimal string with thousands separators. */
export function exact(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function clock(t: number): string {
  const d = new Date(t);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
}

/** Time ticks at a round step (10 s … 10 min) across [from, to]. */
export function timeTicks(from: number, to: number, count = 5): number[] {
  const span = Math.max(1, to - from);
  const steps = [10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];
  const step = steps.find((s) => span / s <= count) ?? 600_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** The partitions drawn as lines: the `n` with the most lag now (then by name), the rest only in the table. */
export function drawnPartitions(latest: Record<string, string>, all: readonly string[], n: number): string[] {
  const lag = (k: string): bigint => BigInt(latest[k] ?? '0');
  return [...all].sort((a, b) => (lag(b) > lag(a) ? 1 : lag(b) < lag(a) ? -1 : all.indexOf(a) - all.indexOf(b))).slice(0, n);
}
