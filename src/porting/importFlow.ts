// Kafka: Produce from File — a JSONL/JSON file in the export shape, or plain lines, into a topic. From the
// explorer's context menu on a .jsonl/.ndjson/.json/.txt file, the palette (a file dialog), the JSONL code
// lens, or a request object (tests, other commands): { clusterId, topic, file, kind?, partitions? } runs
// without prompts, resolves to the result and rejects when a line is bad, naming the lines.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isTopicRef, isTreeNode, Targets, TopicTarget } from '../commands/targets';
import { describeRanges, FileKind, fileKindOf, ImportOptions, ImportResult, produceFromFile } from '../kafka/browse/importFile';
import { count } from '../kafka/rules/recordFormat';
import { ProducerPool } from '../producer/producerPool';
import { Services } from '../services';
import { fileOf } from './exportFlow';

export interface ProduceFromFileRequest {
  clusterId: string;
  topic: string;
  file: string;
  /** Default: from the file's extension (.json array, .jsonl/.ndjson records, anything else plain lines). */
  kind?: FileKind;
  partitions?: 'keep' | 'auto';
  timestamps?: 'keep' | 'now';
}

function isRequest(a: unknown): a is ProduceFromFileRequest {
  return isTopicRef(a) && typeof (a as Partial<ProduceFromFileRequest>).file === 'string';
}

/** The errors as one message: how many, that nothing was sent, and the first few lines' messages. */
export function errorSummary(r: ImportResult, shown = 3): string {
  const n = r.errors.length + r.moreErrors;
  const first = r.errors.slice(0, shown).map((e) => e.message).join(' · ');
  const rest = n > shown ? ` · and ${count(n - shown)} more` : '';
  return `${basename(r.file)}: ${count(n)} bad line${n === 1 ? '' : 's'}, nothing was sent. ${first}${rest}`;
}

export function sentSummary(r: ImportResult): string {
  const head = r.cancelled ? `Cancelled: sent ${count(r.sent)} of ${count(r.records)} records` : `Sent ${count(r.sent)} record${r.sent === 1 ? '' : 's'}`;
  return `${head} from ${basename(r.file)} to "${r.topic}" (offsets ${describeRanges(r.partitions)}).`;
}

/** Every bad line in an untitled document, one per line. */
async function showErrors(r: ImportResult): Promise<void> {
  const more = r.moreErrors ? [`… and ${count(r.moreErrors)} more bad lines (only the first ${count(r.errors.length)} are listed)`] : [];
  const content = [`${r.file}: nothing was sent to "${r.topic}". Fix these lines and send again:`, '', ...r.errors.map((e) => e.message), ...more].join('\n');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'plaintext' }), { preview: false });
}

type HowItem = vscode.QuickPickItem & { how: Pick<ImportOptions, 'kind' | 'partitions'> };

async function askHow(kind: FileKind, name: string): Promise<Pick<ImportOptions, 'kind' | 'partitions'> | undefined> {
  if (kind === 'lines') return { kind, partitions: 'auto' };
  const items: HowItem[] = [
    { label: '$(list-ordered) Records, each to the partition it names', detail: 'as exported: {"partition":…,"key":…,"value":…,"headers":[…]}; a record without a partition goes by its key', how: { kind, partitions: 'keep' } },
    { label: '$(symbol-key) Records, Kafka picks the partition (by key)', detail: 'any "partition" in the file is left aside', how: { kind, partitions: 'auto' } },
  ];
  if (kind === 'jsonl') items.push({ label: '$(whitespace) Each line is a value', detail: 'the line\'s text as the value, no key', how: { kind: 'lines', partitions: 'auto' } });
  const p = await vscode.window.showQuickPick(items, { title: `Produce from File: ${name}`, placeHolder: 'How to read the file', ignoreFocusOut: true });
  return p?.how;
}

export async function pickSourceFile(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return fileOf(arg);
  const picked = await vscode.window.showOpenDialog({
    title: 'Produce from File', openLabel: 'Send', canSelectMany: false,
    filters: { 'Records (JSONL, JSON) or lines': ['jsonl', 'ndjson', 'json', 'txt'], 'All files': ['*'] },
  });
  return picked?.[0] && fileOf(picked[0]);
}

/** Sends a file with a progress notification (Cancel between batches); shows the summary or the bad lines. */
export async function sendFileWithProgress(services: Services, pool: ProducerPool, t: TopicTarget, file: string, how: Pick<ImportOptions, 'kind' | 'partitions'>): Promise<ImportResult> {
  const producer = await pool.get(t.cluster.id);
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Sending ${basename(file)} to ${t.topic}`, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let last = 0;
    progress.report({ message: 'checking every line…' });
    return produceFromFile(producer, file, {
      topic: t.topic, ...how, signal: abort.signal,
      onProgress(sent, total) {
        progress.report({ message: `${count(sent)} of ${count(total)} records sent`, increment: ((sent - last) / total) * 100 });
        last = sent;
      },
    });
  });
  services.log.info(`produce from ${file} to ${t.cluster.name}/${t.topic}: ${r.errors.length + r.moreErrors ? errorSummary(r, 1) : sentSummary(r)}`);
  if (r.errors.length) {
    const action = await vscode.window.showErrorMessage(errorSummary(r), 'Show errors');
    if (action) await showErrors(r);
  } else if (r.cancelled) {
    void vscode.window.showWarningMessage(sentSummary(r));
  } else {
    void vscode.window.showInformationMessage(sentSummary(r));
  }
  return r;
}

export function produceFromFileCommand(services: Services, pool: ProducerPool, targets: Targets): (arg?: unknown) => Promise<ImportResult | undefined> {
  return async (arg) => {
    if (isRequest(arg)) {
      targets.clusterById(arg.clusterId);
      const producer = await pool.get(arg.clusterId);
      const r = await produceFromFile(producer, arg.file, { topic: arg.topic, kind: arg.kind ?? fileKindOf(arg.file), partitions: arg.partitions, timestamps: arg.timestamps });
      if (r.errors.length) throw new Error(errorSummary(r));
      return r;
    }
    // From a topic's row the topic is known and the file is asked for; from a file, the other way round.
    const fromTopic = isTreeNode(arg) ? await targets.topic(arg, 'Produce from File') : undefined;
    if (isTreeNode(arg) && !fromTopic) return undefined;
    const file = await pickSourceFile(arg);
    if (!file) return undefined;
    const t = fromTopic ?? await targets.topic(undefined, `Produce from File: ${basename(file)}`);
    if (!t) return undefined;
    const how = await askHow(fileKindOf(file), basename(file));
    if (!how) return undefined;
    return sendFileWithProgress(services, pool, t, file, how);
  };
}
