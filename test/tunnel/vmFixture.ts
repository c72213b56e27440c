// Shared by the Set Up Kafka on a VM suites: a namespace VM with sshd and an HTTP server (inside it)
// serving a Kafka distribution built from the Maven jars; a VmShell over the tunnel; plans with temp
// kafkaDir/dataDir (the VM shares this machine's filesystem and the SSH user is root: never ~/kafka);
// brokers the setup starts (pid files) are stopped at the end, or killed if the process exits first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brokerControl } from '../../src/kafka/vm/brokerControl';
import { openVmShell } from '../../src/kafka/vm/vmShell';
import { KafkaSource, VmLayout, VmSetupPlan, VmShell } from '../../src/kafka/vm/vmTypes';
import { SshTunnel } from '../../src/kafka/ssh/sshTunnel';
import { ensureKafkaDist, KafkaDist } from '../harness/kafkaDist';
import { createVm, Vm } from '../harness/netns';
import { startSshd, Sshd, SshdOptions } from '../harness/sshd';
import { startVmHttpServer, VmHttpServer } from '../harness/vmHttp';
import { kafkaThrough, tempDir, tunnelTo } from './fixture';

export interface SetupVm {
  vm: Vm;
  sshd: Sshd;
  http: VmHttpServer;
  dist: KafkaDist;
  tunnel: SshTunnel;
  shell: VmShell;
  downloadUrl: string;
  /** A fresh temp layout (absolute paths). */
  layout(name: string): VmLayout;
  plan(layout: VmLayout, source: KafkaSource): VmSetupPlan;
  /** A Kafka request through the tunnel: what the VS Code side passes as `probe`. */
  probe(): Promise<void>;
  stop(): Promise<void>;
}

const layouts: VmLayout[] = [];
let hooked = false;

/** Kills brokers left running by a setup (pid files in the layouts), synchronously at exit. */
function killLeftBrokers(): void {
  for (const l of layouts) {
    const pf = join(l.kafkaDir, 'kafka-dev.pid');
    if (!existsSync(pf)) continue;
    try { process.kill(Number(readFileSync(pf, 'utf8').trim()), 'SIGKILL'); } catch { /* gone */ }
  }
}

export async function startSetupVm(sshdOpts: Omit<SshdOptions, 'netns' | 'listenAddress'> = {}): Promise<SetupVm> {
  if (!hooked) { hooked = true; process.on('exit', killLeftBrokers); }
  const dist = await ensureKafkaDist();
  const vm = await createVm();
  const sshd = await startSshd({ ...sshdOpts, netns: vm.name || undefined, listenAddress: vm.address });
  const http = await startVmHttpServer(vm, dist.dir, 8000);
  const tunnel = tunnelTo(sshd);
  const shell = openVmShell(tunnel);
  const root = tempDir('kd-vmsetup-');
  return {
    vm, sshd, http, dist, tunnel, shell,
    downloadUrl: `${http.url}/${dist.fileName}`,
    layout(name: string): VmLayout {
      const l = { kafkaDir: join(root, name, 'kafka'), dataDir: join(root, name, 'kafka-data') };
      layouts.push(l);
      return l;
    },
    plan: (layout, source) => ({ kafkaVersion: dist.version, source, layout, brokerPort: 9092, controllerPort: 9093, heapMb: 384, installJava: false }),
    async probe(): Promise<void> {
      const admin = kafkaThrough(tunnel, ['localhost:9092'], 'vm-setup-probe').admin();
      try {
        await admin.connect();
        await admin.listTopics();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    async stop(): Promise<void> {
      for (const l of layouts) await brokerControl(shell, l).stop().catch(() => undefined);
      killLeftBrokers();
      tunnel.close();
      await http.stop();
      await sshd.stop();
      await vm.destroy();
    },
  };
}

/** Every file and folder under `dir` (except `skip` subfolders) with its mtime and size: to prove nothing changed. */
export function snapshot(dir: string, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (skip.includes(rel)) continue;
      const st = statSync(p);
      out[rel] = `${st.mtimeMs}:${st.isDirectory() ? 'dir' : st.size}`;
      if (st.isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
