// The Markdown table, bench/results.json and bench/RESULTS.md (table + where and how it was measured).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { paths, quick } from './config';
import { ProfileSummary } from './profile';
import { Row } from './rows';

const num = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: x < 10 ? 2 : 1 });

function cell(r: Row, v: number | null): string {
  if (r.status !== 'measured') return r.status === 'not built' ? 'not built' : 'failed';
  return v === null ? '—' : `${num(v)} ${r.unit}`;
}

function goalCell(r: Row): string {
  if (!r.goal) return '—';
  if (r.goalMet === null) return `${r.goal}: n/a`;
  return `${r.goal}: **${r.goalMet ? 'met' : 'missed'}**`;
}

export function markdownTable(rows: readonly Row[]): string {
  const head = '| case | ours | peer | peer is | ratio | goal | runs | notes |\n| --- | ---: | ---: | --- | ---: | --- | ---: | --- |';
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = rows.map((r) => `| ${esc(r.name)} | ${cell(r, r.ours)} | ${r.peerName ? cell(r, r.peer) : '—'} | ${esc(r.peerName ?? '—')} | ` +
    `${r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`} | ${goalCell(r)} | ${r.runs} | ${esc(r.notes)} |`);
  return [head, ...lines].join('\n');
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || 'unavailable';
  }
}

export interface Environment {
  date: string;
  node: string;
  java: string;
  kafka: string;
  kcat: string;
  kafkajs: string;
  cpus: string;
  memory: string;
  loadAtStart: string;
}

export function environment(kafkaVersion: string, loadAtStart: number[]): Environment {
  const javaOut = execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' }).trim().split('\n').slice(0, 2).join('; ');
  const kcatLine = tryRun('kcat', ['-V']).split('\n').find((l) => /librdkafka|version/i.test(l)) ?? 'kcat';
  const kafkajs = (JSON.parse(readFileSync(join(paths.repoRoot, 'node_modules', 'kafkajs', 'package.json'), 'utf8')) as { version: string }).version;
  const c = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    java: javaOut,
    kafka: `Apache Kafka ${kafkaVersion} (single KRaft node, harness broker)`,
    kcat: kcatLine.trim(),
    kafkajs,
    cpus: `${c.length} × ${c[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    loadAtStart: loadAtStart.map((x) => x.toFixed(2)).join(' / '),
  };
}

export function writeResults(rows: readonly Row[], env: Environment, profiles: ReadonlyMap<string, ProfileSummary | string>, totalS: number): void {
  writeFileSync(join(paths.benchDir, 'results.json'), `${JSON.stringify(rows, null, 2)}\n`);
  // Several rows share one profiled run (the consume run gives throughput, lag and heap): list it once.
  const firstFor = new Map<ProfileSummary, string>();
  const prof = [...profiles].map(([name, p]) => {
    if (typeof p === 'string') return `- **${name}**: ${p}`;
    const first = firstFor.get(p);
    if (first) return `- **${name}**: same profiled run as "${first}"`;
    firstFor.set(p, name);
    return `- **${name}** (\`bench/profiles/…/${p.file}\`): self time by origin: ${p.byOrigin.join(', ')}. Top functions: ${p.top.join('; ')}.`;
  });
  const analysisFile = join(paths.benchDir, 'ANALYSIS.md');
  const md = [
    `# Kafka Dev benchmarks${quick ? ' (BENCH_QUICK: counts ÷ 10, not for publishing)' : ''}`,
    '',
    `Measured ${env.date} by \`npm run bench\` in ${(totalS / 60).toFixed(1)} min. Every figure is the median of the runs shown; **ratio** is the median of per-run`,
    'ratios of *our speed to the peer\'s* (above 1 = we are faster), each run taking ours and the peer back to back on the same broker, so',
    'load from other work on the machine mostly cancels. Absolute numbers on this shared 2-core machine are noisy; ratios less so.',
    '',
    markdownTable(rows),
    '',
    '## Environment',
    '',
    `- Node ${env.node}, kafkajs ${env.kafkajs}`,
    `- Java: ${env.java}`,
    `- ${env.kafka}`,
    `- kcat: ${env.kcat}`,
    `- CPU: ${env.cpus}; memory ${env.memory}; load average at start (1/5/15 min) ${env.loadAtStart}`,
    '',
    ...(prof.length ? ['## Profiles of missed goals (`node --cpu-prof`, one extra run each)', '', ...prof, ''] : []),
    ...(existsSync(analysisFile) ? [readFileSync(analysisFile, 'utf8').trim(), ''] : []),
  ].join('\n');
  writeFileSync(join(paths.benchDir, 'RESULTS.md'), md);
}

