// The whole consumer path the extension uses — group-less session → formatting → throttle → text
// sink — as one call for benchmarks and tests, with nothing from VS Code in it.
import type { Kafka } from 'kafkajs';
import { ConsumerSession } from './consumerSession';
import { OutputThrottle, ThrottleOptions, ThrottleStats } from './outputThrottle';

export interface PipelineOptions {
  kafka: Kafka;
  topic: string;
  /** Stop after this many records, read from the beginning of every partition. */
  count: number;
  /** Receives the text the Output panel would receive (default: discarded). */
  sink?: (text: string) => void;
  throttle?: Partial<ThrottleOptions>;
  timeoutMs?: number;
}

export interface PipelineResult {
  records: number;
  ms: number;
  recordsPerSecond: number;
  stats: ThrottleStats;
  /** Characters written to the sink. */
  chars: number;
}

/** Consumes `count` records from the beginning through formatting and the output throttle. */
export async function runConsumerPipeline(o: PipelineOptions): Promise<PipelineResult> {
  let chars = 0;
  const sink = o.sink ?? (() => undefined);
  const throttle = new OutputThrottle((t) => { chars += t.length; sink(t); }, o.throttle);
  const t0 = performance.now();
  const session = await ConsumerSession.start(o.kafka, { topic: o.topic, start: { kind: 'beginning' }, maxRecords: o.count },
    { timeoutMs: o.timeoutMs ?? 30_000, target: o.topic }, {
      onRecords: (r) => throttle.push(r),
      onStatus: (line) => throttle.note(line),
    });
  const end = await session.ended;
  throttle.close();
  const ms = performance.now() - t0;
  if (end.kind !== 'limit') throw new Error(`pipeline ended early (${end.kind}${'message' in end ? `: ${end.message}` : ''}) after ${session.consumed} records`);
  return { records: session.consumed, ms, recordsPerSecond: session.consumed / (ms / 1000), stats: { ...throttle.stats }, chars };
}
