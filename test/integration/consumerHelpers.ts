// Shared pieces of the consumer integration tests: a kafkajs client, kcat producing, a session that
// collects what it delivers, and a count of this process's TCP connections to the broker.
import { execFileSync } from 'node:child_process';
import { Kafka } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/client/client';
import { ConsumeOptions } from '../../src/kafka/rules/consumerOptions';
import { SessionSettings } from '../../src/kafka/consume/consumerSession';
import type { ConsumeSession } from '../../src/kafka/consume/groupSession';
import { startConsumerPipeline } from '../../src/kafka/consume/consumerPipeline';
import type { ThrottleOptions } from '../../src/kafka/consume/outputThrottle';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { ConsumedRecord, DEFAULT_FORMAT, FormatOptions } from '../../src/kafka/rules/recordFormat';
import { waitFor } from '../harness/process';

export const client = (bootstrap: string, timeoutMs = 10_000): Kafka =>
  createKafkaClient({ id: 't', name: 't', bootstrapServers: bootstrap.split(',') }, {}, { connectionTimeoutMs: timeoutMs });

export async function createTopic(kafka: Kafka, topic: string, numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsReady(admin, [{ topic, numPartitions }], 30_000);
  } finally {
    await admin.disconnect();
  }
}

/** Produces with kcat: records separated by \x1e, "key:value" when `keyed`. */
export { kcatProduce } from '../harness/kcat';

export interface Collected {
  session: ConsumeSession;
  records: ConsumedRecord[];
  status: string[];
  text: () => string;
  waitForRecords(n: number, timeoutMs?: number): Promise<void>;
  waitForStatus(re: RegExp, timeoutMs?: number): Promise<void>;
}

export const noTimestamp: FormatOptions = { ...DEFAULT_FORMAT, timestamp: false };

/** Starts a consumer through the extension's pipeline, its output going into a string instead of the Output channel. */
export async function collect(kafka: Kafka, options: ConsumeOptions, format: FormatOptions = noTimestamp, timeoutMs = 10_000,
  settings: Partial<SessionSettings> = {}, throttleOptions: Partial<ThrottleOptions> = {}): Promise<Collected> {
  const records: ConsumedRecord[] = [];
  const status: string[] = [];
  let out = '';
  const { session, throttle } = await startConsumerPipeline({
    kafka, options, settings: { timeoutMs, target: 'test cluster', reconnectGiveUpMs: 120_000, ...settings },
    sink: (t) => { out += t; }, throttle: { format, flushIntervalMs: 20, ...throttleOptions },
    onRecords: (r) => { records.push(...r); }, onStatus: (line) => { status.push(line); },
  });
  void session.ended.then(() => throttle.close());
  return {
    session, records, status,
    text: () => { throttle.flush(); return out; },
    waitForRecords: async (n, ms = 20_000) => { await waitFor(`${n} records`, ms, async () => records.length >= n); },
    waitForStatus: async (re, ms = 20_000) => { await waitFor(`a status line matching ${re}`, ms, async () => status.some((s) => re.test(s))); },
  };
}

/** Established TCP connections from this process to `port` (via ss, which sees the real sockets). */
export function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `dport = :${port}`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length;
}

/** The formatted lines only (status lines start with ---). */
export const recordLines = (text: string): string => text.split('\n').filter((l) => !l.startsWith('--- ')).join('\n');
