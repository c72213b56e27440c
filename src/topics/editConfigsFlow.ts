// Edit Topic Configs: read the configs in force (with their source) → the person picks a key or types
// changes (`key=value`, `-key` to reset) → checked as Create Topic checks them → the broker checks the
// change without applying it (validateOnly) → preview of old → new → modal naming cluster and topic →
// IncrementalAlterConfigs. With a request object nothing is asked; `confirm: true` skips the modal.
import * as vscode from 'vscode';
import { TopicRef } from '../commands/targets';
import { changedRows, ConfigEditPlan, configPreviewText, CurrentConfig, editsFromRequest, parseConfigEdits, planConfigEdit } from '../kafka/rules/topicConfigEdit';
import { confirmModal } from '../commands/previewDocuments';
import type { TopicChangeContext } from './changePreview';

export interface EditConfigsRequest extends TopicRef {
  /** Configs to set (or add) on the topic. */
  set?: Record<string, string | number | boolean>;
  /** Configs to reset to the inherited value (the broker's setting or Kafka's default). */
  reset?: string[];
  /** The text form, as typed: "retention.ms=3600000 -segment.ms". */
  edits?: string;
  /** true: apply without the modal (the preview is still built and returned). */
  confirm?: boolean;
}

export interface EditConfigsResult { plan: ConfigEditPlan; preview: string; applied: boolean }

const progress = <T>(title: string, fn: () => Promise<T>): Thenable<T> =>
  vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, fn);

/** The person's changes: pick a config (or "type changes") → an input with the checks as you type. */
async function askEdits(topic: string, current: CurrentConfig[], brokerKeys: ReadonlySet<string>): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { key?: string };
  const typeItem: Item = { label: '$(edit) Type changes…', description: 'key=value to set or add, -key to reset to the default', alwaysShow: true };
  const items: Item[] = [typeItem, { label: 'configs in force', kind: vscode.QuickPickItemKind.Separator }];
  for (const c of current) {
    if (c.readOnly) continue;
    const set = c.source === 'topic';
    items.push({
      key: c.name,
      label: `${set ? '$(circle-filled)' : '$(circle-outline)'} ${c.name}`,
      description: c.value ?? '(sensitive)',
      detail: set ? `set on the topic${c.inherited ? ` · default ${c.inherited.value} (${c.inherited.source})` : ''}` : `${c.source}`,
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Edit configs of ${topic} (1/2: pick a config, or type changes)`, placeHolder: 'filter by name; ● = set on the topic, ○ = inherited',
    matchOnDescription: true, ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const c = picked.key ? current.find((x) => x.name === picked.key) : undefined;
  return vscode.window.showInputBox({
    title: `Edit configs of ${topic} (2/2: changes)`,
    prompt: 'key=value sets or adds a config, -key resets it to the default; several separated by spaces, e.g. retention.ms=3600000 -segment.ms',
    value: c ? `${c.name}=${c.value ?? ''}` : '',
    valueSelection: c ? [c.name.length + 1, c.name.length + 1 + (c.value ?? '').length] : undefined,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parseConfigEdits(v, brokerKeys);
      if ('error' in r) return r.error;
      const p = planConfigEdit(topic, current, r.edits);
      return 'error' in p ? p.error : undefined;
    },
  });
}

export async function editConfigsFlow(ctx: TopicChangeContext, arg: unknown): Promise<EditConfigsResult | undefined> {
  const { services, targets } = ctx;
  const req = isEditRequest(arg) ? arg : undefined;
  const t = await targets.topic(arg, 'Edit the configs of which topic?');
  if (!t) return undefined;
  const admin = (await services.connections.get(t.cluster.id)).admin;
  const current = await progress(`Reading the configs of ${t.topic} on ${t.cluster.name}…`, () => admin.topicConfigs(t.topic));
  const brokerKeys = new Set(current.map((c) => c.name));
  let parsed;
  if (req) {
    parsed = editsFromRequest(req, brokerKeys);
  } else {
    const text = await askEdits(t.topic, current, brokerKeys);
    if (text === undefined) return undefined;
    parsed = parseConfigEdits(text, brokerKeys);
  }
  if ('error' in parsed) throw new Error(parsed.error);
  const plan = planConfigEdit(t.topic, current, parsed.edits);
  if ('error' in plan) throw new Error(plan.error);
  // The broker's own validators and policies, before anyone confirms: a refusal names its reason here.
  await progress(`Checking the change with ${t.cluster.name}…`, () => admin.alterTopicConfigs(plan, true));
  const preview = `${configPreviewText(plan, t.cluster.name)}\nThe broker accepted this change in a validate-only request; nothing is applied before you confirm.\n`;
  await ctx.previews.show(`Edit configs of ${t.topic} (${t.cluster.name})`, preview);
  const n = changedRows(plan).length;
  if (req?.confirm !== true) {
    const ok = await confirmModal(`Change ${n} config${n === 1 ? '' : 's'} of topic "${t.topic}" on cluster "${t.cluster.name}"?`, preview, 'Apply');
    if (!ok) return { plan, preview, applied: false };
  }
  await progress(`Changing the configs of ${t.topic} on ${t.cluster.name}…`, () => admin.alterTopicConfigs(plan, false));
  services.log.info(`[${t.cluster.name}] changed configs of ${t.topic}: ${changedRows(plan).map((r) => (r.kind === 'reset' ? `-${r.key}` : `${r.key}=${r.new ?? ''}`)).join(' ')}`);
  if (!req) {
    void vscode.window.showInformationMessage(`Changed ${n} config${n === 1 ? '' : 's'} of topic ${t.topic} on ${t.cluster.name}.`, 'Describe').then((a) => {
      if (a) void vscode.commands.executeCommand('kafkaDev.describeTopic', { clusterId: t.cluster.id, topic: t.topic });
    });
  }
  return { plan, preview, applied: true };
}

function isEditRequest(a: unknown): a is EditConfigsRequest {
  return !!a && typeof a === 'object' && typeof (a as EditConfigsRequest).clusterId === 'string' && typeof (a as EditConfigsRequest).topic === 'string'
    && ('set' in a || 'reset' in a || 'edits' in a || 'confirm' in a);
}
