// What a person does with the selected record (copy, open as a read-only JSON document, Re-send in the
// producer panel, copy a kcat command) and with the table's rows (export).
import * as vscode from 'vscode';
import { asText, ConsumedRecord, count } from '../kafka/rules/recordFormat';
import type { ProduceDraft } from '../kafka/rules/produceValidation';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import { exportWithDialog } from '../porting/exportFlow';
import { Services } from '../services';
import type { BrowserPanel } from './panel';
import { RecordAction } from './protocol';
import { BrowsedRecord, recordJson } from './recordView';
import { kcatCommand, toDraft } from './reproduce';
import { snippetRecordOf } from '../kafka/rules/snippetRecord';

export const RECORD_SCHEME = 'kafka-dev-record';

/** Opens the producer panel with a draft in its form (ProducerFeature.open of the PRODUCER helper). */
export type OpenProducer = (cluster: ClusterConfig, topic: string, draft: Partial<ProduceDraft>) => unknown;

/** Read-only documents of records opened as JSON: the text is kept for the document's URI. */
export class RecordDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private n = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This record is no longer held: open it again from the browser.';
  }

  add(topic: string, r: ConsumedRecord, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RECORD_SCHEME, path: `/${topic}/p${r.partition}@${r.offset}.json`, query: String(++this.n) });
    this.texts.set(uri.toString(), text);
    // Only the newest few stay: a document closed and reopened later says how to get it back.
    if (this.texts.size > 50) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }
}

export interface ActionDeps {
  services: Services;
  documents: RecordDocuments;
  openProducer: OpenProducer;
  /** What the last copy put on the clipboard (tests read it: a headless browser's clipboard may refuse). */
  copied: { text?: string };
}

async function copy(deps: ActionDeps, panel: BrowserPanel, text: string, what: string): Promise<void> {
  deps.copied.text = text;
  await vscode.env.clipboard.writeText(text);
  panel.post({ type: 'info', message: `Copied ${what}.` });
}

/** A key or value as text to copy: the text itself, or hex for bytes that are not text (said so). */
async function copyBytes(deps: ActionDeps, panel: BrowserPanel, b: Buffer | null, what: 'key' | 'value'): Promise<void> {
  if (b === null) {
    panel.post({ type: 'info', message: what === 'value' ? 'The value is null (a tombstone): nothing copied.' : 'The record has no key (null): nothing copied.' });
    return;
  }
  const t = asText(b);
  if (t !== undefined) return copy(deps, panel, t, `the ${what} (${count(b.length)} bytes)`);
  return copy(deps, panel, b.toString('hex'), `the ${what} as hex (its ${count(b.length)} bytes are not text)`);
}

export async function recordAction(deps: ActionDeps, panel: BrowserPanel, action: RecordAction): Promise<void> {
  const r = panel.selected as BrowsedRecord | undefined;
  if (!r) {
    panel.status('Select a record first (click a row).', 'warning');
    return;
  }
  switch (action) {
    case 'copyValue': return copyBytes(deps, panel, r.value, 'value');
    case 'copyKey': return copyBytes(deps, panel, r.key, 'key');
    case 'copyRecord': return copy(deps, panel, recordJson(panel.topic, r), 'the record as JSON');
    case 'openJson': {
      const uri = deps.documents.add(panel.topic, r, recordJson(panel.topic, r));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    case 'resend': {
      const d = toDraft(panel.topic, r);
      if ('error' in d) {
        panel.status(d.error, 'error');
        return;
      }
      deps.openProducer(panel.cluster, panel.topic, d.draft);
      panel.post({ type: 'info', message: d.warning ?? `Opened the producer with p${r.partition}@${r.offset} in the form: check it, change the topic if you like, and Send.` });
      return;
    }
    case 'copyKcat': {
      const c = kcatCommand(panel.cluster.bootstrapServers.join(','), panel.topic, r);
      if ('error' in c) {
        panel.status(c.error, 'error');
        return;
      }
      const extra = panel.cluster.sasl || panel.cluster.tls || panel.cluster.ssh
        ? ' (this cluster uses SASL, TLS or SSH: add the matching -X options)' : '';
      return copy(deps, panel, c.command, `a kcat command${extra}`);
    }
    case 'copySnippet': {
      const record = snippetRecordOf(r);
      if ('error' in record) {
        panel.status(record.error, 'error');
        return;
      }
      // Kafka: Copy as… picks the kind (and offers Insert into Notebook when a notebook is active).
      const done = await vscode.commands.executeCommand<{ text: string; copied: boolean; insertedAt?: number } | undefined>('kafkaDev.copySnippet', { clusterId: panel.cluster.id, topic: panel.topic, record });
      if (done?.copied) deps.copied.text = done.text;
      if (done) panel.post({ type: 'info', message: done.copied ? `Copied code for p${r.partition}@${r.offset}.` : `Inserted code for p${r.partition}@${r.offset} into the notebook as cell ${(done.insertedAt ?? 0) + 1}.` });
      return;
    }
  }
}

export async function exportRows(services: Services, panel: BrowserPanel, which: 'window' | 'filtered'): Promise<void> {
  const v = panel.view;
  // A snapshot of references: a live read keeps changing the window while the file is written.
  const source = which === 'window'
    ? { records: [...v.windowRecords()], count: v.window.size, what: 'the window' }
    : { records: [...v.tableRecords()], count: v.rows, what: v.inSearch ? `the ${count(v.rows)} search results` : `the ${count(v.rows)} filtered rows` };
  if (source.count === 0) {
    panel.status(`Nothing to export: ${source.what} ${source.what === 'the window' ? 'is' : 'are'} empty.`, 'warning');
    return;
  }
  try {
    await exportWithDialog(services, { topic: panel.topic, clusterName: panel.cluster.name, ...source });
  } catch (e) {
    panel.status(`Export failed: ${(e as Error).message}`, 'error');
  }
}
