// Per-process CPU accounting for experiments on a shared machine: snapshots of every /proc/<pid>/stat
// (own time and reaped children's time) and of /proc/stat, so a run's CPU seconds can be split among
// the broker's java, sshd, the ssh client and our consumer, and compared with the machine's total.
import { readdirSync, readFileSync } from 'node:fs';
import { procTimes, ProcTimes, TICK_MS } from '../procStat';

export interface CpuSnapshot { procs: Map<number, ProcTimes>; busy: number; total: number; at: number }

export function snapshot(): CpuSnapshot {
  const procs = new Map<number, ProcTimes>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const t = procTimes(`/proc/${d}`);
    if (t) procs.set(Number(d), t);
  }
  const cpu = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0) * TICK_MS;
  const idle = (cpu[3] + cpu[4]) * TICK_MS;
  return { procs, busy: total - idle, total, at: performance.now() };
}

/**
 * CPU ms per group between two snapshots. `classify` names a process's group (or undefined: "other");
 * a process's reaped children (cutime) count in the group `childrenOf` names for it, so a child that
 * started and ended between the snapshots (our consumer, sshd's per-connection process) is not lost.
 */
export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot, classify: (pid: number, t: ProcTimes) => string | undefined,
  childrenOf: (pid: number, t: ProcTimes) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string, v: number): void => { if (v > 0) out[k] = (out[k] ?? 0) + v; };
  for (const [pid, t] of b.procs) {
    const before = a.procs.get(pid);
    add(classify(pid, t) ?? 'other', t.self - (before?.self ?? 0));
    add(childrenOf(pid, t) ?? classify(pid, t) ?? 'other', t.children - (before?.children ?? 0));
  }
  // A process that ended in between shows up whole in its parent's cutime: take off what it had used before.
  for (const [pid, t] of a.procs) {
    if (b.procs.has(pid)) continue;
    const parent = b.procs.get(t.ppid);
    const k = parent ? childrenOf(t.ppid, parent) ?? classify(t.ppid, parent) ?? 'other' : 'other';
    out[k] = (out[k] ?? 0) - t.self - t.children;
  }
  out.machineBusy = b.busy - a.busy;
  out.machineTotal = b.total - a.total;
  out.wall = b.at - a.at;
  return out;
}
