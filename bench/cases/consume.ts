// Case 1: 1M × 100 B from the beginning to the end, exact count. Ours through the consumer pipeline
// (the Output panel's throttle, and again with every record formatted); peers kcat and the Java
// console consumer, all printing to /dev/null. Runs are interleaved so each ratio compares neighbours.
import { join } from 'node:path';
import { runs, sizes, paths } from '../config';
import { peers } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, fixedRecord, seedWithKcat, writeLines } from '../seed';
import type { ConsumeInput, ConsumeOutput } from '../ours/consume';
import { BenchContext, CaseRow } from './types';

export const CONSUME_TOPIC = 'bench-consume';
export const consumeScript = (): string => join(paths.outBench, 'ours', 'consume.js');
const fmt = (n: number): string => n.toLocaleString('en-US');

/** Writes the seed file (also used by the tunnel case) and produces it once with kcat. */
export async function seedConsumeTopic(ctx: BenchContext): Promise<string> {
  const file = join(ctx.tmp, 'consume-records.txt');
  await writeLines(file, sizes.consumeRecords, (seq) => fixedRecord(seq, sizes.recordBytes));
  await createTopics(ctx.admin, [{ topic: CONSUME_TOPIC, numPartitions: sizes.consumePartitions }]);
  const ms = await seedWithKcat(ctx.admin, ctx.bootstrap, CONSUME_TOPIC, file, sizes.consumeRecords);
  ctx.log(`seeded ${fmt(sizes.consumeRecords)} records into ${CONSUME_TOPIC} with kcat -P in ${(ms / 1000).toFixed(1)} s`);
  return file;
}

export async function consumeCase(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.consumeRecords;
  const input = (throttle: ConsumeInput['throttle']): ConsumeInput => ({ bootstrap: ctx.bootstrap, topic: CONSUME_TOPIC, count: n, throttle });
  const vsKcat: Sample[] = [];
  const vsJava: Sample[] = [];
  const everyLine: Sample[] = [];
  const lag: Sample[] = [];
  const heap: Sample[] = [];
  let retained = 0;
  let shown = 0;
  for (let i = 0; i < runs.slow; i++) {
    const ours = await runOurs<ConsumeOutput>(consumeScript(), input('default'));
    if (ours.records !== n) throw new Error(`our consumer delivered ${ours.records} of ${n}`);
    const [kc, ka] = peers.kcatConsume(ctx.bootstrap, CONSUME_TOPIC, n);
    const kcat = await timeProcess(kc, ka, { discardStdout: true });
    const [jc, ja] = peers.javaConsole(ctx.libs, ctx.bootstrap, CONSUME_TOPIC, n);
    const java = await timeProcess(jc, ja, { discardStdout: true });
    if (!new RegExp(`Processed a total of ${n} messages`).test(java.stderr)) throw new Error(`console consumer: ${java.stderr.slice(-300)}`);
    const all = await runOurs<ConsumeOutput>(consumeScript(), input('everyLine'));
    const rate = (ms: number): number => n / (ms / 1000);
    vsKcat.push({ ours: ours.recordsPerSecond, peer: rate(kcat.ms) });
    vsJava.push({ ours: ours.recordsPerSecond, peer: rate(java.ms) });
    everyLine.push({ ours: all.recordsPerSecond, peer: rate(kcat.ms) });
    lag.push({ ours: Math.max(ours.lagP99Ms, all.lagP99Ms) });
    heap.push({ ours: Math.max(ours.heapPeakGrowthMB, all.heapPeakGrowthMB) });
    retained = Math.max(retained, ours.heapRetainedMB, all.heapRetainedMB);
    shown = ours.shown;
    ctx.log(`consume run ${i + 1}: ours ${fmt(Math.round(ours.recordsPerSecond))}/s (every line ${fmt(Math.round(all.recordsPerSecond))}/s), ` +
      `kcat ${fmt(Math.round(rate(kcat.ms)))}/s, java ${fmt(Math.round(rate(java.ms)))}/s, lag p99 ${ours.lagP99Ms.toFixed(1)} ms (every line ${all.lagP99Ms.toFixed(1)}), ` +
      `heap +${ours.heapPeakGrowthMB.toFixed(1)} MB (every line +${all.heapPeakGrowthMB.toFixed(1)})`);
  }
  const name = `consume ${fmt(n)} × ${sizes.recordBytes} B from the beginning`;
  const profile = { script: consumeScript(), input: input('default') };
  const time = 'throughput = records / wall time (ours: connect → last record, in process; peers: whole process incl. start-up)';
  return [
    { row: rowFromSamples({ name: `${name}, Output-panel throttle`, unit: 'rec/s', peerName: 'kcat -C -e -o beginning -q', higherIsBetter: true,
      goal: { kind: 'ratioAtLeast', min: 0.5, text: '≥ 0.5× kcat' },
      notes: `${sizes.consumePartitions} partitions; the throttle formats ${fmt(shown)} lines and counts the rest exactly (what the Output panel gets); ${time}` }, vsKcat), profile },
    { row: rowFromSamples({ name: `${name}, Output-panel throttle`, unit: 'rec/s', peerName: 'Java ConsoleConsumer --max-messages', higherIsBetter: true,
      notes: 'JVM start-up and group join included in the peer' }, vsJava) },
    { row: rowFromSamples({ name: `${name}, every record formatted`, unit: 'rec/s', peerName: 'kcat -C -e -o beginning -q', higherIsBetter: true,
      goal: { kind: 'ratioAtLeast', min: 0.3, text: '≥ 0.3× kcat' },
      notes: 'throttle caps lifted: every record goes through formatRecord into the sink (the Output mirror the extension keeps), like kcat printing every value' }, everyLine),
      profile: { script: consumeScript(), input: input('everyLine') } },
    { row: rowFromSamples({ name: 'event-loop delay p99 while consuming', unit: 'ms', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 50, text: '< 50 ms' }, notes: 'perf_hooks.monitorEventLoopDelay (10 ms resolution), worse of the two consume modes per run' }, lag), profile },
    { row: rowFromSamples({ name: 'heap growth while consuming (peak)', unit: 'MB', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 64, text: '< 64 MB' },
      notes: `peak heapUsed − heapUsed after GC before the run, worse of the two modes; retained after GC at the end ≤ ${retained.toFixed(1)} MB` }, heap), profile },
  ];
}
