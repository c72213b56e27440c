// Ours, export case: a whole topic to JSONL through exportRange (scanTopic → ExportWriter → file), the
// path of Kafka: Export Messages; heap sampled throughout (the file is streamed, never held).
import { statSync } from 'node:fs';
import { exportRange } from '../../src/kafka/browse/exportRecords';
import { childMain, collect, heapPeak } from './child';
import { benchClient } from './kafkaClient';

export interface ExportInput { bootstrap: string; topic: string; file: string; count: number }
export interface ExportOutput { written: number; bytes: number; ms: number; recordsPerSecond: number; heapPeakGrowthMB: number }

childMain<ExportInput, ExportOutput>(async (i) => {
  const kafka = benchClient(i.bootstrap, 'bench-export');
  collect();
  const base = process.memoryUsage().heapUsed;
  const peak = heapPeak();
  const t0 = performance.now();
  const r = await exportRange(kafka, { topic: i.topic, from: { kind: 'beginning' }, to: { kind: 'end' } }, 'jsonl', i.file, { timeoutMs: 10_000, target: i.bootstrap });
  const ms = performance.now() - t0;
  const top = peak.stop();
  if (!r.complete || r.written !== i.count) throw new Error(`export wrote ${r.written} of ${i.count} (${r.stoppedBy ?? 'complete'})`);
  return { written: r.written, bytes: statSync(i.file).size, ms, recordsPerSecond: r.written / (ms / 1000), heapPeakGrowthMB: (top - base) / 2 ** 20 };
});
