// "Send every N seconds": the interval as typed in the producer panel. Pure: the webview checks it as you
// type and the extension again when asked to start (the webview is untrusted).

export const MIN_INTERVAL_SECONDS = 0.1;
export const MAX_INTERVAL_SECONDS = 3600;

/** Seconds as a number, or a sentence saying what is wrong and what would work. */
export function parseInterval(text: string): number | { error: string } {
  const t = text.trim();
  const range = `from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS}`;
  if (t === '') return { error: `Enter an interval in seconds, ${range} (e.g. 2 or 0.5).` };
  const n = Number(t);
  if (!/^\d*\.?\d+$|^\d+\.$/.test(t) || !Number.isFinite(n)) return { error: `"${t}" is not a number of seconds: enter one ${range}, e.g. 2 or 0.5.` };
  if (n < MIN_INTERVAL_SECONDS) return { error: `Every ${t} s is too often: the interval must be at least ${MIN_INTERVAL_SECONDS} s.` };
  if (n > MAX_INTERVAL_SECONDS) return { error: `Every ${t} s is more than an hour: the interval must be at most ${MAX_INTERVAL_SECONDS} s.` };
  return n;
}

/** "2 s", "0.5 s", "1 min 30 s": how the panel and its title say the interval. */
export function intervalText(seconds: number): string {
  if (seconds < 60 || !Number.isInteger(seconds)) return `${Number(seconds.toFixed(3))} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}
