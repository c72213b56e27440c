// The frame of every "ours" measurement script: reads its input (JSON in argv[2]), runs, prints the
// result as one JSON line on stdout and exits, so the parent gets a clean process per run.

export function childMain<I, O>(fn: (input: I) => Promise<O>): void {
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  fn(input).then(
    (out) => {
      process.stdout.write(`\n${JSON.stringify(out)}\n`, () => process.exit(0));
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.stack ?? e.message : String(e));
      process.exit(1);
    },
  );
}

/** Forces a full GC when the script runs with --expose-gc (runOurs always passes it). */
export function collect(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) { g(); g(); }
}

/** Samples heapUsed every `everyMs` and keeps the peak; stop() returns it in bytes. */
export function heapPeak(everyMs = 25): { stop(): number } {
  let peak = process.memoryUsage().heapUsed;
  const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, everyMs);
  return { stop: () => { clearInterval(t); return Math.max(peak, process.memoryUsage().heapUsed); } };
}
