// Add Partitions: the new total (checked against the current count as you type) → a modal that says
// keyed records will map to other partitions → CreatePartitions. With a request object nothing is asked;
// `confirm: true` skips the modal.
import * as vscode from 'vscode';
import { TopicRef } from '../commands/targets';
import { addPartitionsWarning, newPartitionCountError } from '../kafka/rules/partitionChanges';
import { confirmModal } from '../commands/previewDocuments';
import type { TopicChangeContext } from './changePreview';

export interface AddPartitionsRequest extends TopicRef {
  /** The new total number of partitions. */
  count?: number | string;
  confirm?: boolean;
}

export interface AddPartitionsResult { from: number; to: number; applied: boolean }

const isRequest = (a: unknown): a is AddPartitionsRequest =>
  !!a && typeof a === 'object' && typeof (a as AddPartitionsRequest).clusterId === 'string' && typeof (a as AddPartitionsRequest).topic === 'string'
  && ('count' in a || 'confirm' in a);

export async function addPartitionsFlow(ctx: TopicChangeContext, arg: unknown): Promise<AddPartitionsResult | undefined> {
  const req = isRequest(arg) ? arg : undefined;
  const t = await ctx.targets.topic(arg, 'Add partitions to which topic?');
  if (!t) return undefined;
  const admin = (await ctx.services.connections.get(t.cluster.id)).admin;
  // Always read now: a row's count may be stale, and the check must be against the broker's.
  const from = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${t.topic} on ${t.cluster.name}…` },
    () => admin.partitionCount(t.topic));
  let text: string | undefined;
  if (req) {
    if (req.count === undefined) throw new Error(`Say the new total number of partitions ("count"); topic "${t.topic}" has ${from} now.`);
    text = String(req.count);
  } else {
    text = await vscode.window.showInputBox({
      title: `Add Partitions to ${t.topic} on ${t.cluster.name}`,
      prompt: `New total number of partitions: topic ${t.topic} has ${from} now; partitions can be added, never removed`,
      value: String(from + 1), ignoreFocusOut: true, validateInput: (v) => newPartitionCountError(v, from),
    });
    if (text === undefined) return undefined;
  }
  const err = newPartitionCountError(text, from);
  if (err) throw new Error(err);
  const to = Number(text.trim());
  if (req?.confirm !== true) {
    const w = addPartitionsWarning(t.topic, t.cluster.name, from, to);
    if (!(await confirmModal(w.message, w.detail, 'Add Partitions'))) return { from, to, applied: false };
  }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Adding partitions to ${t.topic} on ${t.cluster.name} (${from} → ${to})…` },
    () => admin.addPartitions(t.topic, to));
  ctx.refresh(`${t.cluster.id}/topics`);
  ctx.services.log.info(`[${t.cluster.name}] topic ${t.topic}: partitions ${from} → ${to}`);
  if (!req) void vscode.window.showInformationMessage(`Topic ${t.topic} on ${t.cluster.name} has ${to} partitions now (was ${from}).`);
  return { from, to, applied: true };
}
