// Read-only text documents whose content the extension sets (the reset previews): a virtual document
// cannot be edited or saved by mistake, and closing it loses nothing.
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'kafka-dev-reset';

/** How many previews are kept; older ones show a line saying so (a person rarely scrolls back that far). */
const KEEP = 50;

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores `text` under `name` (a path; it ends in .txt so the editor shows it as plain text) and returns its URI. */
  show(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}` });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value as string);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This preview is no longer kept; run Kafka: Reset Offsets again to see a fresh one.\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
