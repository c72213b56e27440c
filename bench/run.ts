// `npm run bench`: one harness broker, every case in turn (ours and the peer back to back per run),
// a profile of our side for each missed goal, then the table on stdout, bench/results.json and
// bench/RESULTS.md. Everything started here is stopped before exit. BENCH_QUICK=1 for a smoke run;
// BENCH_ONLY=consume,codecs,decode,produce,browse,export,import,topics,list,tunnel,vscode,size to run some cases while iterating.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka } from '../test/harness/kafka';
import { trackTempDir } from '../test/harness/process';
import { browseCases } from './cases/browse';
import { codecsCase } from './cases/codecs';
import { consumeCase, seedConsumeTopic } from './cases/consume';
import { decodeCase } from './cases/decode';
import { activationCase, sizeCases } from './cases/extension';
import { exportCase, importCase } from './cases/porting';
import { produceCase } from './cases/produce';
import { describeCases, listTopicsCase } from './cases/topics';
import { tunnelCase } from './cases/tunnel';
import { BenchContext, CaseRow } from './cases/types';
import { brokerHeap, quick } from './config';
import { profileMissed, ProfileSummary } from './profile';
import { environment, markdownTable, writeResults } from './report';
import { emptyRow, Row } from './rows';

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (c: string): boolean => !only || only.includes(c);
const log = (m: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

/** Runs one case; a case that throws still leaves a row saying so. */
async function attempt(title: string, unit: string, fn: () => Promise<CaseRow[]>): Promise<CaseRow[]> {
  const t0 = Date.now();
  try {
    const rows = await fn();
    log(`${title}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return rows;
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
    log(`${title} FAILED: ${msg}`);
    return [{ row: emptyRow({ name: title, unit, higherIsBetter: false }, 'failed', msg) }];
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const load = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'kafka-dev-bench-'));
  trackTempDir(tmp);
  const out: CaseRow[] = [];

  if (wanted('size')) out.push(...await attempt('bundle and .vsix size', 'kB', sizeCases));

  let kafkaVersion = 'n/a';
  let seedFile: string | undefined;
  const brokerCases = ['consume', 'codecs', 'decode', 'produce', 'browse', 'export', 'import', 'topics', 'list', 'tunnel'].filter(wanted);
  if (brokerCases.length) {
    const broker = await startKafka({ nodes: 1, heap: brokerHeap, startTimeoutMs: 120_000 });
    kafkaVersion = broker.version;
    log(`Kafka ${broker.version} up at ${broker.bootstrap} (heap ${brokerHeap})${quick ? ', BENCH_QUICK' : ''}`);
    const admin = new Kafka({ clientId: 'bench-setup', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const ctx: BenchContext = { bootstrap: broker.bootstrap, libs: '', admin, tmp, log };
    ctx.libs = await (await import('../test/harness/kafka')).ensureKafkaJars(broker.version);
    try {
      if (wanted('consume') || wanted('tunnel') || wanted('browse') || wanted('export')) seedFile = await seedConsumeTopic(ctx);
      if (wanted('consume')) out.push(...await attempt('consume 1M', 'rec/s', () => consumeCase(ctx)));
      if (wanted('codecs')) out.push(...await attempt('consume 1M per codec', 'rec/s', () => codecsCase(ctx)));
      if (wanted('decode')) out.push(...await attempt('decode Avro vs plain JSON', 'rec/s', () => decodeCase(ctx)));
      if (wanted('browse')) out.push(...await attempt('message browser', 'ms', () => browseCases(ctx)));
      if (wanted('produce')) out.push(...await attempt('produce 100k', 'rec/s', () => produceCase(ctx)));
      if (wanted('export')) out.push(...await attempt('export 1M to JSONL', 'rec/s', () => exportCase(ctx)));
      if (wanted('import')) out.push(...await attempt('produce from a 100k-line JSONL file', 'rec/s', () => importCase(ctx)));
      if (wanted('topics')) out.push(...await attempt('expand / describe a 100-partition topic', 'ms', () => describeCases(ctx)));
      // Last on this broker: 10,000 more topics make every later metadata request bigger.
      if (wanted('list')) out.push(...await attempt('list 10,000 topics', 'ms', () => listTopicsCase(ctx)));
      await profileMissed(out, log);
    } finally {
      await admin.disconnect().catch(() => undefined);
      await broker.stop();
      log('bench broker stopped');
    }
    const file = seedFile;
    if (wanted('tunnel') && file) out.push(...await attempt('consume through the SSH tunnel', 'rec/s', () => tunnelCase(ctx, file)));
  }
  if (wanted('vscode')) {
    const ctx = { log } as Pick<BenchContext, 'log'> as BenchContext;
    out.push(...await attempt('extension activation', 'ms', () => activationCase(ctx)));
  }

  const profiles = new Map<string, ProfileSummary | string>();
  for (const c of out) {
    if (c.row.goalMet !== false) continue;
    profiles.set(c.row.name, c.profiled ?? (c.profile ? 'not profiled (BENCH_PROFILE=0)' : 'no CPU profile applies (see the analysis below)'));
  }

  const rows: Row[] = out.map((c) => c.row);
  const totalS = (Date.now() - t0) / 1000;
  console.log(`\n${markdownTable(rows)}\n`);
  for (const [name, p] of profiles) {
    console.log(typeof p === 'string' ? `${name}: ${p}` : `${name}: ${p.byOrigin.slice(0, 4).join(', ')} | ${p.top.slice(0, 3).join('; ')}`);
  }
  if (!only) {
    writeResults(rows, environment(kafkaVersion, load), profiles, totalS);
    log(`wrote bench/results.json and bench/RESULTS.md (${(totalS / 60).toFixed(1)} min)`);
  } else {
    log(`BENCH_ONLY set: results not written (${(totalS / 60).toFixed(1)} min)`);
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
