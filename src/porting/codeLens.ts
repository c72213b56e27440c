// Producer scenarios that live in the repository: a .jsonl/.ndjson file open in the editor shows "Send to
// topic…" on its first line (the whole file, through Produce from File) and "Send" on each record line (that
// line alone, as the editor shows it, saved or not). Records have the export shape. The topic chosen for a
// file is remembered for the session, so the line lenses then say where they send.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { Targets, TopicTarget } from '../commands/targets';
import { describeRanges, toMessage } from '../kafka/browse/importFile';
import { isLineError, parseRecord } from '../kafka/browse/importParse';
import { ProduceError } from '../kafka/produce/producer';
import { ProducerPool } from '../producer/producerPool';
import { Services } from '../services';
import { fileOf } from './exportFlow';
import { sendFileWithProgress } from './importFlow';

export const JSONL_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.{jsonl,ndjson}' }];
/** Line lenses stop here: a larger file still gets "Send to topic…" for the whole of it. */
export const MAX_LINE_LENSES = 10_000;

export interface SentLine {
  line: number;
  topic: string;
  partition: number;
  offset: string;
}

class JsonlLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The topic each file sends to, by document URI. */
  readonly targets = new Map<string, TopicTarget>();

  remember(uri: vscode.Uri, t: TopicTarget): void {
    this.targets.set(uri.toString(), t);
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const t = this.targets.get(doc.uri.toString());
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, {
      title: t ? `$(send) Send file to ${t.cluster.name}/${t.topic}` : '$(send) Send to topic…',
      tooltip: 'Send every record of this file (Produce from File)', command: 'kafkaDev.sendJsonlFile', arguments: [doc.uri],
    })];
    if (t) lenses.push(new vscode.CodeLens(top, { title: 'Change topic…', command: 'kafkaDev.sendJsonlFile', arguments: [doc.uri, { change: true }] }));
    const n = Math.min(doc.lineCount, MAX_LINE_LENSES);
    for (let i = 0; i < n; i++) {
      const line = doc.lineAt(i);
      if (line.isEmptyOrWhitespace) continue;
      lenses.push(new vscode.CodeLens(line.range, {
        title: t ? `Send to ${t.topic}` : 'Send', tooltip: `Send the record on line ${i + 1}`, command: 'kafkaDev.sendJsonlLine', arguments: [doc.uri, i],
      }));
    }
    return lenses;
  }
}

export function registerJsonlLenses(services: Services, pool: ProducerPool, targets: Targets): void {
  const lenses = new JsonlLenses();
  services.context.subscriptions.push(vscode.languages.registerCodeLensProvider(JSONL_SELECTOR, lenses));

  const targetFor = async (uri: vscode.Uri, change: boolean): Promise<TopicTarget | undefined> => {
    const known = lenses.targets.get(uri.toString());
    // A cluster removed or edited since: ask again.
    if (known && !change && services.clusters.get(known.cluster.id)) return known;
    const t = await targets.topic(undefined, `Send ${basename(uri.fsPath)}`);
    if (t) lenses.remember(uri, t);
    return t;
  };

  registerCommand(services, 'kafkaDev.sendJsonlFile', 'Send File to Topic', async (uri: vscode.Uri, opts?: { change?: boolean }) => {
    const t = await targetFor(uri, !!opts?.change);
    if (!t) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // What is sent is the file on disk: save what the editor shows first.
    if (doc?.isDirty && !(await doc.save())) throw new Error(`${basename(uri.fsPath)} could not be saved; nothing was sent.`);
    return sendFileWithProgress(services, pool, t, fileOf(uri), { kind: 'jsonl', partitions: 'keep' });
  });

  registerCommand(services, 'kafkaDev.sendJsonlLine', 'Send Line to Topic', async (uri: vscode.Uri, line: number): Promise<SentLine | undefined> => {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (line < 0 || line >= doc.lineCount) throw new Error(`${basename(uri.fsPath)} has no line ${line + 1} (it has ${doc.lineCount}).`);
    const r = parseRecord(doc.lineAt(line).text, line + 1);
    if (isLineError(r)) throw new Error(`${basename(uri.fsPath)}, ${r.message}. Nothing was sent.`);
    const t = await targetFor(uri, false);
    if (!t) return undefined;
    const producer = await pool.get(t.cluster.id);
    const meta = await producer.partitions(t.topic);
    if (r.partition !== undefined && r.partition >= meta.length) {
      throw new ProduceError(`line ${line + 1}: partition ${r.partition} does not exist: "${t.topic}" has ${meta.length} partition${meta.length === 1 ? '' : 's'} (0…${meta.length - 1}). Nothing was sent.`);
    }
    const [range] = await producer.sendBatch(t.topic, meta, [toMessage(r, { partitions: 'keep' })], { acks: 'all', compression: 'none' });
    void vscode.window.showInformationMessage(`Sent line ${line + 1} of ${basename(uri.fsPath)} to "${t.topic}" (offset ${describeRanges([range])}).`);
    return { line: line + 1, topic: t.topic, partition: range.partition, offset: range.firstOffset };
  });
}
