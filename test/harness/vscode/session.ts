// One workbench for one UI test: started with the test's settings and theme, checked for CSP violations
// (a panel's strict policy must not have blocked anything it needs), a screenshot and the workbench log
// tail added on failure, and closed (with its scratch workspace) whatever happened.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVsCode, VsCodeSession } from '../vscode';

export interface SessionOptions {
  theme: 'dark' | 'light';
  /** Screenshot name prefix: `<name>-failure` is saved when the test fails. */
  name: string;
  settings: Record<string, unknown>;
  /** Open a fresh scratch folder as the workspace (removed afterwards). */
  workspace?: boolean;
}

export async function withVsCode(o: SessionOptions, fn: (vs: VsCodeSession, workspace: string | undefined) => Promise<void>): Promise<void> {
  const workspace = o.workspace ? mkdtempSync(join(tmpdir(), `ui-${o.name}-ws-`)) : undefined;
  const vs = await startVsCode({ settings: o.settings, theme: o.theme, workspace });
  try {
    await fn(vs, workspace);
    const csp = vs.logs.filter((l) => /Content Security Policy|Refused to (load|apply|execute)/i.test(l));
    assert.deepEqual(csp, [], 'CSP violations in the workbench console');
  } catch (e) {
    await vs.screenshot(`${o.name}-failure`).catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- workbench log ---\n${vs.logs.slice(-30).join('\n')}`);
  } finally {
    await vs.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  }
}
