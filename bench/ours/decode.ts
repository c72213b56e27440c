// Ours, the decode case: consume `count` records from the beginning through the consumer pipeline with
// every record formatted (no throttle), the values decoded through the registry (Avro) or read as the
// plain JSON they are. The same script for both sides, so the ratio is the cost of decoding alone.
import { runConsumerPipeline } from '../../src/kafka/consume/consumerPipeline';
import { UNTHROTTLED } from '../../src/kafka/consume/outputThrottle';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import { childMain } from './child';
import { benchClient } from './kafkaClient';

export interface DecodeInput {
  bootstrap: string;
  topic: string;
  count: number;
  /** Set: values are decoded with this registry (format auto, so Confluent-framed values are decoded). */
  registryUrl?: string;
}

export interface DecodeOutput {
  records: number;
  ms: number;
  recordsPerSecond: number;
  chars: number;
  /** The first record line written, to check that what was measured was decoded. */
  sample: string;
}

childMain<DecodeInput, DecodeOutput>(async (i) => {
  const registry = i.registryUrl ? createRegistryClient({ url: i.registryUrl }, {}, { timeoutMs: 10_000 }) : undefined;
  let sample = '';
  try {
    const r = await runConsumerPipeline({
      kafka: benchClient(i.bootstrap, 'bench-decode'), topic: i.topic, count: i.count, throttle: UNTHROTTLED, registry,
      // The first record line (status lines come first).
      sink: (t) => { if (!sample) sample = /^.*\bp\d+@\d+ .*$/m.exec(t)?.[0].slice(0, 400) ?? ''; },
    });
    return { records: r.records, ms: r.ms, recordsPerSecond: r.recordsPerSecond, chars: r.chars, sample };
  } finally {
    registry?.close();
  }
});
