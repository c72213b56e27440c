// The previews a command shows before it changes anything (an offset reset, a config change, a purge):
// read-only documents in a tab of their own, so the person reads the whole table before the modal asks.
// A virtual document cannot be edited or saved by mistake, and closing it loses nothing. One provider
// for every command, registered once at activation.
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'kafka-dev-preview';

/** How many previews are kept for the session (small texts); the oldest go first. */
const KEEP = 50;

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;

  /** Registers the provider; disposed with the extension. */
  static register(context: vscode.ExtensionContext): PreviewDocuments {
    const p = new PreviewDocuments();
    context.subscriptions.push(p, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, p));
    return p;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This preview is no longer kept: run the command again to see a fresh one.\n';
  }

  /** Opens `text` as plain text in a new tab titled `title` (never replacing an earlier preview's tab). */
  async show(title: string, text: string): Promise<vscode.Uri> {
    // A new URI each time: two previews for the same topic or group must not overwrite each other's table.
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${title.replace(/[/\\]/g, '_')}`, query: String(++this.seq) });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value as string);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/** A modal warning with one action; true when the person chose it. */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  const a = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return a === action;
}
