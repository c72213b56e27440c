// Ours, the message browser's rows: (filter) 100,000 held records filtered by a JSON field condition;
// (firstPage) startBrowse from the last 1,000 records of each partition until the first 100 arrive;
// (search) searchTopic over a whole topic for a rare value, records scanned per second.
import { performance } from 'node:perf_hooks';
import { RecordWindow } from '../../src/kafka/browse/recordWindow';
import { startBrowse } from '../../src/kafka/browse/browseSession';
import { searchTopic } from '../../src/kafka/browse/search';
import { compileFilter } from '../../src/kafka/rules/recordFilter';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';
import { childMain, collect } from './child';
import { benchClient } from './kafkaClient';

export type BrowseInput =
  | { mode: 'filter'; records: number; condition: string }
  | { mode: 'firstPage'; bootstrap: string; topic: string; last: number; page: number }
  | { mode: 'search'; bootstrap: string; topic: string; rare: string };

export interface BrowseOutput { ms: number; matched: number; scanned: number; perSecond: number }

const STATUS = ['ok', 'failed', 'timeout', 'pending', 'retry'];
const settings = { timeoutMs: 10_000, target: 'bench broker' };

function held(n: number): ConsumedRecord[] {
  const out: ConsumedRecord[] = [];
  for (let i = 0; i < n; i++) {
    const value = `{"user":{"id":${i},"name":"user-${i % 977}"},"amount":${(i * 7919) % 1000},"status":"${STATUS[i % 5]}","ts":${1_700_000_000_000 + i}}`;
    out.push({ partition: i % 4, offset: String(i >> 2), timestamp: String(1_700_000_000_000 + i), key: Buffer.from(`k${i}`), value: Buffer.from(value), headers: {} });
  }
  return out;
}

childMain<BrowseInput, BrowseOutput>(async (i) => {
  if (i.mode === 'filter') {
    const w = new RecordWindow(i.records);
    w.push(held(i.records));
    collect();
    const t0 = performance.now();
    const f = compileFilter({ json: i.condition });
    if (!f.ok) throw new Error(f.error);
    const idx = w.filter(f);
    const ms = performance.now() - t0;
    return { ms, matched: idx.length, scanned: w.size, perSecond: w.size / (ms / 1000) };
  }
  const kafka = benchClient(i.bootstrap, `bench-browse-${i.mode}`);
  if (i.mode === 'firstPage') {
    const w = new RecordWindow(10_000);
    let firstPage = 0;
    let done!: () => void;
    const got = new Promise<void>((r) => { done = r; });
    const t0 = performance.now();
    const h = await startBrowse(kafka, { topic: i.topic, start: { kind: 'last', count: i.last }, live: false }, settings, {
      onRecords: (r) => { w.push(r); if (!firstPage && w.size >= i.page) { firstPage = performance.now() - t0; done(); } },
      onStatus: () => undefined,
      onEnd: () => done(),
    });
    await got;
    await h.stop();
    if (!firstPage) throw new Error(`the browse ended with ${w.size} records, fewer than a page of ${i.page}`);
    return { ms: firstPage, matched: w.size, scanned: w.read, perSecond: 0 };
  }
  const t0 = performance.now();
  const r = await searchTopic(kafka, { topic: i.topic, from: { kind: 'beginning' }, to: { kind: 'end' }, filter: { text: i.rare }, maxMatches: 1000 }, settings, {});
  const ms = performance.now() - t0;
  if (r.stoppedBy !== 'end') throw new Error(`the search stopped: ${r.stoppedBy}`);
  return { ms, matched: r.matches.length, scanned: r.scanned, perSecond: r.scanned / (ms / 1000) };
});
