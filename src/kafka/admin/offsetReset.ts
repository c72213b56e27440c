// Resetting a consumer group's committed offsets, computed as Kafka's ConsumerGroupCommand does
// (kafka-consumer-groups.sh --reset-offsets): the plan is what its --dry-run prints, Apply is one
// OffsetCommit for every partition of the plan (generation −1, no member id: an admin commit), so a
// reset is applied whole or not at all. Only an inactive group (no members) is reset, as Kafka requires.
import type { Admin } from 'kafkajs';
import { groupCoordinator } from '../client/rawRequest';
import type { RawCluster } from '../client/rawCluster';
import type { GroupDetail, ResetKind, ResetPlan, ResetRow, ResetScope } from '../rules/groupTypes';
import { describeGroup, GroupNotFoundError } from './groupDescribe';

/** The states in which Kafka lets a group's offsets be reset or the group be deleted. */
export const INACTIVE_STATES = new Set(['Empty', 'Dead']);

export const memberList = (d: GroupDetail): string => d.members.map((m) => `${m.clientId} @ ${m.host}`).join(', ');

/** Throws unless the group is inactive; the message names its members. */
export function assertInactive(d: GroupDetail, target: string, what: string): void {
  if (d.members.length === 0 && INACTIVE_STATES.has(d.state)) return;
  const n = d.members.length;
  const who = n ? `${n} active member${n === 1 ? '' : 's'}: ${memberList(d)}` : 'no members yet, but it is rebalancing';
  throw new Error(`Consumer group "${d.groupId}" on ${target} is ${d.state} with ${who}. Kafka ${what} only while the group is inactive (Empty): stop its consumers, then try again.`);
}

type Offsets = Map<number, { low: bigint; high: bigint }>;

async function topicOffsets(admin: Admin, topic: string, target: string): Promise<Offsets> {
  try {
    const os = await admin.fetchTopicOffsets(topic);
    return new Map(os.map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }]));
  } catch (e) {
    throw new Error(`Topic "${topic}" does not exist on ${target} (or its offsets could not be read: ${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** The partitions in scope, as Kafka picks them: --all-topics = what the group committed; --topic T[:p,…]. */
async function partitionsInScope(admin: Admin, d: GroupDetail, scope: ResetScope, target: string): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (!scope.topic) {
    for (const l of d.partitions) if (l.committed !== undefined) out.set(l.topic, [...(out.get(l.topic) ?? []), l.partition]);
    return out;
  }
  const offsets = await topicOffsets(admin, scope.topic, target);
  const all = [...offsets.keys()].sort((a, b) => a - b);
  if (scope.partitions?.length) {
    const bad = scope.partitions.filter((p) => !offsets.has(p));
    if (bad.length) throw new Error(`Topic "${scope.topic}" on ${target} has partitions 0–${all.length - 1}; there is no partition ${bad.join(', ')}.`);
    out.set(scope.topic, [...new Set(scope.partitions)].sort((a, b) => a - b));
  } else out.set(scope.topic, all);
  return out;
}

function clampNote(asked: bigint, low: bigint, high: bigint, why: string): { target: bigint; note?: string } {
  if (asked > high) return { target: high, note: `${why} ${asked} is beyond the end of the partition (${high}): set to the end, as Kafka does.` };
  if (asked < low) return { target: low, note: `${why} ${asked} is below the earliest offset (${low}): set to the earliest, as Kafka does.` };
  return { target: asked };
}

export async function planOffsetReset(admin: Admin, raw: RawCluster, scope: ResetScope, kind: ResetKind, target: string): Promise<ResetPlan> {
  let d: GroupDetail;
  try {
    d = await describeGroup(admin, raw, scope.groupId, target);
  } catch (e) {
    if (e instanceof GroupNotFoundError) {
      throw new GroupNotFoundError(scope.groupId, target, 'Kafka\'s kafka-consumer-groups --reset-offsets would create the group with these offsets; Kafka Dev resets existing groups only, so a typo cannot create one. Check the group id, or run a consumer with it once.');
    }
    throw e;
  }
  assertInactive(d, target, 'resets offsets');
  const committed = new Map(d.partitions.filter((l) => l.committed !== undefined).map((l) => [`${l.topic}\u0000${l.partition}`, BigInt(l.committed as string)]));
  const rows: ResetRow[] = [];
  const scoped = await partitionsInScope(admin, d, scope, target);
  for (const topic of [...scoped.keys()].sort()) {
    const offsets = await topicOffsets(admin, topic, target);
    const byTime = kind.kind === 'timestamp'
      ? new Map((await admin.fetchTopicOffsetsByTimestamp(topic, kind.ms)).map((o) => [o.partition, BigInt(o.offset)]))
      : undefined;
    for (const partition of scoped.get(topic) ?? []) {
      const o = offsets.get(partition);
      if (!o) continue;
      const current = committed.get(`${topic}\u0000${partition}`);
      let t: { target: bigint; note?: string };
      switch (kind.kind) {
        case 'earliest': t = { target: o.low }; break;
        case 'latest': t = { target: o.high }; break;
        case 'offset': t = clampNote(BigInt(kind.offset), o.low, o.high, 'Offset'); break;
        case 'shift': {
          if (current === undefined) {
            throw new Error(`Cannot shift ${topic} partition ${partition}: group "${scope.groupId}" has no committed offset there, and a shift is relative to one (Kafka's kafka-consumer-groups refuses the same way). Reset it to earliest, latest, a time or an offset, or leave it out of the scope.`);
          }
          t = clampNote(current + BigInt(kind.by), o.low, o.high, `${current} ${kind.by.startsWith('-') ? '−' : '+'} ${kind.by.replace(/^[+-]/, '')} =`);
          break;
        }
        case 'timestamp': {
          // kafkajs already puts the log end where Kafka found no record at or after the time (as Kafka does).
          const at = byTime?.get(partition) ?? o.high;
          const when = new Date(kind.ms).toISOString();
          t = { target: at };
          if (at === o.high && o.low < o.high) t.note = `No record at or after ${when}: set to the end of the partition (${o.high}), as Kafka does.`;
          else if (o.low === o.high) t.note = `The partition holds no records: set to its end (${o.high}), as Kafka does.`;
          else if (at === o.low) t.note = `Every record still in the partition is at or after ${when}: set to the earliest offset (${o.low}).`;
          break;
        }
      }
      const row: ResetRow = {
        topic, partition, target: t.target.toString(), end: o.high.toString(),
        lagBefore: current === undefined ? '-' : (o.high - current < 0n ? 0n : o.high - current).toString(),
        lagAfter: (o.high - t.target).toString(),
      };
      if (current !== undefined) row.current = current.toString();
      if (t.note) row.note = t.note;
      rows.push(row);
    }
  }
  return { scope, kind, rows };
}

interface CommitBroker {
  offsetCommit(req: { groupId: string; groupGenerationId: number; memberId: string; topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> }): Promise<unknown>;
}

export async function applyOffsetReset(admin: Admin, raw: RawCluster, plan: ResetPlan, target: string): Promise<void> {
  const groupId = plan.scope.groupId;
  if (plan.rows.length === 0) throw new Error(`The reset of group "${groupId}" has no partitions: nothing to apply. Pick a scope where the group has committed offsets, or a topic.`);
  // Members may have joined since the preview: Kafka would refuse the commit, but say who it is.
  assertInactive(await describeGroup(admin, raw, groupId, target), target, 'resets offsets');
  const topics = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const r of plan.rows) topics.set(r.topic, [...(topics.get(r.topic) ?? []), { partition: r.partition, offset: r.target }]);
  const broker = (await groupCoordinator(raw, groupId)) as CommitBroker;
  try {
    await broker.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) });
  } catch (e) {
    const type = (e as { type?: string }).type;
    const why = e instanceof Error ? e.message : String(e);
    if (type === 'UNKNOWN_MEMBER_ID' || type === 'ILLEGAL_GENERATION' || type === 'REBALANCE_IN_PROGRESS' || type === 'STALE_MEMBER_EPOCH') {
      throw new Error(`Kafka refused the reset of group "${groupId}" on ${target} (${type}): a consumer joined the group meanwhile. Nothing was committed; stop its consumers and try again.`);
    }
    throw new Error(`Kafka refused the reset of group "${groupId}" on ${target}: ${why}${type ? ` (${type})` : ''}. The offsets were sent in one OffsetCommit; check the group's offsets before retrying.`);
  }
}
