// Kafka: Export Messages — a range of a topic straight to a file (streamed: never held in memory). From a
// topic's context menu or the palette (cluster and topic picked), or with a request object (tests,
// other commands): { clusterId, topic, range, format, file, partitions? } runs without prompts and
// resolves to the result, rejecting with the reason when the export did not complete.
import * as vscode from 'vscode';
import { isTopicRef, Targets } from '../commands/targets';
import { EXPORT_FORMATS, ExportFormat } from '../kafka/browse/exportFormat';
import { exportRange, ExportResult } from '../kafka/browse/exportRecords';
import { DEFAULT_LAST, parseLastCount, parsePartitionList, parseTimestamp } from '../kafka/rules/consumerOptions';
import { parseRange, parseUntil, RangeChoice } from '../kafka/rules/exportRange';
import { Services } from '../services';
import { exportOutcome, pickFile, pickFormat, showExportOutcome, withExportProgress } from './exportFlow';

export interface ExportRequest {
  clusterId: string;
  topic: string;
  range: RangeChoice;
  format: ExportFormat;
  /** Absolute path of the file to write. */
  file: string;
  /** "0,2" or "0-3"; empty or absent for all. */
  partitions?: string;
}

const errorOf = (p: { error: string } | object): string | undefined => ('error' in p ? p.error : undefined);

async function askRange(topic: string): Promise<RangeChoice | undefined> {
  const title = `Export Messages: ${topic}`;
  const items: Array<vscode.QuickPickItem & { kind2: RangeChoice['kind'] }> = [
    { kind2: 'all', label: '$(arrow-both) From the beginning to the end', detail: 'every record up to the end offsets when the export starts' },
    { kind2: 'last', label: '$(arrow-up) The latest N records…', detail: 'the newest records of each partition' },
    { kind2: 'since', label: '$(history) From a time to the end…', detail: 'ISO date/time, epoch ms, or "15 minutes ago"' },
    { kind2: 'between', label: '$(calendar) A time range…', detail: 'records from one time up to another' },
  ];
  const p = await vscode.window.showQuickPick(items, { title, placeHolder: 'What to export', ignoreFocusOut: true });
  if (!p) return undefined;
  const ask = (prompt: string, value: string, validate: (s: string) => string | undefined): Thenable<string | undefined> =>
    vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: validate });
  switch (p.kind2) {
    case 'all': return { kind: 'all' };
    case 'last': {
      const n = await ask('How many of the newest records of each partition', String(DEFAULT_LAST), (s) => errorOf(parseLastCount(s)));
      return n === undefined ? undefined : { kind: 'last', count: n };
    }
    case 'since': {
      const from = await ask('From (ISO date/time, epoch ms, or "15 minutes ago")', '1 hour ago', (s) => errorOf(parseTimestamp(s)));
      return from === undefined ? undefined : { kind: 'since', from };
    }
    case 'between': {
      const from = await ask('From (ISO date/time, epoch ms, or "2 hours ago")', '1 hour ago', (s) => errorOf(parseTimestamp(s)));
      if (from === undefined) return undefined;
      const to = await ask('Up to (not included): ISO date/time, epoch ms, "5 minutes ago", or now', 'now', (s) => errorOf(parseUntil(s)) ?? errorOf(parseRange({ kind: 'between', from, to: s })));
      return to === undefined ? undefined : { kind: 'between', from, to };
    }
  }
}

function isExportRequest(a: unknown): a is ExportRequest {
  return isTopicRef(a) && typeof (a as Partial<ExportRequest>).range === 'object' && typeof (a as Partial<ExportRequest>).file === 'string';
}

export function exportMessagesCommand(services: Services, targets: Targets): (arg?: unknown) => Promise<ExportResult | undefined> {
  return async (arg) => {
    let req: ExportRequest;
    const programmatic = isExportRequest(arg);
    if (programmatic) {
      req = arg;
      targets.clusterById(req.clusterId);
      if (!EXPORT_FORMATS.includes(req.format)) throw new Error(`Unknown format "${String(req.format)}": use ${EXPORT_FORMATS.join(', ')}.`);
    } else {
      const t = await targets.topic(arg, 'Export Messages');
      if (!t) return undefined;
      const range = await askRange(t.topic);
      if (!range) return undefined;
      const format = await pickFormat(`Export Messages: ${t.topic}`);
      if (!format) return undefined;
      const file = await pickFile(t.topic, format, `Export ${t.topic}`);
      if (!file) return undefined;
      req = { clusterId: t.cluster.id, topic: t.topic, range, format, file };
    }
    const range = parseRange(req.range);
    if ('error' in range) throw new Error(`Cannot export "${req.topic}": ${range.error}.`);
    const parts = parsePartitionList(req.partitions ?? '');
    if ('error' in parts) throw new Error(`Cannot export "${req.topic}": ${parts.error}.`);
    const conn = await services.connections.get(req.clusterId);
    const settings = { timeoutMs: conn.timeoutMs, target: `${conn.cluster.name} (${conn.cluster.bootstrapServers.join(', ')})` };
    const run = (hooks: { onProgress?(n: number): void; signal?: AbortSignal }): Promise<ExportResult> =>
      exportRange(conn.kafka, { topic: req.topic, partitions: parts.value, from: range.value.from, to: range.value.to }, req.format, req.file, settings, hooks);
    const r = programmatic ? await run({}) : await withExportProgress(`Exporting ${req.topic} (${range.value.text})`, undefined, run);
    services.log.info(`export of ${conn.cluster.name}/${req.topic} ${range.value.text}: ${r.written} rows of ${r.scanned ?? '?'} read, ${r.complete ? 'complete' : `incomplete (${r.stoppedBy})`}, ${r.file ?? 'no file'}`);
    if (programmatic) {
      if (!r.complete && r.stoppedBy !== 'cancelled') throw new Error(exportOutcome(r, `of ${req.topic}`, req.file).text);
      return r;
    }
    await showExportOutcome(r, `of ${req.topic} (${range.value.text})`, req.file);
    return r;
  };
}
