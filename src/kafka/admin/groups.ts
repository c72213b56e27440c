// Consumer groups for the tree: state, member count, and per-partition lag (log end − committed offset).
import type { Admin } from 'kafkajs';
import type { RawCluster } from '../client/rawCluster';
import { isUnknownTopic, recoverAdmin } from '../client/deletedTopics';
import type { CgdGroup } from '../protocol/consumerGroupDescribe';
import type { GroupProtocol, PartitionLag } from '../rules/groupTypes';

export type { PartitionLag } from '../rules/groupTypes';

export interface GroupSummary {
  groupId: string;
  state: string;
  members: number;
  protocolType: string;
  /** classic, or Kafka 4's `consumer` protocol (KIP-848), whose state and members come from ConsumerGroupDescribe. */
  protocol: GroupProtocol;
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
    // A topic deleted since the group committed has no offsets any more: its partitions are left out. But
    // first the admin forgets topics deleted elsewhere, which fail its every request (deletedTopics.ts).
    const read = (): Promise<TopicEnds> => admin.fetchTopicOffsets(topic).then((os) => new Map(os.map((o) => [o.partition, { low: o.low, high: o.high }])));
    p = read()
      .catch(async (e: unknown) => (isUnknownTopic(e) && await recoverAdmin(admin) ? read() : Promise.reject(e)))
      .catch(() => new Map());
    cache.set(topic, p);
  }
  return p;
}

/** Sum of the lag of the partitions the group committed; undefined when it committed none. */
export function totalLag(parts: readonly PartitionLag[]): string | undefined {
  const committed = parts.filter((l) => l.committed !== undefined);
  return committed.length ? committed.reduce((sum, l) => sum + BigInt(l.lag), 0n).toString() : undefined;
}

/** Describes groups with ConsumerGroupDescribe (see groupDescribe.ts), injected to keep this module's imports light. */
export type DescribeConsumerGroups = (raw: RawCluster, ids: readonly string[]) => Promise<Map<string, CgdGroup> | 'unsupported'>;

/**
 * Kafka 4 lists groups of the `consumer` protocol with protocol type "consumer", like classic consumer
 * groups, but DescribeGroups calls them Dead with no members: those are asked with ConsumerGroupDescribe.
 * A broker without it (or a failure there) leaves DescribeGroups' answer: the listing must not fail for it.
 */
async function consumerProtocolGroups(ids: string[], raw: (() => Promise<RawCluster>) | undefined, describe: DescribeConsumerGroups | undefined): Promise<Map<string, CgdGroup>> {
  if (!raw || !describe || ids.length === 0) return new Map();
  const answer = await raw().then((c) => describe(c, ids)).catch(() => 'unsupported' as const);
  if (answer === 'unsupported') return new Map();
  return new Map([...answer].filter(([, g]) => g.errorCode === 0));
}

export async function listGroups(admin: Admin, raw?: () => Promise<RawCluster>, describe?: DescribeConsumerGroups): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const [described, cgd] = await Promise.all([
    admin.describeGroups(groups.map((g) => g.groupId)),
    consumerProtocolGroups(groups.filter((g) => g.protocolType === 'consumer').map((g) => g.groupId), raw, describe),
  ]);
  const byId = new Map(described.groups.map((g) => [g.groupId, g]));
  const ends: EndsCache = new Map();
  const out = await Promise.all(groups.map(async (g): Promise<GroupSummary> => {
    const d = byId.get(g.groupId);
    const c = cgd.get(g.groupId);
    const partitions = await groupLag(admin, g.groupId, ends);
    const s: GroupSummary = c
      ? { groupId: g.groupId, state: c.groupState, members: c.members.length, protocolType: g.protocolType, protocol: 'consumer', partitions }
      : { groupId: g.groupId, state: d?.state ?? 'Unknown', members: d?.members.length ?? 0, protocolType: g.protocolType, protocol: 'classic', partitions };
    const lag = totalLag(partitions);
    if (lag !== undefined) s.lag = lag;
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
