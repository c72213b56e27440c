// The kafkaDev.consumer.* settings, read once per consumer start (a running consumer keeps its format).
import * as vscode from 'vscode';
import { formatOptionsFrom, FormatOptions } from '../kafka/rules/recordFormat';
import { ThrottleOptions } from '../kafka/consume/outputThrottle';
import { consumerSettingsProblems } from '../kafka/rules/settings';
import { reportSettingProblems } from '../settings/report';
import { dataFormatSetting } from '../kafka/consume/dataFormat';
import type { DataFormat } from '../kafka/serde/types';

export const PREFIX_FIELDS = ['timestamp', 'partition', 'offset', 'key', 'headers'] as const;

const KEYS = ['prefix', 'valueFormat', 'binaryFormat', 'prettyJson', 'maxValueBytes', 'maxRecordsPerSecond', 'maxCharactersPerSecond', 'showAbsentFields'];

/** Reports values of the wrong type or range (each with its setting's name); the reads below fall back. */
function checkSettings(c: vscode.WorkspaceConfiguration): void {
  reportSettingProblems('kafkaDev.consumer', consumerSettingsProblems(Object.fromEntries(KEYS.map((k) => [k, c.get<unknown>(k)]))));
}

export function readFormat(): FormatOptions {
  const c = vscode.workspace.getConfiguration('kafkaDev.consumer');
  checkSettings(c);
  const prefix = c.get<string[]>('prefix', [...PREFIX_FIELDS]);
  const shown = new Set(Array.isArray(prefix) ? prefix : PREFIX_FIELDS);
  return formatOptionsFrom({
    timestamp: shown.has('timestamp'),
    partition: shown.has('partition'),
    offset: shown.has('offset'),
    key: shown.has('key'),
    headers: shown.has('headers'),
    value: c.get<string>('valueFormat', 'auto'),
    binary: c.get<string>('binaryFormat', 'hex'),
    prettyJson: c.get<boolean>('prettyJson', true),
    maxValueBytes: c.get<number>('maxValueBytes', 65_536),
    showAbsent: c.get<boolean>('showAbsentFields', false),
  });
}

/** A per-second limit from settings: 0 = no limit (passed on as 0), otherwise at least `min`. */
function limit(value: unknown, fallback: number, min: number): number {
  if (value === 0) return 0;
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

export function readThrottle(): Partial<ThrottleOptions> {
  const c = vscode.workspace.getConfiguration('kafkaDev.consumer');
  const rate = limit(c.get<number>('maxRecordsPerSecond'), 2_000, 10);
  const chars = limit(c.get<number>('maxCharactersPerSecond'), 1024 * 1024, 1024);
  // OutputThrottle reads 0 as "no limit"; the bursts let a small topic read from the beginning show whole.
  return { format: readFormat(), linesPerSecond: rate, burstLines: Math.max(rate * 2.5, 100), charsPerSecond: chars, burstChars: chars * 2 };
}

/** `kafkaDev.consumer.keyFormat` / `valueDataFormat`: how keys and values are decoded unless a start picks otherwise. */
export function readDataFormats(): { key: DataFormat; value: DataFormat } {
  const c = vscode.workspace.getConfiguration('kafkaDev.consumer');
  const key = dataFormatSetting(c.get<unknown>('keyFormat'));
  const value = dataFormatSetting(c.get<unknown>('valueDataFormat'));
  const problems = [['keyFormat', key.error], ['valueDataFormat', value.error]]
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, e]) => ({ setting: `kafkaDev.consumer.${k}`, message: `kafkaDev.consumer.${k} ${e}; using auto.` }));
  reportSettingProblems('kafkaDev.consumer.dataFormats', problems);
  return { key: key.value, value: value.value };
}
