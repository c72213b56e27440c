// DeleteTopics, then a bounded wait until the metadata no longer lists the topics.
// The controller answers DeleteTopics once the deletion is committed; the broker that answers the next
// Metadata request learns of it a moment later. A tree refreshed straight after the command would still
// show the deleted topic (CI saw this on a single broker), so the command returns only once it is gone.
import type { Admin } from 'kafkajs';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Deletes `topics` and waits, within `timeoutMs` in all, until a metadata request no longer lists them.
 * A topic that still shows after that is deleted all the same (the broker said so): no error for that.
 * The wait stops a second before `timeoutMs` so that a caller's own timeout of the same length does not
 * report "no answer" for a deletion the broker confirmed.
 */
export async function deleteTopicsGone(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + Math.max(0, timeoutMs - 1_000);
  await admin.deleteTopics({ topics, timeout: timeoutMs });
  while (Date.now() < deadline) {
    try {
      // Without topics: one Metadata request for all of them, the request the tree's listing makes.
      const md = await admin.fetchTopicMetadata();
      if (!md.topics.some((t) => topics.includes(t.name))) return;
    } catch {
      // No answer this time: ask again until the deadline.
    }
    await sleep(100);
  }
}
