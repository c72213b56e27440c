// Broker answers to CreateTopics/DeleteTopics, turned into sentences that say what to change.

interface Typed { type?: string; message?: string; errors?: unknown[]; originalError?: unknown; cause?: unknown }

function types(e: unknown, depth = 0): Array<{ type: string; message: string }> {
  if (!e || typeof e !== 'object' || depth > 5) return [];
  const t = e as Typed;
  const own = t.type ? [{ type: t.type, message: t.message ?? t.type }] : [];
  const nested = [...(t.errors ?? []), t.originalError, t.cause].flatMap((x) => types(x, depth + 1));
  return [...own, ...nested];
}

const TEXT: Record<string, (topic: string, cluster: string) => string> = {
  TOPIC_ALREADY_EXISTS: (t, c) => `Topic "${t}" already exists on ${c}. Pick another name.`,
  INVALID_REPLICATION_FACTOR: (_t, c) => `The replication factor is larger than the number of brokers of ${c}. Lower it.`,
  INVALID_PARTITIONS: () => 'The number of partitions is not valid: it must be at least 1.',
  INVALID_CONFIG: () => 'The broker rejected a topic config value',
  POLICY_VIOLATION: (_t, c) => `The broker's create.topic.policy on ${c} refused this topic`,
  INVALID_TOPIC_EXCEPTION: (t) => `The broker refused the name "${t}"`,
  TOPIC_AUTHORIZATION_FAILED: (t, c) => `Not authorized for topic "${t}" on ${c}: ask for the needed ACL.`,
  CLUSTER_AUTHORIZATION_FAILED: (_t, c) => `Not authorized on ${c}: creating and deleting topics needs cluster or topic ACLs.`,
  TOPIC_DELETION_DISABLED: (t, c) => `${c} forbids deleting topics (delete.topic.enable=false): "${t}" was kept.`,
  UNKNOWN_TOPIC_OR_PARTITION: (t, c) => `Topic "${t}" does not exist on ${c} (maybe already deleted). Refresh the tree.`,
  UNKNOWN_TOPIC_ID: (t, c) => `Topic "${t}" does not exist on ${c} (maybe already deleted). Refresh the tree.`,
};

/** A readable message for a topic operation's failure, or undefined if it is not a broker answer. */
export function topicOperationMessage(e: unknown, topic: string, cluster: string): string | undefined {
  const found = types(e);
  for (const f of found) {
    const text = TEXT[f.type];
    if (text) {
      const base = text(topic, cluster);
      // Some answers carry the broker's own reason (e.g. which config value); keep it when it adds something.
      return base.endsWith('.') ? base : `${base}: ${f.message}`;
    }
  }
  return found[0] ? `The broker refused: ${found[0].message} (${found[0].type})` : undefined;
}
