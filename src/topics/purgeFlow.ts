// Purge Records: which records (all partitions up to their end, one offset for all, or partition:offset
// pairs) → checked against the partitions' offsets as you type → preview table (partition, low → new low,
// records removed) → modal naming cluster and topic → DeleteRecords. Beyond a partition's end is refused,
// never clamped. With a request object nothing is asked; `confirm: true` skips the modal.
import * as vscode from 'vscode';
import { TopicRef } from '../commands/targets';
import { parsePurgeSpec, PartitionOffsets, planPurge, PurgePlan, purgedRows, purgePreviewText } from '../kafka/rules/partitionChanges';
import { confirmModal } from '../commands/previewDocuments';
import type { TopicChangeContext } from './changePreview';

export interface PurgeRequest extends TopicRef {
  /** "end" (every partition up to its end), "42" (before offset 42 in every partition), or "0:42, 1:end". */
  records?: string;
  confirm?: boolean;
}

export interface PurgeResult { plan: PurgePlan; preview: string; applied: boolean }

const isRequest = (a: unknown): a is PurgeRequest =>
  !!a && typeof a === 'object' && typeof (a as PurgeRequest).clusterId === 'string' && typeof (a as PurgeRequest).topic === 'string'
  && ('records' in a || 'confirm' in a);

const checked = (topic: string, offsets: PartitionOffsets[], text: string): string | undefined => {
  const s = parsePurgeSpec(text);
  if ('error' in s) return s.error;
  const p = planPurge(topic, offsets, s.spec);
  return 'error' in p ? p.error : undefined;
};

async function askRecords(topic: string, offsets: PartitionOffsets[]): Promise<string | undefined> {
  const range = offsets.map((o) => `p${o.partition} ${o.low}–${o.high}`).join(', ');
  type Item = vscode.QuickPickItem & { id: 'end' | 'offset' | 'pairs' };
  const picked = await vscode.window.showQuickPick<Item>([
    { id: 'end', label: '$(trash) All records', description: 'every partition up to its end' },
    { id: 'offset', label: '$(arrow-up) Before an offset', description: 'the same offset in every partition' },
    { id: 'pairs', label: '$(list-ordered) Per partition', description: 'partition:offset pairs, e.g. 0:42, 1:end' },
  ], { title: `Purge Records of ${topic} (1/2)`, placeHolder: `Offsets now: ${range}`, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.id === 'end') return 'end';
  return vscode.window.showInputBox({
    title: `Purge Records of ${topic} (2/2)`,
    prompt: picked.id === 'offset'
      ? `Delete the records before this offset in every partition (offsets now: ${range})`
      : `partition:offset pairs ("end" for all of a partition), e.g. 0:42, 1:end (offsets now: ${range})`,
    ignoreFocusOut: true, validateInput: (v) => checked(topic, offsets, v),
  });
}

export async function purgeFlow(ctx: TopicChangeContext, arg: unknown): Promise<PurgeResult | undefined> {
  const req = isRequest(arg) ? arg : undefined;
  const t = await ctx.targets.topic(arg, 'Purge the records of which topic?');
  if (!t) return undefined;
  const admin = (await ctx.services.connections.get(t.cluster.id)).admin;
  let text: string | undefined;
  if (req) {
    text = req.records ?? '';
  } else {
    const parts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the offsets of ${t.topic}…` },
      () => admin.partitions(t.topic));
    const offsets = parts.map((p) => ({ partition: p.partition, low: p.earliest ?? '0', high: p.latest ?? '0' }));
    text = await askRecords(t.topic, offsets);
    if (text === undefined) return undefined;
  }
  const spec = parsePurgeSpec(text);
  if ('error' in spec) throw new Error(spec.error);
  // Planned again from the offsets now, whatever the input box saw.
  const plan = await admin.planPurge(t.topic, spec.spec);
  const preview = purgePreviewText(plan, t.cluster.name);
  await ctx.previews.show(`Purge ${t.topic} (${t.cluster.name})`, preview);
  const total = plan.rows.reduce((s, r) => s + BigInt(r.removed), 0n);
  const parts = purgedRows(plan).length;
  if (req?.confirm !== true) {
    const ok = await confirmModal(`Delete ${total} record${total === 1n ? '' : 's'} from ${parts} partition${parts === 1 ? '' : 's'} of topic "${t.topic}" on cluster "${t.cluster.name}"?`,
      `${preview}\nThis cannot be undone.`, 'Purge');
    if (!ok) return { plan, preview, applied: false };
  }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Purging records of ${t.topic} on ${t.cluster.name}…` },
    () => admin.applyPurge(plan));
  ctx.refresh(`${t.cluster.id}/topics`);
  ctx.services.log.info(`[${t.cluster.name}] purged ${total} records of ${t.topic}: ${purgedRows(plan).map((r) => `p${r.partition} → ${r.newLow}`).join(', ')}`);
  if (!req) void vscode.window.showInformationMessage(`Deleted ${total} records of topic ${t.topic} on ${t.cluster.name}.`);
  return { plan, preview, applied: true };
}
