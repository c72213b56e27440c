// Ours, import case: a JSONL file in the export shape sent through produceFromFile (every line checked,
// then streamed through ClusterProducer.openSink, idempotent, acks=all), the path of Produce from File.
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { produceFromFile } from '../../src/kafka/browse/importFile';
import { ClusterProducer } from '../../src/kafka/produce/producer';
import { childMain } from './child';
import { benchClient } from './kafkaClient';

export interface ImportInput { bootstrap: string; topic: string; file: string; count: number }
export interface ImportOutput { sent: number; ms: number; recordsPerSecond: number }

childMain<ImportInput, ImportOutput>(async (i) => {
  const kafka = benchClient(i.bootstrap, 'bench-import');
  const admin = new ClusterAdmin(kafka, 10_000, i.bootstrap);
  const producer = new ClusterProducer(kafka, admin, 10_000, i.bootstrap);
  const t0 = performance.now();
  const r = await produceFromFile(producer, i.file, { topic: i.topic, kind: 'jsonl', partitions: 'auto' });
  const ms = performance.now() - t0;
  await producer.close();
  await admin.close();
  if (r.errors.length || r.sent !== i.count) throw new Error(`sent ${r.sent} of ${i.count}: ${r.errors[0]?.message ?? ''}`);
  return { sent: r.sent, ms, recordsPerSecond: r.sent / (ms / 1000) };
});
