// Consumer groups for the tree: state, member count, and per-partition lag (log end − committed offset).
import type { Admin } from 'kafkajs';
import type { PartitionLag } from '../rules/groupTypes';

export type { PartitionLag } from '../rules/groupTypes';

export interface GroupSummary {
  groupId: string;
  state: string;
  members: number;
  protocolType: string;
  /** Sum of the partitions' lag; undefined when the group has committed no offsets. */
  lag?: string;
  /** Lag per committed partition (what expanding the group shows). */
  partitions?: PartitionLag[];
}

type TopicEnds = Map<number, { low: string; high: string }>;
/** Topic offsets shared by the groups of one listing: each topic is asked once, however many groups read it. */
type EndsCache = Map<string, Promise<TopicEnds>>;

function topicEnds(admin: Admin, topic: string, cache: EndsCache): Promise<TopicEnds> {
  let p = cache.get(topic);
  if (!p) {
    // A topic deleted since the group committed has no offsets any more: its partitions are left out.
    p = admin.fetchTopicOffsets(topic).then((os) => new Map(os.map((o) => [o.partition, { low: o.low, high: o.high }])), () => new Map());
    cache.set(topic, p);
  }
  return p;
}

export async function listGroups(admin: Admin): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const byId = new Map(described.groups.map((g) => [g.groupId, g]));
  const ends: EndsCache = new Map();
  const out = await Promise.all(groups.map(async (g): Promise<GroupSummary> => {
    const d = byId.get(g.groupId);
    const partitions = await groupLag(admin, g.groupId, ends);
    const s: GroupSummary = { groupId: g.groupId, state: d?.state ?? 'Unknown', members: d?.members.length ?? 0, protocolType: g.protocolType, partitions };
    if (partitions.length) s.lag = partitions.reduce((sum, l) => sum + BigInt(l.lag), 0n).toString();
    return s;
  }));
  return out.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

export async function groupLag(admin: Admin, groupId: string, cache: EndsCache = new Map()): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId });
  const out: PartitionLag[] = [];
  for (const t of committed) {
    const ends = await topicEnds(admin, t.topic, cache);
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
