// The quick pick behind "Kafka: Start Consumer": one list whose first entry starts with the options
// remembered for this topic, and whose other entries change one option each. What is remembered is
// what was typed ("15 minutes ago" stays relative), and it is parsed and checked again at every start.
// Reading as a consumer group is never the default: it is asked for each time (only the name typed last
// is remembered, to offer it again), because a group member commits offsets to the cluster.
import * as vscode from 'vscode';
import {
  checkGroupOptions, ConsumeOptions, DEFAULT_LAST, parseGroupId, describeStart, Parsed, parseLastCount, parseMaxRecords, parseOffsetSpec, parsePartitionList, parseTimestamp, StartPosition,
} from '../kafka/rules/consumerOptions';
import { asDataFormat, describeDataFormat, PRIMITIVE_DESCRIPTIONS } from '../kafka/consume/dataFormat';
import { PRIMITIVE_FORMATS } from '../kafka/rules/primitiveFormats';
import type { DataFormat } from '../kafka/serde/types';

export interface RememberedChoice {
  position: 'beginning' | 'latest' | 'offset' | 'timestamp' | 'last';
  offsetText?: string;
  /** How many of the newest records of each partition ("the last N"). */
  lastText?: string;
  timestampText?: string;
  partitionsText?: string;
  maxRecordsText?: string;
  /** Read as this consumer group (the id as typed). Absent: no group, nothing written to the cluster. */
  group?: string;
  /** The group id typed last, offered again; it does not make the next start a group member. */
  lastGroup?: string;
  /** How keys / values are decoded; absent: the kafkaDev.consumer.keyFormat / valueDataFormat settings. */
  keyFormat?: DataFormat;
  valueFormat?: DataFormat;
}

export interface DataFormats { key: DataFormat; value: DataFormat }

/** The formats of this choice, the settings' where it has none (a remembered one that is not valid is dropped). */
export function formatsOf(c: RememberedChoice, defaults: DataFormats): DataFormats {
  return { key: asDataFormat(c.keyFormat) ?? defaults.key, value: asDataFormat(c.valueFormat) ?? defaults.value };
}

type FormatItem = vscode.QuickPickItem & { format?: DataFormat; file?: true };

/** Picks a key or value format: auto, the registry, a primitive, or a local .avsc/.proto file (file dialog). */
export async function pickDataFormat(part: 'key' | 'value', topic: string, current: DataFormat): Promise<DataFormat | undefined> {
  const same = (f: DataFormat): boolean => describeDataFormat(f) === describeDataFormat(current);
  const mark = (f: DataFormat, d: string): string => (same(f) ? `(current) ${d}` : d);
  const items: FormatItem[] = [
    { label: 'Auto', format: { kind: 'auto' }, description: mark({ kind: 'auto' }, 'JSON or text as written; Confluent-framed data decoded when the cluster has a registry') },
    { label: 'Schema Registry', format: { kind: 'registry' }, description: mark({ kind: 'registry' }, 'Avro, Protobuf or JSON Schema by the id in the bytes') },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...PRIMITIVE_FORMATS.map((p): FormatItem => ({ label: p, format: { kind: 'primitive', format: p }, description: mark({ kind: 'primitive', format: p }, PRIMITIVE_DESCRIPTIONS[p]) })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(file) Local schema file…', file: true, description: current.kind === 'schema-file' ? `(current: ${describeDataFormat(current)})` : 'schemaless Avro (.avsc) or Protobuf (.proto)' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `${part === 'key' ? 'Key' : 'Value'} format for ${topic}`, ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.format) return pick.format;
  return askSchemaFile(part, topic);
}

/** A local .avsc/.proto (file dialog), and for a .proto the message to read; undefined when cancelled. */
export async function askSchemaFile(part: 'key' | 'value', topic: string): Promise<DataFormat | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: `Schema of the ${part}s of ${topic}`, canSelectMany: false, openLabel: 'Use this schema',
    filters: { 'Avro or Protobuf schema': ['avsc', 'proto'] },
  });
  if (!uris?.[0]) return undefined;
  const path = uris[0].fsPath;
  if (!/\.proto$/i.test(path)) return { kind: 'schema-file', path };
  const name = await vscode.window.showInputBox({
    title: `Protobuf message of the ${part}s`, prompt: 'The message type to read (package.Message); empty: the first message of the file',
    placeHolder: 'shop.Order', ignoreFocusOut: true,
    validateInput: (s) => (s.trim() === '' || /^[A-Za-z_][\w.]*$/.test(s.trim()) ? undefined : `"${s.trim()}" is not a message name: write e.g. shop.Order`),
  });
  if (name === undefined) return undefined;
  return { kind: 'schema-file', path, ...(name.trim() ? { messageName: name.trim() } : {}) };
}

export const DEFAULT_CHOICE: RememberedChoice = { position: 'beginning' };

const stateKey = (clusterId: string, topic: string): string => `kafkaDev.consumer.choice.${clusterId}/${topic}`;

export function recall(state: vscode.Memento, clusterId: string, topic: string): RememberedChoice {
  return { ...DEFAULT_CHOICE, ...state.get<RememberedChoice>(stateKey(clusterId, topic)) };
}

export function remember(state: vscode.Memento, clusterId: string, topic: string, c: RememberedChoice): Thenable<void> {
  const { group, ...rest } = c;
  return state.update(stateKey(clusterId, topic), { ...rest, lastGroup: group ?? c.lastGroup });
}

/** The choice as consumer options, or the first thing wrong with it. */
export function toOptions(topic: string, c: RememberedChoice): Parsed<ConsumeOptions> {
  let start: StartPosition;
  switch (c.position) {
    case 'beginning': start = { kind: 'beginning' }; break;
    case 'latest': start = { kind: 'latest' }; break;
    case 'offset': {
      const r = parseOffsetSpec(c.offsetText ?? '');
      if ('error' in r) return r;
      start = r.value;
      break;
    }
    case 'timestamp': {
      const r = parseTimestamp(c.timestampText ?? '');
      if ('error' in r) return r;
      start = { kind: 'timestamp', timestampMs: r.value };
      break;
    }
    case 'last': {
      const r = parseLastCount(c.lastText ?? String(DEFAULT_LAST));
      if ('error' in r) return r;
      start = { kind: 'last', count: r.value };
      break;
    }
    default:
      return { error: `"${String(c.position)}" is not a start position; pick one in Start Consumer` };
  }
  const parts = parsePartitionList(c.partitionsText ?? '');
  if ('error' in parts) return parts;
  const max = parseMaxRecords(c.maxRecordsText ?? '');
  if ('error' in max) return max;
  const options: ConsumeOptions = { topic, start, partitions: parts.value, maxRecords: max.value };
  if (c.group !== undefined) {
    const g = parseGroupId(c.group);
    if ('error' in g) return g;
    options.group = g.value;
    const wrong = checkGroupOptions(options);
    if (wrong) return { error: wrong };
  }
  return { value: options };
}

function describeChoice(c: RememberedChoice): { position: string; partitions: string; max: string; group: string } {
  const o = toOptions('', c);
  const position = 'value' in o ? describeStart(o.value.start) + (c.position === 'timestamp' ? ` ("${c.timestampText}")` : '') : `invalid: ${o.error}`;
  return {
    position,
    partitions: c.partitionsText?.trim() ? `partitions ${c.partitionsText.trim()}` : 'all partitions',
    max: c.maxRecordsText?.trim() ? `stop after ${c.maxRecordsText.trim()}` : 'no limit',
    group: c.group !== undefined ? `as group "${c.group.trim()}"` : 'no group',
  };
}

async function ask(title: string, prompt: string, value: string | undefined, validate: (s: string) => string | undefined, placeHolder?: string): Promise<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, value, placeHolder, ignoreFocusOut: true, validateInput: validate });
}

const errorOf = <T>(p: Parsed<T>): string | undefined => ('error' in p ? p.error : undefined);

type Item = vscode.QuickPickItem & { action: 'start' | 'beginning' | 'latest' | 'last' | 'offset' | 'timestamp' | 'partitions' | 'max' | 'group' | 'noGroup' | 'keyFormat' | 'valueFormat' };

/** Shows the picker; resolves to the options to start with, or undefined when cancelled. */
export async function pickOptions(topic: string, partitionCount: number | undefined, initial: RememberedChoice, defaults: DataFormats): Promise<{ options: ConsumeOptions; choice: RememberedChoice; formats: DataFormats } | undefined> {
  let c = { ...initial };
  for (;;) {
    const d = describeChoice(c);
    const f = formatsOf(c, defaults);
    const items: Item[] = [
      { action: 'start', label: '$(play) Start', description: `${d.position} · ${d.partitions} · ${d.max}${c.group !== undefined ? ` · ${d.group}` : ''}` +
          `${f.key.kind !== 'auto' ? ` · key ${describeDataFormat(f.key)}` : ''}${f.value.kind !== 'auto' ? ` · value ${describeDataFormat(f.value)}` : ''}`,
        detail: c.group !== undefined ? `Joins consumer group "${c.group.trim()}" and commits the offsets of what it shows; Stop leaves the group.` : 'No consumer group: nothing is written to the cluster.' },
      { action: 'start', label: '', kind: vscode.QuickPickItemKind.Separator },
      { action: 'beginning', label: '$(debug-restart) From the beginning', description: c.position === 'beginning' ? '(current)' : '' },
      { action: 'latest', label: '$(debug-step-over) Latest: new records only', description: c.position === 'latest' ? '(current)' : '' },
      { action: 'last', label: '$(arrow-up) The last N records…', description: c.position === 'last' ? `(current: ${c.lastText ?? DEFAULT_LAST} of each partition)` : `the newest records of each partition (${c.lastText ?? DEFAULT_LAST})` },
      { action: 'offset', label: '$(symbol-number) At an offset…', description: c.position === 'offset' ? `(current: ${c.offsetText})` : 'one offset, or partition:offset pairs' },
      { action: 'timestamp', label: '$(history) At a time…', description: c.position === 'timestamp' ? `(current: ${c.timestampText})` : 'ISO date/time, epoch ms, or "15 minutes ago"' },
      { action: 'partitions', label: '$(list-filter) Partitions…', description: d.partitions + (partitionCount ? ` (topic has ${partitionCount})` : '') },
      { action: 'max', label: '$(stop-circle) Stop after…', description: d.max },
      { action: 'keyFormat', label: '$(key) Key format…', description: describeDataFormat(f.key) },
      { action: 'valueFormat', label: '$(symbol-field) Value format…', description: describeDataFormat(f.value) },
      c.group !== undefined
        ? { action: 'noGroup', label: '$(circle-slash) Without a consumer group', description: `(current: ${d.group}) read without committing anything` }
        : { action: 'group', label: '$(organization) As consumer group…', description: 'join a group and commit what is shown (its lag shows under Consumer Groups)' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Start Consumer: ${topic}`, placeHolder: 'Enter starts; pick a line below to change an option', ignoreFocusOut: true });
    if (!pick) return undefined;
    switch (pick.action) {
      case 'start': {
        const o = toOptions(topic, c);
        if ('error' in o) {
          void vscode.window.showErrorMessage(`Cannot start consuming "${topic}": ${o.error}`);
          continue;
        }
        return { options: o.value, choice: c, formats: f };
      }
      case 'beginning':
      case 'latest':
        c = { ...c, position: pick.action };
        continue;
      case 'last': {
        const v = await ask(`The last records of ${topic}`, 'How many of the newest records of each partition to show first (then new ones follow)', c.lastText ?? String(DEFAULT_LAST), (s) => errorOf(parseLastCount(s)), String(DEFAULT_LAST));
        if (v !== undefined) c = { ...c, position: 'last', lastText: v.trim() };
        continue;
      }
      case 'offset': {
        const v = await ask(`Start offset for ${topic}`, 'An offset for every partition (42), or partition:offset pairs (0:42, 1:17)', c.offsetText, (s) => errorOf(parseOffsetSpec(s)), '42  or  0:42, 1:17');
        if (v !== undefined) c = { ...c, position: 'offset', offsetText: v.trim() };
        continue;
      }
      case 'timestamp': {
        const v = await ask(`Start time for ${topic}`, 'First record at or after this time: 2024-05-01T13:00 (local), 2024-05-01T13:00Z, epoch ms, or "15 minutes ago"', c.timestampText, (s) => errorOf(parseTimestamp(s)), '15 minutes ago');
        if (v !== undefined) c = { ...c, position: 'timestamp', timestampText: v.trim() };
        continue;
      }
      case 'partitions': {
        const v = await ask(`Partitions of ${topic}`, `Partition numbers (0,2 or 0-3); empty for all${partitionCount ? ` (0 to ${partitionCount - 1})` : ''}`, c.partitionsText, (s) => {
          const r = parsePartitionList(s, partitionCount);
          return 'error' in r ? r.error : undefined;
        });
        if (v !== undefined) c = { ...c, partitionsText: v.trim() };
        continue;
      }
      case 'group': {
        const v = await ask(`Consume ${topic} as a consumer group`, 'The consumer group id to join: the group resumes from its committed offsets, and this consumer commits what it shows',
          c.group ?? c.lastGroup, (s) => errorOf(parseGroupId(s)), 'my-service');
        if (v !== undefined) {
          c = { ...c, group: v.trim() };
          // A group decides partitions and resume points itself: offer a start that a group can take.
          if (c.position !== 'beginning' && c.position !== 'latest') c = { ...c, position: 'beginning' };
          if (c.partitionsText?.trim()) c = { ...c, partitionsText: '' };
        }
        continue;
      }
      case 'keyFormat':
      case 'valueFormat': {
        const part = pick.action === 'keyFormat' ? 'key' : 'value';
        const v = await pickDataFormat(part, topic, f[part]);
        if (v) c = { ...c, [pick.action]: v };
        continue;
      }
      case 'noGroup':
        c = { ...c, group: undefined, lastGroup: c.group };
        continue;
      case 'max': {
        const v = await ask(`Stop after how many records?`, 'A number of records; empty to run until stopped', c.maxRecordsText, (s) => errorOf(parseMaxRecords(s)));
        if (v !== undefined) c = { ...c, maxRecordsText: v.trim() };
        continue;
      }
    }
  }
}
