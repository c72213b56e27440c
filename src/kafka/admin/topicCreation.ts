// CreateTopics, then a bounded wait until every partition has a leader that answers ListOffsets.
// kafkajs's own waitForLeaders asks for metadata right away and gives up on UNKNOWN_TOPIC_OR_PARTITION, which a broker that has not
// yet heard of the new topic answers (common on 3-broker clusters and on Kafka 3.x): the topic exists,
// yet the caller would see "This server does not host this topic-partition".
import type { Admin, ITopicConfig } from 'kafkajs';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Creates `topics` and waits up to `timeoutMs` for their leaders. Returns kafkajs's answer: false when
 * every topic already existed. A topic whose leaders take longer is still created: no error for that.
 */
export async function createTopicsReady(admin: Admin, topics: ITopicConfig[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const created = await admin.createTopics({ topics, waitForLeaders: false, timeout: timeoutMs });
  const names = topics.map((t) => t.topic);
  while (Date.now() < deadline) {
    try {
      const md = await admin.fetchTopicMetadata({ topics: names });
      const led = md.topics.length === names.length && md.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      // A leader in the metadata is not yet a leader that answers: ListOffsets (what the tree asks when a
      // topic is expanded) can still meet NOT_LEADER_OR_FOLLOWER for a moment after creation.
      if (led && (await Promise.all(names.map((n) => admin.fetchTopicOffsets(n).then(() => true, () => false)))).every(Boolean)) break;
    } catch {
      // Metadata not spread yet: ask again.
    }
    await sleep(200);
  }
  return created;
}
