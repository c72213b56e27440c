// The previews of topic changes (configs, purge) as read-only documents in a tab of their own, so the
// person reads the whole table before the modal asks; plus the modal itself.
import * as vscode from 'vscode';
import type { Targets } from '../commands/targets';
import type { Services } from '../services';

export const CHANGE_PREVIEW_SCHEME = 'kafka-dev-change';

export class ChangePreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This preview is gone: run the command again.';
  }

  /** Opens `text` in a new read-only tab titled `title` (beside the editor, not replacing a preview tab). */
  async show(title: string, text: string): Promise<vscode.Uri> {
    // A new URI each time: two previews of the same topic must not overwrite each other's table.
    const uri = vscode.Uri.from({ scheme: CHANGE_PREVIEW_SCHEME, path: `/${title.replace(/[/\\]/g, '_')}`, query: String(++this.seq) });
    this.texts.set(uri.toString(), text);
    // Kept for the session (small texts); the oldest go when there are many.
    if (this.texts.size > 50) this.texts.delete(this.texts.keys().next().value as string);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  }

  dispose(): void { this.changed.dispose(); this.texts.clear(); }
}

/** A modal warning with one action; true when the person chose it. */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  const a = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return a === action;
}

/** What the topic-change flows need from the extension. */
export interface TopicChangeContext {
  services: Services;
  targets: Targets;
  previews: ChangePreviews;
  /** Forgets the tree's cached rows under `key` (e.g. `<clusterId>/topics`) and redraws. */
  refresh(key: string): void;
}
