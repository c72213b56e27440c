// Reset Offsets: kind (QuickPick) → value (InputBox checked by parseResetKind) → plan (what Kafka's
// --dry-run computes, with progress and Cancel) → the preview as a read-only document → a modal
// confirmation → one OffsetCommit for every row → the tree refreshed. A request object
// ({ clusterId, groupId, topic?, partitions?, kind?, input?, confirm? }) asks nothing: `confirm: true`
// applies without the modal, `confirm: false` stops after the preview (a dry run).
import * as vscode from 'vscode';
import type { GroupTarget } from '../commands/targets';
import type { ResetKind, ResetPlan, ResetScope } from '../kafka/rules/groupTypes';
import { parseResetKind, resetKindText } from '../kafka/rules/resetSpec';
import { resetPreviewText } from '../kafka/rules/groupText';
import { Services } from '../services';
import { confirmModal, type PreviewDocuments } from '../commands/previewDocuments';

export type ResetKindName = ResetKind['kind'];

/** What a test, a script or another command passes instead of a tree row. */
export interface ResetRequest {
  clusterId: string;
  groupId: string;
  topic?: string;
  partitions?: number[];
  kind?: ResetKindName;
  /** The value for timestamp / offset / shift, as typed in the InputBox (e.g. "1 hour ago", "42", "-5"). */
  input?: string;
  /** true: apply without the modal; false: stop after the preview (dry run); absent: ask. */
  confirm?: boolean;
}

export interface ResetResult {
  /** The preview document's text (resetPreviewText). */
  preview: string;
  plan: ResetPlan;
  applied: boolean;
  /** The preview document. */
  uri: vscode.Uri;
}

interface KindChoice extends vscode.QuickPickItem { reset: ResetKindName }

/** The kinds in the order a person thinks of them; the codicons tell them apart at a glance. */
export const KIND_CHOICES: readonly KindChoice[] = [
  { reset: 'earliest', label: '$(arrow-left) Earliest', description: 'the oldest offset still in the log: reprocess everything retained' },
  { reset: 'latest', label: '$(arrow-right) Latest', description: 'the log end: skip everything not yet read' },
  { reset: 'timestamp', label: '$(history) Timestamp…', description: 'the first offset at or after a time (ISO or "1 hour ago")' },
  { reset: 'offset', label: '$(symbol-number) Specific offset…', description: 'the same offset on every chosen partition' },
  { reset: 'shift', label: '$(arrow-swap) Shift by ±N…', description: 'move each committed offset back (-N) or forward (+N)' },
];

const INPUTS: Record<'timestamp' | 'offset' | 'shift', { prompt: string; placeHolder: string }> = {
  timestamp: { prompt: 'A time: ISO 8601 (2026-01-31T12:00:00Z), epoch milliseconds, or relative ("1 hour ago", "15 minutes ago")', placeHolder: '1 hour ago' },
  offset: { prompt: 'The offset to commit on every chosen partition (clamped to the log\'s range, as Kafka does)', placeHolder: '42' },
  shift: { prompt: 'How far to move each committed offset: negative goes back (reprocess), positive skips ahead', placeHolder: '-10' },
};

const KIND_NAMES = new Set<string>(KIND_CHOICES.map((k) => k.reset));

/** The reset fields of a request object, type-checked (a wrong type is named, never ignored). */
export function resetRequestFields(r: Record<string, unknown>): Partial<ResetRequest> {
  const out: Partial<ResetRequest> = {};
  if (r.kind !== undefined) {
    if (typeof r.kind !== 'string' || !KIND_NAMES.has(r.kind)) throw new Error(`Unknown reset kind ${JSON.stringify(r.kind)}: use one of ${[...KIND_NAMES].join(', ')}.`);
    out.kind = r.kind as ResetKindName;
  }
  if (r.input !== undefined) {
    if (typeof r.input !== 'string') throw new Error(`"input" must be text as typed in the input box (e.g. "1 hour ago", "42", "-5"), got ${JSON.stringify(r.input)}.`);
    out.input = r.input;
  }
  if (r.confirm !== undefined) {
    if (typeof r.confirm !== 'boolean') throw new Error(`"confirm" must be true (apply without asking) or false (preview only), got ${JSON.stringify(r.confirm)}.`);
    out.confirm = r.confirm;
  }
  return out;
}

/** What the scope covers, in words: "all topics", "topic orders", "orders partition 2". */
export function scopeText(s: ResetScope): string {
  if (!s.topic) return 'all its topics';
  if (!s.partitions?.length) return `topic ${s.topic}`;
  return `${s.topic} partition${s.partitions.length === 1 ? '' : 's'} ${s.partitions.join(', ')}`;
}

export class ResetFlow {

  constructor(private readonly services: Services, private readonly docs: PreviewDocuments,
    private readonly refreshGroups: (clusterId: string) => void) {}

  async run(t: GroupTarget, req?: Partial<ResetRequest>): Promise<ResetResult | undefined> {
    const title = `Reset Offsets of ${t.groupId} (${scopeText({ groupId: t.groupId, topic: t.topic, partitions: t.partitions })})`;
    const kind = await this.kind(title, req);
    if (!kind) return undefined;
    const scope: ResetScope = { groupId: t.groupId, ...(t.topic ? { topic: t.topic } : {}), ...(t.partitions ? { partitions: t.partitions } : {}) };
    const admin = (await this.services.connections.get(t.cluster.id)).admin;
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Planning the reset of ${t.groupId} on ${t.cluster.name}…`, cancellable: true },
      (_p, token) => cancellable(admin.planOffsetReset(scope, kind), token),
    );
    const preview = resetPreviewText(plan, t.cluster.name);
    const uri = await this.docs.show(`Reset offsets of ${t.groupId} (${t.cluster.name})`, preview);
    const result: ResetResult = { preview, plan, applied: false, uri };
    if (!plan.rows.length) {
      if (!req) void vscode.window.showInformationMessage(`Group ${t.groupId} on ${t.cluster.name} has no committed offsets in ${scopeText(scope)}: nothing to reset.`);
      return result;
    }
    if (req?.confirm === false) return result;
    if (req?.confirm !== true) {
      const n = plan.rows.length;
      const apply = await confirmModal(`Reset offsets of group ${t.groupId} on cluster ${t.cluster.name}: ${n} partition${n === 1 ? '' : 's'}?`,
        'The preview is open in the editor. One offset commit sets every row, or none; the group must stay without members until it is done.', 'Apply');
      if (!apply) return result;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Resetting offsets of ${t.groupId} on ${t.cluster.name}…` },
      () => admin.applyOffsetReset(plan),
    );
    this.refreshGroups(t.cluster.id);
    this.services.log.info(`[${t.cluster.name}] reset offsets of group ${t.groupId} (${scopeText(scope)}, ${resetKindText(kind)}): ${plan.rows.length} partitions`);
    if (!req) {
      void vscode.window.showInformationMessage(`Reset offsets of group ${t.groupId} on ${t.cluster.name} (${resetKindText(kind)}): ${plan.rows.length} partition${plan.rows.length === 1 ? '' : 's'} committed.`);
    }
    return { ...result, applied: true };
  }

  /** The kind from the request (checked) or asked: QuickPick, then the InputBox for a value. */
  private async kind(title: string, req?: Partial<ResetRequest>): Promise<ResetKind | undefined> {
    let name = req?.kind;
    if (name === undefined) {
      if (req && req.input !== undefined) throw new Error('"input" needs a "kind" (timestamp, offset or shift).');
      const picked = await vscode.window.showQuickPick(KIND_CHOICES, { title, placeHolder: 'Reset the committed offsets to…', ignoreFocusOut: true });
      if (!picked) return undefined;
      name = picked.reset;
    }
    if (name === 'earliest' || name === 'latest') return { kind: name };
    const k = name;
    let input = req?.input;
    if (input === undefined) {
      input = await vscode.window.showInputBox({
        title: `${title}: ${k}`, ...INPUTS[k], ignoreFocusOut: true,
        validateInput: (v) => { const r = parseResetKind(k, v); return 'error' in r ? r.error : undefined; },
      });
      if (input === undefined) return undefined;
    }
    const r = parseResetKind(k, input);
    if ('error' in r) throw new Error(r.error);
    return r.value;
  }
}

/** Races `p` with the progress notification's Cancel (the request itself is bounded by the admin timeout). */
function cancellable<T>(p: Promise<T>, token: vscode.CancellationToken): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => { sub.dispose(); reject(new vscode.CancellationError()); });
    p.then((v) => { sub.dispose(); resolve(v); }, (e: unknown) => { sub.dispose(); reject(e); });
  });
}
