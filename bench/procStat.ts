// One reader of Linux's per-process (or per-thread) CPU accounting, for the consume child's own figures
// and the experiment drivers' per-process split (bench/exp/procCpu.ts).
import { readFileSync } from 'node:fs';

export const TICK_MS = 10; // USER_HZ is 100 on Linux/x86-64 and arm64

export interface ProcTimes { comm: string; ppid: number; self: number; children: number }

/** `dir`'s stat (a /proc/<pid> or /proc/<pid>/task/<tid> directory), in ms; undefined when it is gone. */
export function procTimes(dir: string): ProcTimes | undefined {
  try {
    const s = readFileSync(`${dir}/stat`, 'latin1');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // After the comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return { comm, ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return undefined; // gone between readdir and read
  }
}

/** ms `dir`'s task waited in the run queue for a CPU (schedstat's second field, ns). */
export function runDelayMs(dir: string): number {
  return Number(readFileSync(`${dir}/schedstat`, 'latin1').split(' ')[1]) / 1e6;
}
