// How a fresh answer about consumer groups updates the rows already drawn: node objects are kept (VS Code
// knows rows by object) and only the ones whose content changed are reported. Pure, for unit tests.
import { GroupSummary } from '../kafka/admin/groups';
import { GroupDetail, PartitionLag } from '../kafka/rules/groupTypes';
import { ExplorerNode } from './nodes';

export type GroupNode = Extract<ExplorerNode, { kind: 'group' }>;
export type LagNode = Extract<ExplorerNode, { kind: 'groupLag' }>;
export type GroupTopicNode = Extract<ExplorerNode, { kind: 'groupTopic' }>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges a fresh group list into the cached rows. Unchanged groups keep their node object (VS Code knows
 * rows by object), changed ones are updated in place and returned in `changed`; `listChanged` when
 * groups came or went (then the parent has to be redrawn).
 */
export function mergeGroups(old: readonly ExplorerNode[], fresh: GroupSummary[]): { listChanged: boolean; changed: GroupNode[] } {
  const byId = new Map(old.flatMap((n) => (n.kind === 'group' ? [[n.group.groupId, n] as const] : [])));
  // The empty state (one info row) and an empty answer are the same list.
  const listChanged = byId.size !== fresh.length || fresh.some((g) => !byId.has(g.groupId));
  const changed: GroupNode[] = [];
  for (const g of fresh) {
    const node = byId.get(g.groupId);
    if (node && !same(node.group, g)) {
      node.group = g;
      changed.push(node);
    }
  }
  return { listChanged, changed };
}

/**
 * Updates an expanded group's topic nodes in place from a fresh summary; returns the ones whose lag
 * changed, or undefined when the group has to be described again (state, members or topics changed).
 * A partition the group is assigned but has not committed is in the description and not in the summary:
 * it keeps its row.
 */
export function mergeGroupTopics(children: readonly ExplorerNode[], g: GroupSummary, detail: GroupDetail | undefined): GroupTopicNode[] | undefined {
  if (detail && (detail.state !== g.state || detail.members.length !== g.members)) return undefined;
  const topics = new Map(children.flatMap((n) => (n.kind === 'groupTopic' ? [[n.topic, n] as const] : [])));
  const fresh = g.partitions ?? [];
  if (fresh.some((l) => !topics.has(l.topic))) return undefined;
  const changed: GroupTopicNode[] = [];
  for (const node of topics.values()) {
    const mine = fresh.filter((l) => l.topic === node.topic);
    const known = new Set(node.partitions.map((l) => l.partition));
    if (mine.some((l) => !known.has(l.partition))) return undefined;
    const byPartition = new Map(mine.map((l) => [l.partition, l]));
    const next = node.partitions.map((l) => byPartition.get(l.partition) ?? l);
    if (!same(next, node.partitions)) {
      node.partitions = next;
      changed.push(node);
    }
  }
  return changed;
}

/** Updates a group topic's partition rows in place; undefined when partitions came or went (reload them). */
export function mergeLagRows(old: readonly ExplorerNode[], fresh: readonly PartitionLag[]): LagNode[] | undefined {
  const rows = old.filter((n): n is LagNode => n.kind === 'groupLag');
  if (rows.length !== fresh.length || rows.length === 0) return undefined;
  const changed: LagNode[] = [];
  for (let i = 0; i < rows.length; i++) {
    const f = fresh[i];
    if (rows[i].lag.topic !== f.topic || rows[i].lag.partition !== f.partition) return undefined;
    if (!same(rows[i].lag, f)) { rows[i].lag = f; changed.push(rows[i]); }
  }
  return changed;
}

/** An expanded group's children: Members, then one node per topic (sorted), and a note when there is one. */
export function groupChildren(cluster: ExplorerNode['cluster'], d: GroupDetail): ExplorerNode[] {
  const groupId = d.groupId;
  const byTopic = new Map<string, PartitionLag[]>();
  for (const l of d.partitions) byTopic.set(l.topic, [...(byTopic.get(l.topic) ?? []), l]);
  const topics = [...byTopic.keys()].sort();
  const out: ExplorerNode[] = [{ kind: 'groupMembers', cluster, groupId, members: d.members }];
  for (const topic of topics) {
    out.push({ kind: 'groupTopic', cluster, groupId, topic, partitions: byTopic.get(topic)!.sort((a, b) => a.partition - b.partition) });
  }
  if (!topics.length) out.push({ kind: 'info', cluster, message: 'No committed offsets' });
  if (d.note) out.push({ kind: 'info', cluster, message: d.note });
  return out;
}
