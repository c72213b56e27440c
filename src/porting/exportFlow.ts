// The steps every export shares: which format, where to save, a progress notification with Cancel, and
// the closing message (exact count, the file, Open). exportWithDialog is what the browser panel calls for
// its window or its filtered rows; the range export command (exportCommand.ts) uses the same steps.
import * as vscode from 'vscode';
import { EXPORT_FORMATS, ExportFormat } from '../kafka/browse/exportFormat';
import { exportRecords, ExportResult, partialPath } from '../kafka/browse/exportRecords';
import type { ConsumedRecord } from '../kafka/rules/recordFormat';
import { count } from '../kafka/rules/recordFormat';
import { Services } from '../services';

const FORMAT_ITEMS: Record<ExportFormat, { label: string; detail: string; filter: string }> = {
  jsonl: { label: 'JSONL', detail: 'one JSON object per line; JSON values stay JSON, bytes are base64 — Produce from File reads it back', filter: 'JSON Lines' },
  json: { label: 'JSON', detail: 'one array of the same objects', filter: 'JSON' },
  csv: { label: 'CSV', detail: 'RFC 4180 with a header row; key and value as text with an encoding column, headers as JSON', filter: 'CSV' },
};

export async function pickFormat(title: string): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ ...FORMAT_ITEMS[f], format: f })), { title, placeHolder: 'Format', ignoreFocusOut: true });
  return picked?.format;
}

/** The save dialog, starting in the workspace folder with `<topic>.<ext>`. */
export async function pickFile(topic: string, format: ExportFormat, title: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${topic.replace(/[^\w.-]+/g, '_')}.${format}`;
  const uri = await vscode.window.showSaveDialog({
    title, saveLabel: 'Export',
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { [FORMAT_ITEMS[format].filter]: [format] },
  });
  if (!uri) return undefined;
  return fileOf(uri);
}

/** A file path on the disk the extension runs on (the remote's, in a remote window). */
export function fileOf(uri: vscode.Uri): string {
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') throw new Error(`${uri.toString()} is not a file on disk (scheme ${uri.scheme}); choose a file in a folder.`);
  return uri.fsPath;
}

/** Runs an export under a cancellable progress notification that shows the exact rows written. */
export function withExportProgress(title: string, total: number | undefined, run: (hooks: { onProgress(n: number): void; signal: AbortSignal }) => Promise<ExportResult>): Thenable<ExportResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let last = 0;
    let shownAt = 0;
    return run({
      signal: abort.signal,
      onProgress(n) {
        // At most a few updates a second: each one is a message to the workbench.
        const now = Date.now();
        if (now - shownAt < 200 && n !== total) return;
        shownAt = now;
        progress.report({ message: `${count(n)}${total ? ` of ${count(total)}` : ''} records written`, increment: total ? ((n - last) / total) * 100 : undefined });
        last = n;
      },
    });
  });
}

/** The closing message for an export: the exact count and the file, with Open; or what was kept and why. */
export function exportOutcome(r: ExportResult, what: string, chosen: string): { level: 'info' | 'warning' | 'error'; text: string } {
  const rows = `${count(r.written)} record${r.written === 1 ? '' : 's'}`;
  if (r.complete) return { level: 'info', text: `Exported ${rows} ${what} to ${chosen}.` };
  const kept = r.file ? `The ${rows} written so far are in ${r.file} (its name says it is partial; ${chosen} was not written).` : `No file was written (nothing had been exported yet).`;
  if (r.stoppedBy === 'cancelled') return { level: 'warning', text: `Export cancelled. ${kept}` };
  return { level: 'error', text: `Export stopped: ${r.stoppedBy ?? 'unknown error'}. ${kept}` };
}

export async function showExportOutcome(r: ExportResult, what: string, chosen: string): Promise<void> {
  const o = exportOutcome(r, what, chosen);
  const show = o.level === 'info' ? vscode.window.showInformationMessage : o.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const open = r.file ? 'Open' : undefined;
  const picked = await show(o.text, ...(open ? [open] : []));
  if (picked === open && r.file) await vscode.window.showTextDocument(vscode.Uri.file(r.file), { preview: false });
}

export interface RecordsSource {
  topic: string;
  clusterName: string;
  records: Iterable<ConsumedRecord>;
  count: number;
  /** "the window" | "the 1,234 filtered rows" */
  what: string;
}

/** Exports records the browser holds: format pick, save dialog, progress with Cancel, the closing message. */
export async function exportWithDialog(services: Services, source: RecordsSource): Promise<void> {
  const title = `Export ${source.what} of ${source.clusterName}/${source.topic}`;
  const format = await pickFormat(title);
  if (!format) return;
  const file = await pickFile(source.topic, format, title);
  if (!file) return;
  const r = await withExportProgress(`Exporting ${source.what} of ${source.topic}`, source.count, (hooks) => exportRecords(source.topic, source.records, format, file, hooks));
  services.log.info(`export of ${source.what} of ${source.clusterName}/${source.topic}: ${r.written} rows, ${r.complete ? `complete, ${file}` : `incomplete (${r.stoppedBy}), ${r.file ?? partialPath(file)}`}`);
  await showExportOutcome(r, `of ${source.topic}`, file);
}
