// Consumer-group commands: Reset Offsets, Delete Group, Delete Committed Offsets, Describe Group (+ refresh
// and copy of a description). From a tree row they act on that row (a topic or partition row under a group
// narrows a reset to it); from the palette they ask for cluster and group; with a request object
// ({ clusterId, groupId, … }) they ask nothing and return what they did (tests and scripts).
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { GroupRef, GroupTarget, isRequest, Targets } from '../commands/targets';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ExplorerNode } from '../explorer/nodes';
import { assertInactive } from '../kafka/admin/offsetReset';
import { Services } from '../services';
import { DescribeDocuments, registerDescribe } from '../commands/describeDocuments';
import type { GroupDetail } from '../kafka/rules/groupTypes';
import { groupDescribeKind } from './describeGroupDocument';
import { confirmModal, type PreviewDocuments } from '../commands/previewDocuments';
import { ResetFlow, ResetRequest, resetRequestFields, ResetResult } from './resetFlow';

type GroupArg = ExplorerNode | GroupRef | undefined;
/** A request object's `confirm: true`: the modal is skipped (tests, scripts). */
const confirmed = (a: unknown): boolean => isRequest(a) && a.confirm === true;
/** Delete Group / Delete Committed Offsets as requests: `confirm: true` skips the modal. */
type DeleteRequest = GroupRef & { topic?: string; confirm?: boolean };

export interface GroupsFeature {
  readonly describeDocs: DescribeDocuments<GroupDetail>;
}

export function registerGroups(services: Services, explorer: ExplorerProvider, previews: PreviewDocuments): GroupsFeature {
  const targets = new Targets(services);
  const refreshGroups = (clusterId: string): void => explorer.refresh(`${clusterId}/groups`);
  const reset = new ResetFlow(services, previews, refreshGroups);
  const admin = async (t: GroupTarget) => (await services.connections.get(t.cluster.id)).admin;

  registerCommand(services, 'kafkaDev.resetGroupOffsets', 'Reset Offsets', async (arg?: GroupArg | ResetRequest): Promise<ResetResult | undefined> => {
    const t = await targets.group(arg, 'Reset the offsets of which group?');
    if (!t) return undefined;
    return reset.run(t, isRequest(arg) ? resetRequestFields(arg) : undefined);
  });

  registerCommand(services, 'kafkaDev.deleteGroup', 'Delete Group', async (arg?: GroupArg | DeleteRequest): Promise<boolean> => {
    const t = await targets.group(arg, 'Delete which consumer group?');
    if (!t) return false;
    if (!confirmed(arg)) {
      // A group with members would be refused after the question (from the palette any group can be
      // picked): look first, and name its members instead of asking.
      const d = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading consumer group ${t.groupId} on ${t.cluster.name}…` },
        async () => (await admin(t)).describeGroup(t.groupId),
      );
      assertInactive(d, `cluster "${t.cluster.name}"`, 'deletes a group');
      if (!(await confirmModal(`Delete consumer group "${t.groupId}" from cluster "${t.cluster.name}"?`,
        'Its committed offsets go with it: a consumer joining under this name later starts where its auto.offset.reset says. This cannot be undone.', 'Delete Group'))) return false;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting consumer group ${t.groupId} from ${t.cluster.name}…` },
      async () => (await admin(t)).deleteGroup(t.groupId),
    );
    refreshGroups(t.cluster.id);
    services.log.info(`[${t.cluster.name}] deleted consumer group ${t.groupId}`);
    return true;
  });

  registerCommand(services, 'kafkaDev.deleteGroupOffsets', 'Delete Committed Offsets', async (arg?: GroupArg | DeleteRequest): Promise<string | undefined> => {
    const t = await targets.group(arg, 'Delete committed offsets of which group?');
    if (!t) return undefined;
    const topic = t.topic ?? (isRequest(arg) ? undefined : await pickCommittedTopic(t));
    if (!topic) {
      if (isRequest(arg)) throw new Error('Delete Committed Offsets needs "topic": the topic whose committed offsets the group forgets.');
      return undefined;
    }
    if (!confirmed(arg)) {
      if (!(await confirmModal(`Delete the committed offsets of topic "${topic}" from group "${t.groupId}" on cluster "${t.cluster.name}"?`,
        'The group forgets where it was in this topic (every partition); its other topics keep their offsets. This cannot be undone.', 'Delete Offsets'))) return undefined;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting ${t.groupId}'s offsets of ${topic} on ${t.cluster.name}…` },
      async () => (await admin(t)).deleteGroupOffsets(t.groupId, topic),
    );
    refreshGroups(t.cluster.id);
    services.log.info(`[${t.cluster.name}] deleted the committed offsets of ${topic} from group ${t.groupId}`);
    return topic;
  });

  /** The topics the group has committed offsets for, as a quick pick (the group's own rows, not every topic). */
  async function pickCommittedTopic(t: GroupTarget): Promise<string | undefined> {
    const lag = await (await admin(t)).groupLag(t.groupId);
    const topics = [...new Set(lag.map((l) => l.topic))].sort();
    if (!topics.length) {
      void vscode.window.showInformationMessage(`Group ${t.groupId} on ${t.cluster.name} has no committed offsets: nothing to delete.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(topics.map((topic) => {
      const rows = lag.filter((l) => l.topic === topic);
      return { label: topic, description: `${rows.length} partition${rows.length === 1 ? '' : 's'} · lag ${rows.reduce((s, l) => s + BigInt(l.lag), 0n)}` };
    }), { title: `Delete committed offsets of ${t.groupId}: which topic?`, placeHolder: 'Topic', ignoreFocusOut: true });
    return picked?.label;
  }

  const describeDocs = registerDescribe(services, groupDescribeKind, async (arg: GroupArg | undefined, prompt: string) => {
    const t = await targets.group(arg, prompt);
    return t && { cluster: t.cluster, name: t.groupId };
  });
  return { describeDocs };
}
