// The kafkaDev.consumer.* settings, read once per consumer start (a running consumer keeps its format).
import * as vscode from 'vscode';
import { formatOptionsFrom, FormatOptions } from '../kafka/recordFormat';
import { ThrottleOptions } from '../kafka/outputThrottle';

export const PREFIX_FIELDS = ['timestamp', 'partition', 'offset', 'key', 'headers'] as const;

export function readFormat(): FormatOptions {
  const c = vscode.workspace.getConfiguration('kafkaDev.consumer');
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
  });
}

export function readThrottle(): Partial<ThrottleOptions> {
  const c = vscode.workspace.getConfiguration('kafkaDev.consumer');
  const perSecond = c.get<number>('maxRecordsPerSecond', 2_000);
  const rate = Number.isFinite(perSecond) && perSecond >= 10 ? Math.floor(perSecond) : 2_000;
  return { format: readFormat(), linesPerSecond: rate, burstLines: Math.max(rate * 2.5, 100) };
}
