// The consumer path — session (group-less, or a group member when asked) → formatting → output throttle →
// text sink — wired in one place. The extension (src/consumer/), the tests and the benchmark all start a consumer through
// startConsumerPipeline, so what they measure and check is what a person gets; nothing from VS Code here.
import type { Kafka } from 'kafkajs';
import { checkGroupOptions, ConsumeOptions, parseGroupId } from '../rules/consumerOptions';
import type { ConsumedRecord } from '../rules/recordFormat';
import type { RegistryClient } from '../registry/types';
import type { DataFormat } from '../serde/types';
import { createDecoding, decodingProblem } from './recordDecoding';
import { describeDataFormat } from './dataFormat';
import { ConsumerSession, ConsumerStartError, SessionListener, SessionSettings } from './consumerSession';
import { ConsumeSession, GroupSession } from './groupSession';
import { OutputThrottle, ThrottleOptions, ThrottleStats } from './outputThrottle';

export interface ConsumerPipelineOptions {
  kafka: Kafka;
  options: ConsumeOptions;
  settings: SessionSettings;
  /** Receives the text the Output panel shows. */
  sink: (text: string) => void;
  throttle?: Partial<ThrottleOptions>;
  /** Also sees every record delivered, before the throttle (tests count them by offset). */
  onRecords?: (records: ConsumedRecord[]) => void;
  /** Also sees every status line. */
  onStatus?: (line: string) => void;
  /** How keys and values are decoded (default: auto for both). */
  formats?: { key: DataFormat; value: DataFormat };
  /** The cluster's Schema Registry, when it has one. */
  registry?: RegistryClient;
}

export interface ConsumerPipeline {
  session: ConsumeSession;
  /** Write the final lines through it, then close() it, once `session.ended` resolves. */
  throttle: OutputThrottle;
}

/**
 * Starts a consumer whose records and status lines go through the throttle to `sink`. When it cannot
 * start, the reason is written to the sink too, and the ConsumerStartError is rethrown.
 */
export async function startConsumerPipeline(o: ConsumerPipelineOptions): Promise<ConsumerPipeline> {
  const throttle = new OutputThrottle(o.sink, o.throttle);
  try {
    const formats = o.formats ?? { key: { kind: 'auto' }, value: { kind: 'auto' } };
    const problem = decodingProblem({ ...formats, registry: o.registry });
    if (problem) throw new ConsumerStartError(`Could not start consuming "${o.options.topic}": ${problem}.`);
    // Shown only through the throttle's formatRecordInto: Avro values may be written from their bytes.
    const decoding = createDecoding({ ...formats, registry: o.registry, timeoutMs: o.settings.timeoutMs, log: (m) => throttle.note(m), direct: true });
    if (formats.key.kind !== 'auto' || formats.value.kind !== 'auto' || o.registry) {
      throttle.note(`Keys read as ${describeDataFormat(formats.key)}, values as ${describeDataFormat(formats.value)}${o.registry ? ' (with the cluster\'s Schema Registry)' : ''}.`);
    }
    const listener: SessionListener = {
      // Without decoding the records go straight through, as they always did. With it, the batch's schemas are
      // fetched first (bounded); the session waits for that, so records stay in order and nothing piles up.
      onRecords: decoding
        ? async (r) => {
          o.onRecords?.(r);
          await decoding.prepare(r);
          throttle.push(r, (x) => decoding.decode(x));
        }
        : (r) => { o.onRecords?.(r); throttle.push(r); },
      onStatus: (line) => { o.onStatus?.(line); throttle.note(line); },
    };
    const { group } = o.options;
    let session: ConsumeSession;
    if (group === undefined) {
      session = await ConsumerSession.start(o.kafka, o.options, o.settings, listener);
    } else {
      const id = parseGroupId(group);
      const wrong = 'error' in id ? id.error : checkGroupOptions(o.options);
      if (wrong || 'error' in id) throw new ConsumerStartError(`Could not start consuming "${o.options.topic}": ${wrong}.`);
      session = await GroupSession.start(o.kafka, { ...o.options, group: id.value }, o.settings, listener);
    }
    return { session, throttle };
  } catch (e) {
    throttle.note((e as Error).message);
    throttle.close();
    throw e;
  }
}

export interface PipelineOptions {
  kafka: Kafka;
  topic: string;
  /** Stop after this many records, read from the beginning of every partition. */
  count: number;
  /** Receives the text the Output panel would receive (default: discarded). */
  sink?: (text: string) => void;
  throttle?: Partial<ThrottleOptions>;
  timeoutMs?: number;
  formats?: { key: DataFormat; value: DataFormat };
  registry?: RegistryClient;
}

export interface PipelineResult {
  records: number;
  ms: number;
  recordsPerSecond: number;
  stats: ThrottleStats;
  /** Characters written to the sink. */
  chars: number;
}

/** Consumes `count` records from the beginning through the pipeline, and measures it (benchmarks, tests). */
export async function runConsumerPipeline(o: PipelineOptions): Promise<PipelineResult> {
  let chars = 0;
  const sink = o.sink ?? (() => undefined);
  const t0 = performance.now();
  const { session, throttle } = await startConsumerPipeline({
    kafka: o.kafka,
    options: { topic: o.topic, start: { kind: 'beginning' }, maxRecords: o.count },
    settings: { timeoutMs: o.timeoutMs ?? 30_000, target: o.topic },
    sink: (t) => { chars += t.length; sink(t); },
    throttle: o.throttle,
    formats: o.formats,
    registry: o.registry,
  });
  const end = await session.ended;
  throttle.close();
  const ms = performance.now() - t0;
  if (end.kind !== 'limit') throw new Error(`pipeline ended early (${end.kind}${'message' in end ? `: ${end.message}` : ''}) after ${session.consumed} records`);
  return { records: session.consumed, ms, recordsPerSecond: session.consumed / (ms / 1000), stats: { ...throttle.stats }, chars };
}
