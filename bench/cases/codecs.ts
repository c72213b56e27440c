// Consume 1M × 100 B records that kcat produced with each codec (gzip, snappy, lz4, zstd), ours (the
// Output panel's throttle) against kcat, per codec. What it shows: what decompressing whole batches
// costs us next to librdkafka, on the same records as the plain consume case. Runs are interleaved per
// codec, so each ratio compares neighbours.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runs, sizes } from '../config';
import { peers } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, fixedRecord, recordCount, writeLines } from '../seed';
import type { ConsumeInput, ConsumeOutput } from '../ours/consume';
import { consumeScript } from './consume';
import { BenchContext, CaseRow } from './types';

const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
const fmt = (n: number): string => n.toLocaleString('en-US');
const topicOf = (codec: string): string => `bench-codec-${codec}`;

async function seed(ctx: BenchContext): Promise<void> {
  // The consume case's records when it ran first, else the same ones written here.
  const file = join(ctx.tmp, 'consume-records.txt');
  if (!existsSync(file)) await writeLines(file, sizes.consumeRecords, (seq) => fixedRecord(seq, sizes.recordBytes));
  await createTopics(ctx.admin, CODECS.map((c) => ({ topic: topicOf(c), numPartitions: sizes.consumePartitions })));
  for (const codec of CODECS) {
    const [cmd, args] = peers.kcatProduce(ctx.bootstrap, topicOf(codec), file, 'all', codec);
    const r = await timeProcess(cmd, args, { timeoutMs: 600_000 });
    const n = await recordCount(ctx.admin, topicOf(codec));
    if (n !== sizes.consumeRecords) throw new Error(`seeding ${topicOf(codec)}: expected ${sizes.consumeRecords} records, found ${n}`);
    ctx.log(`seeded ${fmt(n)} records into ${topicOf(codec)} with kcat -P -z ${codec} in ${(r.ms / 1000).toFixed(1)} s`);
  }
}

export async function codecsCase(ctx: BenchContext): Promise<CaseRow[]> {
  await seed(ctx);
  const n = sizes.consumeRecords;
  const samples = new Map<string, Sample[]>(CODECS.map((c) => [c, []]));
  const input = (codec: string): ConsumeInput => ({ bootstrap: ctx.bootstrap, topic: topicOf(codec), count: n, throttle: 'default' });
  for (let i = 0; i < runs.slow; i++) {
    for (const codec of CODECS) {
      const ours = await runOurs<ConsumeOutput>(consumeScript(), input(codec));
      if (ours.records !== n) throw new Error(`our consumer delivered ${ours.records} of ${n} (${codec})`);
      const [kc, ka] = peers.kcatConsume(ctx.bootstrap, topicOf(codec), n);
      const kcat = await timeProcess(kc, ka, { discardStdout: true });
      const rate = n / (kcat.ms / 1000);
      samples.get(codec)?.push({ ours: ours.recordsPerSecond, peer: rate });
      ctx.log(`codecs run ${i + 1} ${codec}: ours ${fmt(Math.round(ours.recordsPerSecond))}/s, kcat ${fmt(Math.round(rate))}/s`);
    }
  }
  return CODECS.map((codec) => ({
    row: rowFromSamples({
      name: `consume ${fmt(n)} × ${sizes.recordBytes} B produced with kcat -z ${codec}, Output-panel throttle`, unit: 'rec/s',
      peerName: 'kcat -C -e -o beginning -q', higherIsBetter: true,
      notes: `${sizes.consumePartitions} partitions, the consume case's records; ours decompresses whole batches (${codec === 'gzip' ? "Node's zlib" : codec === 'zstd' ? "Node's zlib zstd where it has it, else fzstd" : codec === 'snappy' ? 'snappyjs' : 'lz4js'})`,
    }, samples.get(codec) ?? []),
    profile: { script: consumeScript(), input: input(codec) },
  }));
}
