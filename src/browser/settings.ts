// kafkaDev.browser.maxRecords as read: checked where it is read (a settings.json edited by hand can hold
// anything) and reported through the one settings reporter.
import * as vscode from 'vscode';
import { MAX_RECORDS_SETTING, maxRecordsFrom } from '../kafka/rules/browserSettings';
import { reportSettingProblems } from '../settings/report';

export function readMaxRecords(): number {
  const r = maxRecordsFrom(vscode.workspace.getConfiguration('kafkaDev.browser').get<unknown>('maxRecords'));
  reportSettingProblems(MAX_RECORDS_SETTING, r.problem ? [r.problem] : []);
  return r.value;
}
