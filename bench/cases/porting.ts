// Export and import. Export: the 1M × 100 B consume topic to JSONL through exportRange vs
// `kcat -C -e -J -o beginning > file` (kcat's JSON envelope per record, to a file too), plus our heap growth.
// Import: a 100k-line JSONL file in the export shape through produceFromFile vs `kcat -P -l` of the
// values alone (kcat cannot read our shape; it sends the same values, without parsing JSON).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { rowJson, toExportRow } from '../../src/kafka/browse/exportFormat';
import { paths, runs, sizes } from '../config';
import { KCAT, peers } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, fixedRecord, recordCount, writeLines } from '../seed';
import type { ExportInput, ExportOutput } from '../ours/exportRange';
import type { ImportInput, ImportOutput } from '../ours/importFile';
import { CONSUME_TOPIC } from './consume';
import { BenchContext, CaseRow } from './types';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function exportCase(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.consumeRecords;
  const script = join(paths.outBench, 'ours', 'exportRange.js');
  const input: ExportInput = { bootstrap: ctx.bootstrap, topic: CONSUME_TOPIC, file: join(ctx.tmp, 'export-ours.jsonl'), count: n };
  const kcatFile = join(ctx.tmp, 'export-kcat.jsonl');
  const speed: Sample[] = [];
  const heap: Sample[] = [];
  let bytes = 0;
  for (let i = 0; i < runs.slow; i++) {
    const ours = await runOurs<ExportOutput>(script, input);
    bytes = ours.bytes;
    const kcat = await timeProcess('sh', ['-c', `${KCAT} -C -e -J -q -o beginning -b '${ctx.bootstrap}' -t '${CONSUME_TOPIC}' > '${kcatFile}'`]);
    const lines = await timeProcess('sh', ['-c', `wc -l < '${kcatFile}'`]);
    if (Number(lines.stdout.trim()) !== n) throw new Error(`kcat wrote ${lines.stdout.trim()} lines of ${n}`);
    speed.push({ ours: ours.recordsPerSecond, peer: n / (kcat.ms / 1000) });
    heap.push({ ours: ours.heapPeakGrowthMB });
    ctx.log(`export run ${i + 1}: ours ${fmt(ours.recordsPerSecond)}/s (${(ours.bytes / 2 ** 20).toFixed(0)} MB), kcat -J ${fmt(n / (kcat.ms / 1000))}/s, heap +${ours.heapPeakGrowthMB.toFixed(1)} MB`);
    rmSync(input.file, { force: true });
    rmSync(kcatFile, { force: true });
  }
  const name = `export ${n.toLocaleString('en-US')} × ${sizes.recordBytes} B records to JSONL`;
  const profile = { script, input };
  return [
    { row: rowFromSamples({ name, unit: 'rec/s', peerName: 'kcat -C -e -J -o beginning > file', higherIsBetter: true,
      goal: { kind: 'ratioAtLeast', min: 0.5, text: '≥ 0.5× kcat' },
      notes: `${sizes.consumePartitions} partitions; ours = exportRange (scanTopic with backpressure, rows with the original JSON text) to a partial-named file renamed at the end, ${(bytes / 2 ** 20).toFixed(0)} MB; both whole-file, connect included` }, speed), profile },
    { row: rowFromSamples({ name: 'heap growth while exporting (peak)', unit: 'MB', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 64, text: '< 64 MB' }, notes: 'peak heapUsed − heapUsed after GC before the export' }, heap), profile },
  ];
}

export async function importCase(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.produceRecords;
  const partitions = sizes.consumePartitions;
  const valuesFile = join(ctx.tmp, 'import-values.txt');
  const jsonlFile = join(ctx.tmp, 'import-records.jsonl');
  await writeLines(valuesFile, n, (seq) => fixedRecord(seq, sizes.recordBytes));
  await writeLines(jsonlFile, n, (seq) => rowJson(toExportRow('bench', {
    partition: seq % partitions, offset: String(seq), timestamp: '1700000000000', key: null, value: Buffer.from(fixedRecord(seq, sizes.recordBytes)), headers: {},
  })));
  const count = runs.fast;
  const topics = Array.from({ length: count }, (_, i) => [`bench-import-ours-${i}`, `bench-import-kcat-${i}`]);
  await createTopics(ctx.admin, topics.flat().map((topic) => ({ topic, numPartitions: partitions })));
  const script = join(paths.outBench, 'ours', 'importFile.js');
  const input = (topic: string): ImportInput => ({ bootstrap: ctx.bootstrap, topic, file: jsonlFile, count: n });
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const [oursTopic, kcatTopic] = topics[i];
    const ours = await runOurs<ImportOutput>(script, input(oursTopic));
    const [c, a] = peers.kcatProduce(ctx.bootstrap, kcatTopic, valuesFile, 'all', 'none');
    const kcat = await timeProcess(c, a);
    if ((await recordCount(ctx.admin, kcatTopic)) !== n || (await recordCount(ctx.admin, oursTopic)) !== n) throw new Error(`import run ${i + 1}: a topic does not hold ${n} records`);
    samples.push({ ours: ours.recordsPerSecond, peer: n / (kcat.ms / 1000) });
    ctx.log(`import run ${i + 1}: ours ${fmt(ours.recordsPerSecond)}/s, kcat -P -l ${fmt(n / (kcat.ms / 1000))}/s`);
  }
  return [{
    row: rowFromSamples({ name: `produce from a ${n.toLocaleString('en-US')}-line JSONL file`, unit: 'rec/s', peerName: 'kcat -P -l (the values as plain lines)', higherIsBetter: true,
      notes: `acks=all, no compression, ${partitions} partitions, counts verified by end offsets; ours = produceFromFile: every line parsed and checked first, then streamed through ClusterProducer.openSink (our own Produce requests, idempotent, up to 5 requests in flight); ratio recorded, no goal` }, samples),
    profile: { script, input: input(topics[0][0]) },
  }];
}
