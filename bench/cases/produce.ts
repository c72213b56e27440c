// Case 2: 100k templated ~100 B records through the producer path vs kcat -P with the same records
// (the template rendered once into a file), the same acks (all) and the same compression (none).
// Each run writes to fresh topics, so neither side appends to a log the other just grew.
import { join } from 'node:path';
import { REQUEST_BYTES } from '../../src/kafka/produce/leanProducer';
import { MAX_IN_FLIGHT } from '../../src/kafka/produce/produceStream';
import { parseTemplate, renderTemplate } from '../../src/kafka/rules/template';
import { paths, runs, sizes } from '../config';
import { peers } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, recordCount, writeLines } from '../seed';
import type { ProduceInput, ProduceOutput } from '../ours/produce';
import { BenchContext, CaseRow } from './types';

/** 100 B once {{seq}} has 6 digits; a little shorter below that. */
export const VALUE_TEMPLATE = `{"seq":{{seq}},"payload":"${'x'.repeat(sizes.recordBytes - 27)}"}`;

export async function produceCase(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.produceRecords;
  const partitions = sizes.consumePartitions;
  const tpl = parseTemplate(VALUE_TEMPLATE);
  if ('error' in tpl) throw new Error(tpl.error);
  const file = join(ctx.tmp, 'produce-records.txt');
  await writeLines(file, n, (seq) => renderTemplate(tpl, { seq }));
  const count = runs.fast;
  const topics = Array.from({ length: count }, (_, i) => [`bench-produce-ours-${i}`, `bench-produce-kcat-${i}`]);
  await createTopics(ctx.admin, topics.flat().map((topic) => ({ topic, numPartitions: partitions })));
  const samples: Sample[] = [];
  const script = join(paths.outBench, 'ours', 'produce.js');
  const input = (topic: string): ProduceInput => ({ bootstrap: ctx.bootstrap, topic, count: n, valueTemplate: VALUE_TEMPLATE, acks: 'all', compression: 'none' });
  for (let i = 0; i < count; i++) {
    const [oursTopic, kcatTopic] = topics[i];
    const ours = await runOurs<ProduceOutput>(script, input(oursTopic));
    const [c, a] = peers.kcatProduce(ctx.bootstrap, kcatTopic, file, 'all', 'none');
    const kcat = await timeProcess(c, a);
    const landed = await recordCount(ctx.admin, kcatTopic);
    if (landed !== n || (await recordCount(ctx.admin, oursTopic)) !== n) throw new Error(`produce run ${i + 1}: a topic does not hold ${n} records`);
    samples.push({ ours: ours.recordsPerSecond, peer: n / (kcat.ms / 1000) });
    ctx.log(`produce run ${i + 1}: ours ${Math.round(ours.recordsPerSecond)}/s, kcat -P ${Math.round(n / (kcat.ms / 1000))}/s`);
  }
  return [{
    row: rowFromSamples({
      name: `produce ${n.toLocaleString('en-US')} templated ${sizes.recordBytes} B records`, unit: 'rec/s', peerName: 'kcat -P -X acks=all -z none',
      higherIsBetter: true, goal: { kind: 'ratioAtLeast', min: 0.5, text: '≥ 0.5× kcat -P' },
      notes: `acks=all, no compression, ${partitions} partitions, counts verified by end offsets; ours = validateDraft + ClusterProducer.produce (our own Produce requests and RecordBatch v2, idempotent, up to ${MAX_IN_FLIGHT} requests of ${REQUEST_BYTES / 1024} kB in flight), connect included; peer whole process`,
    }, samples),
    profile: { script, input: input(topics[0][0]) },
  }];
}
