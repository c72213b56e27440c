// One consumer group in full: state, protocol, coordinator, members with their assignments, and lag per
// partition. Classic groups come from DescribeGroups (kafkajs); groups of Kafka 4's `consumer` protocol
// (KIP-848) from ConsumerGroupDescribe (API 69), which DescribeGroups reports as "Dead" with no members.
import type { Admin } from 'kafkajs';
import { groupCoordinator, pickVersion, sendRawRequest } from '../client/rawRequest';
import type { RawCluster } from '../client/rawCluster';
import { kafkajs } from '../client/vendor';
import { CgdGroup, CONSUMER_GROUP_DESCRIBE, decodeConsumerGroupDescribe, encodeConsumerGroupDescribe } from '../protocol/consumerGroupDescribe';
import type { GroupDetail, GroupMember, PartitionLag } from '../rules/groupTypes';
import { groupLag, totalLag } from './groups';

/** Kafka error codes the group operations meet, by name (Kafka's org.apache.kafka.common.protocol.Errors). */
export const KAFKA_ERRORS: Record<number, string> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION', 35: 'UNSUPPORTED_VERSION', 14: 'COORDINATOR_LOAD_IN_PROGRESS', 15: 'COORDINATOR_NOT_AVAILABLE', 16: 'NOT_COORDINATOR',
  24: 'INVALID_GROUP_ID', 25: 'UNKNOWN_MEMBER_ID', 29: 'TOPIC_AUTHORIZATION_FAILED', 30: 'GROUP_AUTHORIZATION_FAILED',
  42: 'INVALID_REQUEST', 68: 'NON_EMPTY_GROUP', 69: 'GROUP_ID_NOT_FOUND', 86: 'GROUP_SUBSCRIBED_TO_TOPIC',
};
export const errorName = (code: number): string => KAFKA_ERRORS[code] ?? `error code ${code}`;

export const GROUP_ID_NOT_FOUND = 69;
const UNSUPPORTED_VERSION = 35;

/** What ConsumerGroupDescribe said about some groups, or 'unsupported' when the coordinator lacks API 69 (or refuses it). */
export type CgdAnswer = Map<string, CgdGroup> | 'unsupported';

/**
 * ConsumerGroupDescribe for each group, sent to the group's coordinator (groups sharing one are asked in
 * one request). A group of the classic protocol answers GROUP_ID_NOT_FOUND: the caller describes it classically.
 */
export async function consumerGroupDescribe(raw: RawCluster, groupIds: readonly string[]): Promise<CgdAnswer> {
  const byBroker = new Map<unknown, string[]>();
  for (const id of groupIds) {
    const b = await groupCoordinator(raw, id);
    byBroker.set(b, [...(byBroker.get(b) ?? []), id]);
  }
  const out = new Map<string, CgdGroup>();
  for (const [broker, ids] of byBroker) {
    const { apiKey, apiName, minVersion, maxVersion } = CONSUMER_GROUP_DESCRIBE;
    const version = pickVersion(broker, apiKey, minVersion, maxVersion);
    if (version === undefined) return 'unsupported';
    const res = await sendRawRequest(broker, {
      apiKey, apiName, apiVersion: version, flexible: true,
      body: encodeConsumerGroupDescribe(ids), decode: (b) => decodeConsumerGroupDescribe(b, version),
    });
    // Kafka 3.9 announces API 69 but answers UNSUPPORTED_VERSION unless its new group coordinator is on.
    if (res.groups.some((g) => g.errorCode === UNSUPPORTED_VERSION)) return 'unsupported';
    for (const g of res.groups) out.set(g.groupId, g);
  }
  return out;
}

/** The coordinator's address as FindCoordinator gave it. */
export async function coordinatorOf(raw: RawCluster, groupId: string): Promise<GroupDetail['coordinator']> {
  const c = raw as unknown as { findGroupCoordinatorMetadata?(q: { groupId: string }): Promise<{ coordinator: { nodeId: number; host: string; port: number } }> };
  if (typeof c.findGroupCoordinatorMetadata !== 'function') return undefined;
  const { coordinator } = await c.findGroupCoordinatorMetadata({ groupId });
  return { nodeId: coordinator.nodeId, host: coordinator.host, port: coordinator.port };
}

const byTopic = (a: { topic: string }, b: { topic: string }): number => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);

export function membersFromCgd(g: CgdGroup): GroupMember[] {
  return g.members.map((m) => {
    const member: GroupMember = {
      memberId: m.memberId, clientId: m.clientId, host: m.clientHost,
      assignment: m.assignment.map((t) => ({ topic: t.topicName, partitions: [...t.partitions].sort((x, y) => x - y) })).sort(byTopic),
    };
    if (m.instanceId !== null) member.instanceId = m.instanceId;
    return member;
  }).sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

interface ClassicDescription { state: string; protocolType: string; protocol: string; members: GroupMember[] }

async function describeClassic(admin: Admin, groupId: string): Promise<ClassicDescription> {
  const { groups } = await admin.describeGroups([groupId]);
  const d = groups[0];
  if (!d) return { state: 'Dead', protocolType: '', protocol: '', members: [] };
  const members = d.members.map((m): GroupMember => {
    let assignment: GroupMember['assignment'] = [];
    try {
      // Consumer groups carry Kafka's ConsumerProtocol assignment; other protocol types (connect …) do not.
      const a = d.protocolType === 'consumer' && m.memberAssignment.length ? kafkajs().AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
      if (a) assignment = Object.entries(a.assignment).map(([topic, ps]) => ({ topic, partitions: [...ps].sort((x, y) => x - y) })).sort(byTopic);
    } catch {
      assignment = [];
    }
    const out: GroupMember = { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment };
    const instanceId = (m as { groupInstanceId?: string | null }).groupInstanceId;
    if (instanceId) out.instanceId = instanceId;
    return out;
  });
  return { state: d.state, protocolType: d.protocolType, protocol: d.protocol, members };
}

/** Adds the partitions members are assigned but the group has not committed, so the table shows all it reads. */
async function withAssigned(admin: Admin, committed: PartitionLag[], members: GroupMember[]): Promise<PartitionLag[]> {
  const have = new Set(committed.map((l) => `${l.topic}\u0000${l.partition}`));
  const out = [...committed];
  const missing = new Map<string, number[]>();
  for (const m of members) for (const a of m.assignment) for (const p of a.partitions) {
    if (!have.has(`${a.topic}\u0000${p}`)) missing.set(a.topic, [...(missing.get(a.topic) ?? []), p]);
  }
  for (const [topic, ps] of missing) {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    for (const p of ps) {
      const o = offsets.find((x) => x.partition === p);
      if (!o) continue;
      const lag = BigInt(o.high) - BigInt(o.low);
      out.push({ topic, partition: p, end: o.high, lag: (lag < 0n ? 0n : lag).toString() });
    }
  }
  return out.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

/** A group the coordinator does not know: no members and no committed offsets. */
export class GroupNotFoundError extends Error {
  constructor(readonly groupId: string, readonly target: string, hint = 'Check the group id (the tree lists the cluster\'s groups).') {
    super(`Consumer group "${groupId}" does not exist on ${target}: it has no members and no committed offsets. ${hint}`);
    this.name = 'GroupNotFoundError';
  }
}

/** The full description; an unknown group is an Error saying so. */
export async function describeGroup(admin: Admin, raw: RawCluster, groupId: string, target: string): Promise<GroupDetail> {
  const [listed, cgd, coordinator] = await Promise.all([
    admin.listGroups().then((r) => r.groups.find((g) => g.groupId === groupId)),
    consumerGroupDescribe(raw, [groupId]),
    coordinatorOf(raw, groupId).catch(() => undefined),
  ]);
  const c = cgd === 'unsupported' ? undefined : cgd.get(groupId);
  if (c && c.errorCode !== 0 && c.errorCode !== GROUP_ID_NOT_FOUND) {
    throw new Error(`Could not describe consumer group "${groupId}" on ${target}: ${errorName(c.errorCode)}${c.errorMessage ? ` (${c.errorMessage})` : ''}.`);
  }
  let detail: GroupDetail;
  if (c && c.errorCode === 0) {
    const members = membersFromCgd(c);
    detail = { groupId, state: c.groupState, protocol: 'consumer', protocolType: listed?.protocolType ?? 'consumer', assignor: c.assignorName || undefined, members, partitions: [] };
  } else {
    const d = await describeClassic(admin, groupId);
    detail = { groupId, state: d.state, protocol: 'classic', protocolType: listed?.protocolType ?? d.protocolType, assignor: d.protocol || undefined, members: d.members, partitions: [] };
  }
  if (coordinator) detail.coordinator = coordinator;
  const committed = await groupLag(admin, groupId);
  if (!listed && detail.state === 'Dead' && detail.members.length === 0 && committed.length === 0) throw new GroupNotFoundError(groupId, target);
  detail.partitions = await withAssigned(admin, committed, detail.members);
  const lag = totalLag(detail.partitions);
  if (lag !== undefined) detail.lag = lag;
  if (cgd === 'unsupported') {
    detail.note = `${target} does not support ConsumerGroupDescribe (API 69, the consumer protocol of Kafka 4 / KIP-848): described with ListGroups, DescribeGroups and OffsetFetch, which see classic groups only.`;
  }
  if (!detail.assignor) delete detail.assignor;
  return detail;
}
