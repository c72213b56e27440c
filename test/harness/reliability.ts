// The fault suite's record: every fault case counts what was produced and what was shown, by offset, and
// writes one row here (a JSON file per case under test-results/reliability/). At the end of `npm test`
// run-all turns the rows of that run into docs/reliability.md, which is committed: what each fault did,
// records lost and duplicated, and the time to recover, as measured in the last run.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cache';

export interface FaultRow {
  /** Short id, also the file name: e.g. "leader-killed-consume". */
  id: string;
  /** The fault, as a person would say it: "3 brokers, RF=3: the partition leader is killed mid-consume". */
  fault: string;
  /** What the user saw / what the code did, in a sentence (status lines quoted where they matter). */
  happened: string;
  produced: number;
  shown: number;
  lost: number;
  duplicated: number;
  /** Seconds from the fault's end (or start, for faults that do not end) to the next record shown; null if not applicable. */
  recoverSeconds: number | null;
}

export const reliabilityDir = (): string => join(repoRoot, 'test-results', 'reliability');

/** Records one case's row (overwrites a previous row of the same id in this run). */
export function recordFault(row: FaultRow): void {
  mkdirSync(reliabilityDir(), { recursive: true });
  writeFileSync(join(reliabilityDir(), `${row.id}.json`), JSON.stringify(row, null, 2));
}

/** Clears the rows of an earlier run (run-all calls it before the groups start). */
export function clearFaultRows(): void {
  rmSync(reliabilityDir(), { recursive: true, force: true });
}

/**
 * Compares what was produced with what was shown, both as "partition:offset" keys (or any unique key per
 * record): lost = produced but never shown, duplicated = shown more than once (or shown but never produced).
 */
export function countLossAndDuplicates(produced: Iterable<string>, shown: Iterable<string>): { produced: number; shown: number; lost: number; duplicated: number } {
  const want = new Set(produced);
  const seen = new Map<string, number>();
  let shownCount = 0;
  for (const k of shown) {
    shownCount++;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  let lost = 0;
  for (const k of want) if (!seen.has(k)) lost++;
  let duplicated = 0;
  for (const [k, n] of seen) duplicated += want.has(k) ? n - 1 : n;
  return { produced: want.size, shown: shownCount, lost, duplicated };
}

/** Writes docs/reliability.md from this run's rows; returns false when there were none (a narrowed run). */
export function writeReliabilityDoc(kafkaVersion: string): boolean {
  if (!existsSync(reliabilityDir())) return false;
  const rows = readdirSync(reliabilityDir())
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(reliabilityDir(), f), 'utf8')) as FaultRow);
  if (rows.length === 0) return false;
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Reliability: what each fault does to what you see',
    '',
    `Written by \`npm test\` (the fault cases in \`test/faults/\` and the extension-host suites) on its last run, against`,
    `real Apache Kafka ${kafkaVersion} brokers (KRaft) and OpenSSH's sshd in a network namespace; nothing is mocked.`,
    'Each case counts the records produced and the records shown, by partition and offset: **lost** were produced',
    'and never shown, **duplicated** were shown more than once. "Recover" is the time from the end of the fault to',
    'the next record shown.',
    '',
    '| fault | what happened | produced | shown | lost | duplicated | recover |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      `| ${cell(r.fault)} | ${cell(r.happened)} | ${r.produced} | ${r.shown} | ${r.lost} | ${r.duplicated} | ${r.recoverSeconds === null ? '–' : `${r.recoverSeconds.toFixed(1)} s`} |`),
    '',
  ];
  writeFileSync(join(repoRoot, 'docs', 'reliability.md'), lines.join('\n'));
  return true;
}
