// Ours, cases 3 and 4, through ClusterAdmin (what the explorer and Describe Topic call):
//   list     connect → all topics (the Topics node's children), cold connection
//   expand   partitions of one topic (metadata + offsets) on the already connected admin, as when a
//            topic node is expanded in a tree that has listed its topics
//   describe connect → describeTopic (partitions, offsets, configs), cold connection
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { childMain } from './child';
import { benchClient } from './kafkaClient';

export interface TopicsInput {
  bootstrap: string;
  op: 'list' | 'expand' | 'describe';
  topic?: string;
}

export interface TopicsOutput {
  ms: number;
  /** Topics listed, partitions expanded, or configs described. */
  items: number;
}

childMain<TopicsInput, TopicsOutput>(async (i) => {
  const admin = new ClusterAdmin(benchClient(i.bootstrap, `bench-${i.op}`), 30_000, i.bootstrap);
  try {
    if (i.op === 'list') {
      const t0 = performance.now();
      const topics = await admin.topics();
      return { ms: performance.now() - t0, items: topics.length };
    }
    const topic = i.topic ?? '';
    if (i.op === 'expand') {
      await admin.topics();
      const t0 = performance.now();
      const parts = await admin.partitions(topic);
      return { ms: performance.now() - t0, items: parts.length };
    }
    const t0 = performance.now();
    const d = await admin.describeTopic(topic);
    if (d.partitions.some((p) => p.latest === undefined)) throw new Error('describe returned partitions without offsets');
    return { ms: performance.now() - t0, items: d.configs.length };
  } finally {
    await admin.close();
  }
});
