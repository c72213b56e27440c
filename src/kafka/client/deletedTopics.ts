// Why this exists: a kafkajs client asks for the metadata of every topic it has looked at (its cluster's
// "target topics") on every metadata refresh, and a refresh that names a topic the broker no longer has
// fails. kafkajs forgets only the topics its own admin deletes (kafkajs#252), so a topic deleted by anyone
// else (kafka-topics.sh --delete, another tool, another window) made every later request of that client
// fail with "This server does not host this topic-partition", whatever topic it was about: the tree, Watch
// Lag and Send all broke until the window was reloaded. The owners of kafkajs's clusters (ClusterAdmin,
// LeanProducer) call this when a request fails that way, and try once more only if a topic was forgotten,
// so a topic that is really missing still gets its own message.
import { UNKNOWN_TOPIC, errorText } from './errors';

/** The part of kafkajs 2.2.4's Cluster this uses: its target topics and a Metadata request for all topics. */
interface TargetTopicsCluster {
  targetTopics?: unknown;
  metadata?(o?: { topics?: string[] }): Promise<{ topics?: Array<{ name?: string }> }>;
}

/** Whether `e` says a topic is unknown (kafkajs's type, possibly wrapped in its retry error). */
export const isUnknownTopic = (e: unknown): boolean => UNKNOWN_TOPIC.test(errorText(e));

/**
 * Removes from the cluster's target topics those the broker no longer has; returns their names (none when
 * kafkajs keeps them differently than 2.2.4 does, or when every one still exists). `cluster` is any kafkajs
 * Cluster (an admin's, a RawCluster): kafkajs exports no type for it, so its members are checked at run time.
 */
export async function forgetDeletedTopics(cluster: object): Promise<string[]> {
  const c = cluster as TargetTopicsCluster;
  const targets = c.targetTopics;
  if (!(targets instanceof Set) || targets.size === 0 || typeof c.metadata !== 'function') return [];
  // No topics named: the broker lists all it has, and no target topic is part of the request.
  const md = await c.metadata({ topics: [] });
  const alive = new Set((md.topics ?? []).map((t) => t.name));
  const gone = [...(targets as Set<string>)].filter((t) => !alive.has(t));
  for (const t of gone) targets.delete(t);
  return gone;
}

/**
 * Runs `attempt`; when it fails because a topic is unknown and `cluster` was still asking for a deleted
 * one, forgets those and runs `again` (by default `attempt`) once.
 */
export async function withoutDeletedTopics<T>(cluster: () => object | undefined, attempt: () => Promise<T>, again: () => Promise<T> = attempt): Promise<T> {
  try {
    return await attempt();
  } catch (e) {
    const c = cluster();
    if (!c || !isUnknownTopic(e)) throw e;
    const gone = await forgetDeletedTopics(c).catch(() => []);
    if (gone.length === 0) throw e;
    return again();
  }
}

/** The cluster object behind each kafkajs Admin (kafkajs keeps it private), for the code that gets only the Admin. */
const adminClusters = new WeakMap<object, object>();

export function noteAdminCluster(admin: object, cluster: object | undefined): void {
  if (cluster) adminClusters.set(admin, cluster);
}

/** Forgets the deleted topics `admin` still asks for; true when there were any (then a retry can succeed). */
export async function recoverAdmin(admin: object): Promise<boolean> {
  const c = adminClusters.get(admin);
  return c ? (await forgetDeletedTopics(c).catch(() => [])).length > 0 : false;
}
