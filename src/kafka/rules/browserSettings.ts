// kafkaDev.browser.maxRecords, checked (pure): how many records a Browse Messages panel holds.
import { describe, SettingProblem } from './settings';

export const MAX_RECORDS_DEFAULT = 10_000;
export const MAX_RECORDS_MIN = 1;
export const MAX_RECORDS_MAX = 100_000;
export const MAX_RECORDS_SETTING = 'kafkaDev.browser.maxRecords';

export function maxRecordsFrom(raw: unknown): { value: number; problem?: SettingProblem } {
  if (raw === undefined || raw === null) return { value: MAX_RECORDS_DEFAULT };
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= MAX_RECORDS_MIN && raw <= MAX_RECORDS_MAX) return { value: raw };
  const why = typeof raw !== 'number'
    ? `must be a number (without quotes), got ${describe(raw)}`
    : `must be a whole number from ${MAX_RECORDS_MIN} to ${MAX_RECORDS_MAX.toLocaleString('en-US')}, got ${raw}`;
  const message = `${MAX_RECORDS_SETTING} ${why}. Using ${MAX_RECORDS_DEFAULT.toLocaleString('en-US')} until it is fixed.`;
  return { value: MAX_RECORDS_DEFAULT, problem: { setting: MAX_RECORDS_SETTING, message } };
}
