// Experiment driver (not part of `npm run bench`; run it under the bench lock): where the CPU goes when
// our consumer reads through ssh2, through OpenSSH's `ssh -L`, and directly inside the namespace VM.
// One VM seeded once, then rounds in which each variant runs direct / ssh -L / ssh2 back to back (order
// reversed every other round), each run bracketed by /proc snapshots: CPU ms of the VM's java and sshd
// (by network namespace), the `ssh -L` client, our consumer (reaped child of this process), the rest of
// the machine, and the machine's busy time. A variant is a set of environment variables for the children.
// EXP_SSH2_COPY='--require <hook.js>' for the copy* / pkt* variants.
// EXP_VARIANTS=base,...  EXP_ROUNDS=n  EXP_N=records  EXP_PROFILE=dir (CPU profiles of the ssh2 runs)
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshVm } from '../../test/harness/netns';
import { loopbackPortFree, OpensshForward, startOpensshForward } from '../opensshForward';
import { runOurs } from '../proc';
import { createTopics, fixedRecord, seedWithKcat, writeLines } from '../seed';
import type { ConsumeInput, ConsumeOutput } from '../ours/consume';
import { tunnelClient } from '../ours/sshClient';
import { consumeScript } from '../cases/consume';
import { cpuDelta, snapshot } from './procCpu';

const VARIANTS: Record<string, NodeJS.ProcessEnv> = {
  base: {},
  gcm: { BENCH_SSH_CIPHER: 'aes128-gcm@openssh.com' },
  chacha: { BENCH_SSH_CIPHER: 'chacha20-poly1305@openssh.com' },
  ctr: { BENCH_SSH_CIPHER: 'aes128-ctr' },
  // A copy of ssh2 whose packet and window constants read these variables (its decipher's 35,000-byte
  // packet limit raised), loaded in place of ssh2 by a require hook: see EXP_SSH2_COPY below.
  copy32: { NODE_OPTIONS: process.env.EXP_SSH2_COPY },
  pkt64: { NODE_OPTIONS: process.env.EXP_SSH2_COPY, BENCH_SSH_PACKET: '65536' },
  pkt256: { NODE_OPTIONS: process.env.EXP_SSH2_COPY, BENCH_SSH_PACKET: '262144' },
  pkt256w8: { NODE_OPTIONS: process.env.EXP_SSH2_COPY, BENCH_SSH_PACKET: '262144', BENCH_SSH_WINDOW: '8388608' },
  worker: { BENCH_SSH_WORKER: '1' },
};

function netnsOf(pid: number): number {
  try { return statSync(`/proc/${pid}/ns/net`).ino; } catch { return -1; }
}

type Run = { rps: number; cpu: Record<string, number>; out: ConsumeOutput };

async function main(): Promise<void> {
  const n = Number(process.env.EXP_N ?? 1_000_000);
  const rounds = Number(process.env.EXP_ROUNDS ?? 3);
  const variants = (process.env.EXP_VARIANTS ?? 'base').split(',');
  const tmp = mkdtempSync(join(tmpdir(), 'tunnel-cpu-'));
  const seedFile = join(tmp, 'seed.txt');
  await writeLines(seedFile, n, (s) => fixedRecord(s, 100));
  const vm = await startSshVm({ nodes: 1 });
  let forward: OpensshForward | undefined;
  try {
    const vmNs = vm.vm.kind === 'netns' ? statSync(`/run/netns/${vm.vm.name}`).ino : -2;
    const bootstrap = vm.kafka.bootstrap;
    const ssh = { host: vm.sshd.host, port: vm.sshd.port, user: vm.sshd.user, keyPath: vm.sshd.userKeyPath, knownHostsLine: vm.sshd.knownHostsLine };
    const setup = tunnelClient(bootstrap, 'exp-setup', ssh);
    const admin = setup.kafka.admin();
    await admin.connect();
    try {
      await createTopics(admin, [{ topic: 'exp', numPartitions: 4 }]);
      await seedWithKcat(admin, bootstrap, 'exp', seedFile, n, vm.vm.wrap);
    } finally {
      await admin.disconnect();
      setup.close();
    }
    const port = Number(bootstrap.split(':').pop());
    if (vm.vm.kind === 'netns' && await loopbackPortFree(port)) {
      const kh = join(tmp, 'kh');
      writeFileSync(kh, `${vm.sshd.knownHostsLine}\n`);
      forward = await startOpensshForward({ host: vm.sshd.host, port: vm.sshd.port, user: vm.sshd.user, keyPath: vm.sshd.userKeyPath, knownHosts: kh }, port);
    }
    const classify = (pid: number, t: { comm: string }): string | undefined => {
      if (pid === process.pid) return 'driver';
      if (t.comm === 'java' || t.comm.startsWith('sshd')) return netnsOf(pid) === vmNs ? (t.comm === 'java' ? 'java' : 'sshd') : undefined;
      if (t.comm === 'ssh') return 'sshL';
      return undefined;
    };
    const childrenOf = (pid: number, t: { comm: string }): string | undefined => (pid === process.pid ? 'consumer' : classify(pid, t));
    const timed = async (input: ConsumeInput, wrap?: string[], prof?: string): Promise<Run> => {
      const a = snapshot();
      const out = await runOurs<ConsumeOutput>(consumeScript(), input, { wrap, cpuProfDir: prof });
      const b = snapshot();
      if (out.records !== n) throw new Error(`${out.records} of ${n}`);
      return { rps: out.recordsPerSecond, cpu: cpuDelta(a, b, classify, childrenOf), out };
    };
    const direct: ConsumeInput = { bootstrap, topic: 'exp', count: n, throttle: 'default' };
    const k = (x: number): string => `${Math.round(x / 1000)}k`;
    const fmtCpu = (r: Run): string => {
      const c = r.cpu;
      const g = (x: string): string => ((c[x] ?? 0) / 1000).toFixed(2);
      return `${k(r.rps)} wall ${(c.wall / 1000).toFixed(2)}s pipeline ${(r.out.ms / 1000).toFixed(2)}s | consumer ${g('consumer')} (main ${(r.out.mainThreadCpuMs / 1000).toFixed(2)} of ${(r.out.cpuMs / 1000).toFixed(2)} in pipeline, main waited ${(r.out.mainThreadRunDelayMs / 1000).toFixed(2)} for a CPU) java ${g('java')} sshd ${g('sshd')} sshL ${g('sshL')} other ${g('other')} driver ${g('driver')} | machine busy ${g('machineBusy')} of ${g('machineTotal')}`;
    };
    const all: Record<string, number[][]> = {};
    for (let r = 0; r < rounds; r++) {
      console.log(`round ${r + 1} load ${readLoad()}`);
      for (const v of r % 2 ? [...variants].reverse() : variants) {
        const env = VARIANTS[v];
        if (!env) throw new Error(`unknown variant ${v}`);
        Object.assign(process.env, env);
        const prof = process.env.EXP_PROFILE ? join(process.env.EXP_PROFILE, v) : undefined;
        const runs: [string, () => Promise<Run>][] = [
          ['direct', () => timed(direct, vm.vm.wrap)],
          ...(forward ? [['sshL', () => timed(direct)] as [string, () => Promise<Run>]] : []),
          ['ssh2', () => timed({ ...direct, ssh }, undefined, prof)],
        ];
        const res: Record<string, Run> = {};
        for (const [name, f] of r % 2 ? [...runs].reverse() : runs) res[name] = await f();
        for (const key of Object.keys(env)) delete process.env[key];
        const t = res.ssh2, d = res.direct, o = res.sshL;
        (all[v] ??= []).push([t.rps / d.rps, o ? t.rps / o.rps : NaN, t.rps, d.rps, o?.rps ?? NaN]);
        // The CPU-seconds of each path's whole chain (consumer, broker, sshd, ssh): when the cores are shared,
        // the ratio of records/s follows the inverse ratio of these.
        const chain = (x: Run): number => ['consumer', 'java', 'sshd', 'sshL'].reduce((a, g) => a + (x.cpu[g] ?? 0), 0);
        const pred = (x: Run | undefined): string => (x ? (chain(x) / chain(t)).toFixed(2) : '-');
        console.log(`  ${v}: ${(t.rps / d.rps).toFixed(2)}x direct (CPU predicts ${pred(d)}), ${o ? (t.rps / o.rps).toFixed(2) : '-'}x ssh -L (CPU predicts ${pred(o)})`);
        for (const [name, x] of Object.entries(res)) console.log(`    ${name.padEnd(6)} ${fmtCpu(x)}`);
      }
    }
    const med = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    for (const [v, xs] of Object.entries(all)) console.log(`${v}: median ${med(xs.map((x) => x[0])).toFixed(2)}x direct, ${med(xs.map((x) => x[1])).toFixed(2)}x ssh -L; ssh2 ${k(med(xs.map((x) => x[2])))} direct ${k(med(xs.map((x) => x[3])))} ssh-L ${k(med(xs.map((x) => x[4])))}`);
  } finally {
    await forward?.stop();
    await vm.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function readLoad(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
