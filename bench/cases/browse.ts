// The message browser's rows (issue 12): filtering the held window, the first page of a Browse on a
// 1M-record topic, and a topic search for a rare value against `kcat | grep -c` on the same broker.
import { join } from 'node:path';
import { paths, runs, sizes } from '../config';
import { KCAT } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import type { BrowseInput, BrowseOutput } from '../ours/browse';
import { CONSUME_TOPIC } from './consume';
import { BenchContext, CaseRow } from './types';

const script = (): string => join(paths.outBench, 'ours', 'browse.js');
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** One record of the seeded topic (ids are unique, zero-padded): exactly one match. */
const RARE = `"id":"${String(Math.round(sizes.consumeRecords * 0.777)).padStart(10, '0')}"`;

export async function browseCases(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.consumeRecords;
  const filterIn: BrowseInput = { mode: 'filter', records: 100_000, condition: 'amount > 500 and status in ("failed", "timeout")' };
  const pageIn: BrowseInput = { mode: 'firstPage', bootstrap: ctx.bootstrap, topic: CONSUME_TOPIC, last: 1000, page: 100 };
  const searchIn: BrowseInput = { mode: 'search', bootstrap: ctx.bootstrap, topic: CONSUME_TOPIC, rare: RARE };
  const filter: Sample[] = [];
  const page: Sample[] = [];
  const search: Sample[] = [];
  for (let i = 0; i < runs.slow; i++) {
    const f = await runOurs<BrowseOutput>(script(), filterIn);
    filter.push({ ours: f.ms });
    const p = await runOurs<BrowseOutput>(script(), pageIn);
    page.push({ ours: p.ms });
    const s = await runOurs<BrowseOutput>(script(), searchIn);
    if (s.scanned !== n || s.matched !== 1) throw new Error(`our search scanned ${s.scanned} of ${n} and found ${s.matched} (expected 1)`);
    const k = await timeProcess('sh', ['-c', `${KCAT} -C -b ${ctx.bootstrap} -t ${CONSUME_TOPIC} -o beginning -e -q | grep -c -F '${RARE}'`]);
    if (k.stdout.trim() !== '1') throw new Error(`kcat | grep -c found ${k.stdout.trim()}`);
    const peer = n / (k.ms / 1000);
    search.push({ ours: s.perSecond, peer });
    ctx.log(`browse run ${i + 1}: filter 100k ${f.ms.toFixed(1)} ms (${fmt(f.matched)} match), first page ${p.ms.toFixed(1)} ms, ` +
      `search ${fmt(s.perSecond)}/s vs kcat | grep ${fmt(peer)}/s`);
  }
  return [
    { row: rowFromSamples({ name: 'browser: filter 100,000 held records by a JSON field condition', unit: 'ms', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 200, text: '< 200 ms' },
      notes: `${filterIn.condition}; ~110 B JSON values; compile + RecordWindow.filter, first call in a fresh process (no warm-up)` }, filter),
      profile: { script: script(), input: filterIn } },
    { row: rowFromSamples({ name: `browser: first page after Browse on a ${fmt(n)}-record topic`, unit: 'ms', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 500, text: '< 500 ms' },
      notes: `startBrowse(last 1,000 of each of ${sizes.consumePartitions} partitions) → first 100 records in the window, connect included` }, page),
      profile: { script: script(), input: pageIn } },
    { row: rowFromSamples({ name: `browser: search ${fmt(n)} × ${sizes.recordBytes} B for a rare value`, unit: 'rec/s', peerName: 'kcat -C -e -o beginning | grep -c', higherIsBetter: true,
      goal: { kind: 'ratioAtLeast', min: 0.5, text: '≥ 0.5× kcat | grep' },
      notes: 'searchTopic (text filter, whole topic to the end offsets at start); ours in process from the call, the peer as whole processes' }, search),
      profile: { script: script(), input: searchIn } },
  ];
}
