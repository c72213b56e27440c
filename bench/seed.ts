// Setup that is not measured: topics, and records written by kcat (the fastest producer at hand).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Admin } from 'kafkajs';
import { createTopicsReady } from '../src/kafka/admin/topicCreation';
import { peers } from './peers';
import { timeProcess } from './proc';

/** Exactly `bytes` bytes of JSON: the id is zero-padded so every record has the same size. */
export function fixedRecord(seq: number, bytes: number): string {
  const head = `{"id":"${String(seq).padStart(10, '0')}","payload":"`;
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
}

/** Writes `count` lines made by `line(seq)` (seq from 1) to `file`, with backpressure. */
export async function writeLines(file: string, count: number, line: (seq: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let chunk: string[] = [];
  for (let seq = 1; seq <= count; seq++) {
    chunk.push(line(seq));
    if (chunk.length === 10_000 || seq === count) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Creates `topics`. A few go through createTopicsReady (the extension's own wait until leaders answer
 * ListOffsets); for thousands, batches are sent without waiting and the names are polled until every
 * one is listed (bounded): waiting for 10,000 topics' leaders is not what the list case measures.
 */
export async function createTopics(admin: Admin, topics: Array<{ topic: string; numPartitions: number }>, batch = 500): Promise<void> {
  const specs = topics.map((t) => ({ ...t, replicationFactor: 1 }));
  if (topics.length <= batch) {
    await createTopicsReady(admin, specs, 120_000);
    return;
  }
  for (let i = 0; i < specs.length; i += batch) {
    await admin.createTopics({ topics: specs.slice(i, i + batch), waitForLeaders: false, timeout: 120_000 });
  }
  const deadline = Date.now() + 180_000;
  for (;;) {
    const listed = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !listed.has(t.topic)).length;
    if (missing === 0) return;
    if (Date.now() > deadline) throw new Error(`${missing} of ${topics.length} created topics still not listed after 180 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sum of end offsets over all partitions: the exact record count of a topic that never had deletions. */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offs = await admin.fetchTopicOffsets(topic);
  return offs.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
}

/** Produces the lines of `file` to `topic` with kcat and checks the count landed. */
export async function seedWithKcat(admin: Admin, bootstrap: string, topic: string, file: string, expect: number, wrap: string[] = []): Promise<number> {
  const [cmd, args] = peers.kcatProduce(bootstrap, topic, file, 'all', 'none');
  const full = [...wrap, cmd, ...args];
  const r = await timeProcess(full[0], full.slice(1), { timeoutMs: 600_000 });
  const n = await recordCount(admin, topic);
  if (n !== expect) throw new Error(`seeding ${topic}: expected ${expect} records, found ${n}`);
  return r.ms;
}
