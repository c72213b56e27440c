// The line protocol between the mocha runner inside the extension host (test/vscode-host/index.ts) and
// the harness outside it. Console output is the only channel the smoke-test driver forwards to the page
// (codeAutomationLog), so each result travels as one marked JSON line. No imports: this file is loaded
// in both places.

export const RESULT_MARKER = 'KAFKA_DEV_MOCHA_RESULT ';

export interface MochaTestResult {
  /** Suite titles then the test title. */
  readonly titlePath: string[];
  readonly state: 'passed' | 'failed' | 'pending';
  /** Message and stack of the failure, when failed. */
  readonly error?: string;
  readonly durationMs: number;
}

export function formatResult(r: MochaTestResult): string {
  return RESULT_MARKER + JSON.stringify(r);
}

/** Picks the results out of a stream of log lines (other lines are ignored). */
export function parseResults(lines: readonly string[]): MochaTestResult[] {
  const out: MochaTestResult[] = [];
  for (const line of lines) {
    const i = line.indexOf(RESULT_MARKER);
    if (i < 0) continue;
    try {
      out.push(JSON.parse(line.slice(i + RESULT_MARKER.length).trim()) as MochaTestResult);
    } catch {
      // A line cut by the transport is reported by the missing result, not here.
    }
  }
  return out;
}
