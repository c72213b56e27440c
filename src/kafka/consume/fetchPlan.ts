// Which partitions each Fetch asks for, and what a leader's failure means for them: pure functions, so
// the rules (one request per leader, partitions rotated, why a partition cannot be read) are unit-tested
// without a broker.
import { describeKafkaError, errorText, LEADERSHIP_MOVING } from '../client/errors';
import type { RawPartitionMetadata } from '../client/rawCluster';

export interface FetchPlan {
  /** Partitions to ask each leader for, in the order of the request. */
  byLeader: Map<number, number[]>;
  /** Partitions that have no leader now (leader -1, or absent from the metadata), with the reason. */
  leaderless: Array<{ partition: number; reason: string }>;
}

/**
 * The same list turned by `round` places. A Fetch response is capped (FETCH_MAX_BYTES) and Kafka fills it
 * in the order of the request: always asking in the same order lets a busy first partition fill every
 * response while the ones after it wait. Turning the order each time gives each partition the first place
 * in turn. Our own Fetch (fetchAnswer.ts) sends them in this order (kafkajs's broker.fetch shuffled them,
 * KIP-74); test/integration/consumerFairness.test.ts checks that the rotation alone keeps it fair.
 */
export function rotate<T>(list: readonly T[], round: number): T[] {
  if (list.length < 2) return [...list];
  const k = ((round % list.length) + list.length) % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** Groups `partitions` by their current leader, each group rotated by `round`. */
export function planFetches(meta: readonly RawPartitionMetadata[], partitions: Iterable<number>, round: number): FetchPlan {
  const byLeader = new Map<number, number[]>();
  const leaderless: FetchPlan['leaderless'] = [];
  for (const p of [...partitions].sort((a, b) => a - b)) {
    const m = meta.find((x) => x.partitionId === p);
    if (!m) leaderless.push({ partition: p, reason: 'the cluster does not list it in its metadata right now' });
    else if (m.leader < 0) leaderless.push({ partition: p, reason: noLeaderReason(m) });
    else byLeader.set(m.leader, [...(byLeader.get(m.leader) ?? []), p]);
  }
  for (const [leader, ps] of byLeader) byLeader.set(leader, rotate(ps, round));
  return { byLeader, leaderless };
}

function noLeaderReason(m: RawPartitionMetadata): string {
  const replicas = m.replicas ?? [];
  if (replicas.length === 0) return 'it has no leader';
  return `no leader: its replica${replicas.length === 1 ? ' is on broker' : 's are on brokers'} ${replicas.join(', ')}, not available now`;
}

/** Why a retriable failure of `leader`'s fetch leaves its partitions unread, in a few words. */
export function leaderFailureReason(leader: number, e: unknown): string {
  const text = errorText(e);
  if (LEADERSHIP_MOVING.test(text)) return `leadership is moving away from broker ${leader}`;
  if (/KafkaJSRequestTimeoutError|REQUEST_TIMED_OUT/.test(text)) return `leader broker ${leader} did not answer within the request timeout`;
  if (/KafkaJSBrokerNotFound/.test(text)) return `leader broker ${leader} is not in the cluster's metadata now`;
  const d = describeKafkaError(e);
  const how = d.kind === 'refused' ? 'connection refused' : d.kind === 'closed' ? 'the broker closed the connection'
    : d.kind === 'timeout' ? 'no answer in time' : d.kind === 'dns' ? 'host name not found' : (e as Error)?.message ?? String(e);
  return `leader broker ${leader} not reachable: ${how}`;
}

/** "partition 3" / "partitions 3, 4". */
export function partitionList(ps: readonly number[]): string {
  const sorted = [...ps].sort((a, b) => a - b);
  return `${sorted.length === 1 ? 'partition' : 'partitions'} ${sorted.join(', ')}`;
}
