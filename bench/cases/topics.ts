// Cases 3 and 4 on the bench broker: expanding and describing a 100-partition topic (run first, while
// the broker is small), then listing 10,000 topics (created here, in batches, and timed as setup).
import { join } from 'node:path';
import { paths, runs, sizes } from '../config';
import { peers } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, fixedRecord, seedWithKcat, writeLines } from '../seed';
import type { TopicsInput, TopicsOutput } from '../ours/topics';
import { BenchContext, CaseRow } from './types';

const WIDE_TOPIC = 'bench-wide';
const script = (): string => join(paths.outBench, 'ours', 'topics.js');

export async function describeCases(ctx: BenchContext): Promise<CaseRow[]> {
  const parts = sizes.expandPartitions;
  await createTopics(ctx.admin, [{ topic: WIDE_TOPIC, numPartitions: parts }]);
  // A few records per partition so offsets are not all zero.
  const file = join(ctx.tmp, 'wide-records.txt');
  await writeLines(file, parts * 10, (seq) => fixedRecord(seq, sizes.recordBytes));
  await seedWithKcat(ctx.admin, ctx.bootstrap, WIDE_TOPIC, file, parts * 10);
  const input = (op: TopicsInput['op']): TopicsInput => ({ bootstrap: ctx.bootstrap, op, topic: WIDE_TOPIC });
  const expand: Sample[] = [];
  const describe: Sample[] = [];
  for (let i = 0; i < runs.fast; i++) {
    const e = await runOurs<TopicsOutput>(script(), input('expand'));
    if (e.items !== parts) throw new Error(`expand listed ${e.items} partitions`);
    const [kc, ka] = peers.kcatList(ctx.bootstrap, WIDE_TOPIC);
    const k = await timeProcess(kc, ka, { discardStdout: true });
    const d = await runOurs<TopicsOutput>(script(), input('describe'));
    const [jc, ja] = peers.topicCommandDescribe(ctx.libs, ctx.bootstrap, WIDE_TOPIC);
    const j = await timeProcess(jc, ja, { discardStdout: true });
    expand.push({ ours: e.ms, peer: k.ms });
    describe.push({ ours: d.ms, peer: j.ms });
    ctx.log(`expand/describe run ${i + 1}: expand ${e.ms.toFixed(1)} ms (kcat -L -t ${k.ms.toFixed(0)} ms), describe ${d.ms.toFixed(1)} ms (TopicCommand ${j.ms.toFixed(0)} ms)`);
  }
  return [
    { row: rowFromSamples({ name: `expand a topic with ${parts} partitions (metadata + offsets)`, unit: 'ms', peerName: 'kcat -L -t (metadata only)', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 100, text: '< 100 ms' },
      notes: 'ours = ClusterAdmin.partitions() on the connected admin, as when the tree expands a topic; peer = whole kcat process incl. connect, no offsets' }, expand),
      profile: { script: script(), input: input('expand') } },
    { row: rowFromSamples({ name: `describe a ${parts}-partition topic (configs + offsets)`, unit: 'ms', peerName: 'Java TopicCommand --describe', higherIsBetter: false,
      notes: 'ours = connect + ClusterAdmin.describeTopic(); peer = whole JVM process (start-up dominates; it shows no offsets)' }, describe),
      profile: { script: script(), input: input('describe') } },
  ];
}

export async function listTopicsCase(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.listTopics;
  const t0 = Date.now();
  const names = Array.from({ length: n }, (_, i) => `bench-list-${String(i).padStart(5, '0')}`);
  await createTopics(ctx.admin, names.map((topic) => ({ topic, numPartitions: 1 })), 1000);
  const setupS = (Date.now() - t0) / 1000;
  ctx.log(`created ${n.toLocaleString('en-US')} topics in ${setupS.toFixed(1)} s`);
  const input: TopicsInput = { bootstrap: ctx.bootstrap, op: 'list' };
  const samples: Sample[] = [];
  let listed = 0;
  for (let i = 0; i < runs.fast; i++) {
    const o = await runOurs<TopicsOutput>(script(), input);
    if (o.items < n) throw new Error(`listed ${o.items} topics, expected at least ${n}`);
    listed = o.items;
    const [kc, ka] = peers.kcatList(ctx.bootstrap);
    const k = await timeProcess(kc, ka, { discardStdout: true });
    samples.push({ ours: o.ms, peer: k.ms });
    ctx.log(`list run ${i + 1}: ours ${o.ms.toFixed(1)} ms, kcat -L ${k.ms.toFixed(1)} ms`);
  }
  return [{
    row: rowFromSamples({
      name: `list ${n.toLocaleString('en-US')} topics (connect → sorted list)`, unit: 'ms', peerName: 'kcat -L', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 500, text: '< 500 ms' },
      notes: `${listed.toLocaleString('en-US')} topics incl. bench and internal ones; ours = new client, connect + ClusterAdmin.topics() (one Metadata request), in process; peer whole process; creating the ${n.toLocaleString('en-US')} single-partition topics took ${setupS.toFixed(0)} s (setup, not timed)`,
    }, samples),
    profile: { script: script(), input },
  }];
}
