// Consumer groups for the tree: state, member count, and per-partition lag (log end − committed offset).
import type { Admin } from 'kafkajs';

export interface GroupSummary {
  groupId: string;
  state: string;
  members: number;
  protocolType: string;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Committed offset, or undefined when the group has not committed for this partition. */
  committed?: string;
  end: string;
  /** end − committed, or end − earliest when nothing is committed. */
  lag: string;
}

export async function listGroups(admin: Admin): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const byId = new Map(described.groups.map((g) => [g.groupId, g]));
  return groups
    .map((g) => {
      const d = byId.get(g.groupId);
      return { groupId: g.groupId, state: d?.state ?? 'Unknown', members: d?.members.length ?? 0, protocolType: g.protocolType };
    })
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

export async function groupLag(admin: Admin, groupId: string): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId });
  const out: PartitionLag[] = [];
  for (const t of committed) {
    const ends = new Map((await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, o]));
    for (const p of t.partitions) {
      const end = ends.get(p.partition);
      if (!end) continue;
      const has = p.offset !== '-1' && p.offset !== '';
      const from = has ? BigInt(p.offset) : BigInt(end.low);
      const lag = BigInt(end.high) - from;
      out.push({ topic: t.topic, partition: p.partition, committed: has ? p.offset : undefined, end: end.high, lag: (lag < 0n ? 0n : lag).toString() });
    }
  }
  return out.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}
