// For a missed goal: our side once more under `node --cpu-prof` (profiles kept in bench/profiles/,
// which git ignores) and a summary of where the samples landed, by function and by package.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { paths } from './config';
import { runOurs } from './proc';
import { CaseRow, ProfileJob } from './cases/types';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[] }

export interface ProfileSummary {
  file: string;
  /** Top self-time functions: "name (file:line) 12.3%". */
  top: string[];
  /** Self time by origin: kafkajs, our src/kafka, node internals, GC, idle... */
  byOrigin: string[];
}

function origin(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle (waiting for the network)';
  if (fn === '(program)') return 'V8/native';
  if (url.includes('node_modules/kafkajs')) return 'kafkajs';
  if (url.includes('node_modules/ssh2')) return 'ssh2';
  if (url.includes('/src/kafka/')) return 'src/kafka';
  if (url.startsWith('node:')) return 'node core';
  if (url === '') return 'native/builtins';
  return 'other';
}

export function summarizeProfile(file: string, topN = 6): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = p.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0) || 1;
  const byFn = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    const o = origin(url, functionName);
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + hits);
  }
  const pct = (h: number): string => `${((100 * h) / total).toFixed(1)}%`;
  const sorted = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]);
  return {
    file: basename(file),
    top: sorted(byFn).filter(([k]) => k !== '(idle)').slice(0, topN).map(([k, h]) => `${k} ${pct(h)}`),
    byOrigin: sorted(byOrigin).map(([k, h]) => `${k} ${pct(h)}`),
  };
}

export async function profileRow(slug: string, job: ProfileJob): Promise<ProfileSummary> {
  const dir = join(paths.profiles, slug);
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  await runOurs(job.script, job.input, { cpuProfDir: dir, wrap: job.wrap });
  const made = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (made.length === 0) throw new Error(`no .cpuprofile written to ${dir}`);
  return summarizeProfile(join(dir, made[made.length - 1]));
}

let counter = 0;
const done = new Map<string, ProfileSummary | string>();

/**
 * Profiles our side of every row that missed its goal, once per distinct job (the lag and heap rows
 * share the consume run's job). Call while the broker or VM the jobs talk to is still up.
 */
export async function profileMissed(rows: CaseRow[], log: (m: string) => void): Promise<void> {
  if (process.env.BENCH_PROFILE === '0') return;
  for (const c of rows) {
    if (c.row.goalMet !== false || !c.profile || c.profiled) continue;
    const key = JSON.stringify(c.profile);
    let result = done.get(key);
    if (!result) {
      log(`profiling: ${c.row.name}`);
      const slug = `${String(++counter).padStart(2, '0')}-${c.row.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 48)}`;
      try {
        result = await profileRow(slug, c.profile);
      } catch (e) {
        result = `profiling failed: ${(e as Error).message.slice(0, 200)}`;
      }
      done.set(key, result);
    }
    c.profiled = result;
  }
}
