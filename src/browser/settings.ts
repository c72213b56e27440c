// kafkaDev.browser.maxRecords: how many records a browser panel holds. Checked where it is read (a
// settings.json edited by hand can hold anything) and reported through the one settings reporter.
import * as vscode from 'vscode';
import { describe, SettingProblem } from '../kafka/rules/settings';
import { reportSettingProblems } from '../settings/report';

export const MAX_RECORDS_DEFAULT = 10_000;
export const MAX_RECORDS_MIN = 1;
export const MAX_RECORDS_MAX = 100_000;
const SETTING = 'kafkaDev.browser.maxRecords';

export function maxRecordsFrom(raw: unknown): { value: number; problem?: SettingProblem } {
  if (raw === undefined || raw === null) return { value: MAX_RECORDS_DEFAULT };
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= MAX_RECORDS_MIN && raw <= MAX_RECORDS_MAX) return { value: raw };
  const why = typeof raw !== 'number'
    ? `must be a number (without quotes), got ${describe(raw)}`
    : `must be a whole number from ${MAX_RECORDS_MIN} to ${MAX_RECORDS_MAX.toLocaleString('en-US')}, got ${raw}`;
  return { value: MAX_RECORDS_DEFAULT, problem: { setting: SETTING, message: `${SETTING} ${why}. Using ${MAX_RECORDS_DEFAULT.toLocaleString('en-US')} until it is fixed.` } };
}

export function readMaxRecords(): number {
  const r = maxRecordsFrom(vscode.workspace.getConfiguration('kafkaDev.browser').get<unknown>('maxRecords'));
  reportSettingProblems(SETTING, r.problem ? [r.problem] : []);
  return r.value;
}
