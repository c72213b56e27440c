// Ours, case 2: N templated records through the producer path the form uses: the draft is validated
// by validateDraft (templates parsed there) and sent by ClusterProducer, batch by batch.
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { ClusterProducer } from '../../src/kafka/produce/producer';
import { emptyDraft, validateDraft } from '../../src/kafka/rules/produceValidation';
import { childMain } from './child';
import { benchClient } from './kafkaClient';

export interface ProduceInput {
  bootstrap: string;
  topic: string;
  count: number;
  valueTemplate: string;
  acks: 'all' | 'leader';
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
}

export interface ProduceOutput {
  sent: number;
  /** From the click on Send (validation included) to the last acknowledgement. */
  ms: number;
  recordsPerSecond: number;
}

childMain<ProduceInput, ProduceOutput>(async (i) => {
  const kafka = benchClient(i.bootstrap, 'bench-produce');
  const admin = new ClusterAdmin(kafka, 10_000, i.bootstrap);
  const producer = new ClusterProducer(kafka, admin, 10_000, i.bootstrap);
  const t0 = performance.now();
  const v = validateDraft({ ...emptyDraft(i.topic), value: i.valueTemplate, valueFormat: 'json', count: String(i.count), acks: i.acks, compression: i.compression });
  if (!v.ok) throw new Error(`draft rejected: ${JSON.stringify(v.errors)}`);
  const r = await producer.produce(v.spec);
  const ms = performance.now() - t0;
  await producer.close();
  await admin.close();
  if (r.sent !== i.count) throw new Error(`sent ${r.sent} of ${i.count}`);
  return { sent: r.sent, ms, recordsPerSecond: r.sent / (ms / 1000) };
});
