// Small statistics helpers. Ratios are taken run by run (ours and peer measured back to back on the
// same broker) and only then summarised, so machine-wide noise from a shared box mostly cancels.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Rounds to `sig` significant digits: throughput in rec/s and sizes in bytes read better that way. */
export function sig(x: number, digits = 3): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const mag = Math.floor(Math.log10(Math.abs(x)));
  const f = 10 ** (digits - 1 - mag);
  return Math.round(x * f) / f;
}
