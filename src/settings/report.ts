// Where the settings' problems (src/kafka/rules/settings.ts) reach the person: each distinct message once
// per session, as a warning with Open Settings (the settings UI at that setting) and in the log. A value
// that is fixed and broken again is reported again.
import * as vscode from 'vscode';
import { connectionTimeoutMs, SettingProblem } from '../kafka/rules/settings';

let log: vscode.LogOutputChannel | undefined;
/** Messages shown this session, with the setting they belong to (a fixed value clears only its own). */
const shown = new Map<string, string>();

export function initSettingsReport(channel: vscode.LogOutputChannel): vscode.Disposable {
  log = channel;
  return { dispose: () => { log = undefined; shown.clear(); } };
}

/** Reports the current problems of one setting (`scope`, e.g. "kafkaDev.clusters"); [] when it is fine. */
export function reportSettingProblems(scope: string, problems: readonly SettingProblem[]): void {
  const current = new Set(problems.map((p) => p.message));
  for (const [m, s] of [...shown]) if (s === scope && !current.has(m)) shown.delete(m);
  for (const p of problems) {
    if (shown.has(p.message)) continue;
    log?.warn(p.message);
    shown.set(p.message, scope);
    const base = p.setting.replace(/\[\d+\].*$/, '');
    void vscode.window.showWarningMessage(p.message, 'Open Settings').then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.action.openSettings', base);
    });
  }
}

/** The settings' problems shown this session and not fixed since (for the test API). */
export function currentSettingProblems(): string[] {
  return [...shown.keys()];
}

/** `kafkaDev.connectionTimeoutMs`, checked: a bad value is reported and the default used. */
export function readConnectionTimeoutMs(): number {
  const r = connectionTimeoutMs(vscode.workspace.getConfiguration('kafkaDev').get<unknown>('connectionTimeoutMs'));
  reportSettingProblems('kafkaDev.connectionTimeoutMs', r.problem ? [r.problem] : []);
  return r.value;
}
