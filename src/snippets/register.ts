// Kafka: Copy as… (kafkaDev.copySnippet): ready-to-run code for a topic, or one record of it, in
// kafka-python, kafkajs, kcat or Kafka's console tools, with the cluster's bootstrap and security
// settings (secrets as environment variables, never the secret). Copied to the clipboard, or, when a
// Jupyter notebook is the active editor, inserted into it as a new code cell.
// From a topic row it acts on that topic; from the palette it asks for cluster and topic; with an
// argument object ({ clusterId, topic, record?, kind?, insert? }) it asks nothing (tests, the browser).
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { isTopicRef, Targets } from '../commands/targets';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import { renderSnippet, SECRET_ENV, Snippet, SNIPPET_KINDS, SnippetKind, SnippetRecord } from '../kafka/rules/snippets';
import { Services } from '../services';
import { insertIntoNotebook } from './notebook';

/** What tests, scripts and the message browser pass. */
export interface SnippetRequest {
  clusterId: string;
  topic: string;
  record?: SnippetRecord;
  /** Skips the pick. */
  kind?: SnippetKind;
  /** Insert into the active notebook instead of copying. */
  insert?: boolean;
}

export interface SnippetResult { kind: SnippetKind; text: string; copied: boolean; insertedAt?: number }

interface KindPick extends vscode.QuickPickItem { snippet?: SnippetKind; insert?: boolean }

/** What is wrong with a request's record, or undefined. */
function recordError(r: unknown): string | undefined {
  if (r === undefined) return undefined;
  const x = r as Partial<SnippetRecord>;
  const ok = !!r && typeof r === 'object' && Number.isInteger(x.partition) && (x.partition ?? -1) >= 0 && typeof x.offset === 'string' && /^\d+$/.test(x.offset)
    && (x.key === null || typeof x.key === 'string') && (x.value === null || typeof x.value === 'string')
    && Array.isArray(x.headers) && x.headers.every((h) => !!h && typeof h.key === 'string' && typeof h.value === 'string');
  return ok ? undefined : '"record" must be { partition, offset (digits), key (text or null), value (text or null), headers: [{ key, value }] }.';
}

function kindError(kind: unknown): string | undefined {
  if (kind === undefined || SNIPPET_KINDS.some((k) => k.kind === kind)) return undefined;
  return `"kind" must be one of ${SNIPPET_KINDS.map((k) => k.kind).join(', ')}; got ${JSON.stringify(kind)}.`;
}

/** The environment variables the person sets before running, as a sentence (empty when none). */
function secretsNote(c: ClusterConfig): string {
  const vars = [...(c.sasl ? [SECRET_ENV.saslPassword] : []), ...(c.oauth ? [SECRET_ENV.oauthClientSecret] : [])];
  return vars.length ? ` Set ${vars.join(' and ')} before running it: the snippet reads the secret from there.` : '';
}

async function pickKind(title: string, notebook: vscode.NotebookEditor | undefined): Promise<KindPick | undefined> {
  const separator = (label: string): KindPick => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: KindPick[] = [];
  if (notebook) {
    items.push(separator(`Insert into Notebook (${vscode.workspace.asRelativePath(notebook.notebook.uri)})`));
    for (const k of SNIPPET_KINDS) items.push({ label: `$(notebook) ${k.label}`, detail: `Insert into Notebook: ${k.detail}`, snippet: k.kind, insert: true });
    items.push(separator('Copy to the clipboard'));
  }
  for (const k of SNIPPET_KINDS) items.push({ label: `$(copy) ${k.label}`, detail: k.detail, snippet: k.kind });
  return vscode.window.showQuickPick(items, { title, placeHolder: notebook ? 'Insert a snippet into the notebook, or copy it' : 'Copy which snippet?' });
}

export function registerSnippets(services: Services): void {
  const targets = new Targets(services);
  registerCommand(services, 'kafkaDev.copySnippet', 'Copy as…', async (arg?: unknown): Promise<SnippetResult | undefined> => {
    const req = isTopicRef(arg) ? (arg as SnippetRequest) : undefined;
    const err = kindError(req?.kind) ?? recordError(req?.record);
    if (err) throw new Error(err);
    const t = await targets.topic(arg, 'Copy as…: which topic?', { includeInternal: true });
    if (!t) return undefined;
    // The active notebook; from a panel beside it (Browse Messages) none is active, so a visible one.
    const notebook = vscode.window.activeNotebookEditor ?? vscode.window.visibleNotebookEditors[0];
    if (req?.insert && !notebook) throw new Error('Insert into Notebook needs an open Jupyter notebook as the active editor; open one (File: Open…) and run Copy as… again.');
    const choice = req?.kind ? { snippet: req.kind, insert: req.insert } : await pickKind(`Copy as… ${t.topic} (${t.cluster.name})`, notebook);
    if (!choice?.snippet) return undefined;
    const snippet: Snippet = renderSnippet(choice.snippet, t.cluster, t.topic, req?.record);
    const what = `the ${snippet.label} snippet for ${t.topic}${req?.record ? ` (p${req.record.partition}@${req.record.offset})` : ''}`;
    if (choice.insert && notebook) {
      let index: number;
      try {
        index = await insertIntoNotebook(notebook, snippet);
      } catch (e) {
        await vscode.env.clipboard.writeText(snippet.text);
        throw e;
      }
      services.log.info(`[${t.cluster.name}] inserted ${what} into ${notebook.notebook.uri.toString()} as cell ${index + 1}`);
      void vscode.window.showInformationMessage(`Inserted ${what} as cell ${index + 1}.${secretsNote(t.cluster)}`);
      return { kind: snippet.kind, text: snippet.text, copied: false, insertedAt: index };
    }
    await vscode.env.clipboard.writeText(snippet.text);
    services.log.info(`[${t.cluster.name}] copied ${what}`);
    void vscode.window.showInformationMessage(`Copied ${what} to the clipboard.${secretsNote(t.cluster)}`);
    return { kind: snippet.kind, text: snippet.text, copied: true };
  });
}
