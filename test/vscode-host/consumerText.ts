// Reading a consumer's Output channel back in extension-host suites: bounded polling, and the records it
// shows as "partition:offset" keys (what countLossAndDuplicates compares with what was produced).

/** Polls `check` every 100 ms until it is true; the error says what was last seen. */
export async function until(what: string, ms: number, check: () => boolean, seen: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; last seen:\n${seen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The channel text from the last "--- Consuming" header on (the latest run of the consumer). */
export function linesAfterLastHeader(text: string): string {
  const i = text.lastIndexOf('\n--- Consuming ');
  return i >= 0 ? text.slice(i + 1) : text.startsWith('--- Consuming ') ? text : '';
}

/** "p:o" of every record line (default prefix: timestamp, then p<partition>@<offset>). */
export function shownOffsets(text: string): string[] {
  return [...text.matchAll(/^\S+ p(\d+)@(\d+) /gm)].map((m) => `${m[1]}:${m[2]}`);
}
