// How a fresh answer about consumer groups updates the rows already drawn: node objects are kept (VS Code
// knows rows by object) and only the ones whose content changed are reported. Pure, for unit tests.
import { GroupSummary } from '../kafka/admin/groups';
import { ExplorerNode } from './nodes';

export type GroupNode = Extract<ExplorerNode, { kind: 'group' }>;
export type LagNode = Extract<ExplorerNode, { kind: 'groupLag' }>;

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

/** Updates an expanded group's lag rows in place; undefined when partitions came or went (reload them). */
export function mergeLag(old: readonly ExplorerNode[], g: GroupSummary): LagNode[] | undefined {
  const fresh = g.partitions ?? [];
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

