// The chapter's firewalled broker VM, as a Linux network namespace: a veth pair links it to the host,
// its own loopback is private, so a broker bound to the namespace's 127.0.0.1 is reachable only through
// sshd listening on the namespace's veth address. The addresses (10.213.x.y/30) exist only on this
// machine's veth pair; nothing is routed anywhere else.
// Without root (no `ip netns`), createVm() returns a loopback stand-in and says so.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { KafkaCluster, startKafka } from './kafka';
import { freePort } from './ports';
import { Sshd, SshdOptions, startSshd } from './sshd';

const run = promisify(execFile);

export interface Vm {
  /** 'netns' on the real thing; 'loopback' when namespaces are not permitted. */
  readonly kind: 'netns' | 'loopback';
  /** Namespace name (empty for loopback). */
  readonly name: string;
  /** Address of the VM as seen from the host (the namespace's veth address, or 127.0.0.1). */
  readonly address: string;
  /** The host's end of the veth pair (empty for loopback). */
  readonly hostAddress: string;
  /** Command prefix that runs a program inside the VM (empty for loopback). */
  readonly wrap: string[];
  /** Runs a command inside the VM and returns its stdout. */
  exec(args: string[]): Promise<string>;
  /**
   * Takes the VM's end of the veth pair down (false) or up (true): a cut cable. Sockets on both sides
   * stay open and see silence, nothing is reset. Only for the netns kind.
   */
  setLink(up: boolean): Promise<void>;
  destroy(): Promise<void>;
}

const live = new Set<string>();
let hooked = false;
let counter = 0;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // Synchronous: the 'exit' event allows nothing else. Deleting the namespace also removes the veth pair.
  process.on('exit', () => {
    for (const ns of live) {
      try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* already gone */ }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
}

/** A detached shell that deletes the namespace if this process dies without cleaning up (SIGKILL). */
function watchdog(ns: string): void {
  const w = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ip netns del ${ns} 2>/dev/null; true`],
    { detached: true, stdio: 'ignore' });
  w.unref();
}

export function namespacesPermitted(): boolean {
  // KAFKA_DEV_SSH_LOOPBACK=1 exercises the stand-in on a machine that could do namespaces.
  if (process.env.KAFKA_DEV_SSH_LOOPBACK === '1' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Picks a /30 in 10.213.0.0/16 that no interface on the host uses yet. */
async function freeSubnet(): Promise<{ host: string; vm: string }> {
  const { stdout } = await run('ip', ['-o', '-4', 'addr', 'show']);
  for (let attempt = 0; attempt < 200; attempt++) {
    const k = (process.pid * 7 + counter * 13 + attempt) % 16384;
    const base = `10.213.${Math.floor(k / 64)}.`;
    const first = (k % 64) * 4;
    if (!stdout.includes(`${base}${first + 1}/`) && !stdout.includes(`${base}${first + 2}/`)) {
      return { host: `${base}${first + 1}`, vm: `${base}${first + 2}` };
    }
  }
  throw new Error('no free 10.213.x.y/30 subnet for the test namespace');
}

export async function createVm(): Promise<Vm> {
  if (!namespacesPermitted()) {
    console.log('# network namespaces are not available (not root, or KAFKA_DEV_SSH_LOOPBACK=1): the SSH tests use a loopback stand-in VM, so "only SSH can reach the broker" is not proven in this run');
    return {
      kind: 'loopback', name: '', address: '127.0.0.1', hostAddress: '127.0.0.1', wrap: [],
      exec: async (args) => (await run(args[0], args.slice(1))).stdout,
      setLink: async () => { throw new Error('the loopback stand-in VM has no link to cut'); },
      destroy: async () => undefined,
    };
  }
  hookExit();
  const n = counter++;
  const name = `kd-vm-${process.pid}-${n}`;
  // Interface names are limited to 15 characters.
  const tag = `${process.pid % 100000}${n}`;
  const hostIf = `kdh${tag}`;
  const vmIf = `kdv${tag}`;
  const { host, vm } = await freeSubnet();
  const ip = async (...args: string[]): Promise<void> => { await run('ip', args); };
  await ip('netns', 'add', name);
  live.add(name);
  watchdog(name);
  try {
    await ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', vmIf);
    await ip('link', 'set', vmIf, 'netns', name);
    await ip('addr', 'add', `${host}/30`, 'dev', hostIf);
    await ip('link', 'set', hostIf, 'up');
    await ip('netns', 'exec', name, 'ip', 'addr', 'add', `${vm}/30`, 'dev', vmIf);
    await ip('netns', 'exec', name, 'ip', 'link', 'set', vmIf, 'up');
    await ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (e) {
    await run('ip', ['netns', 'del', name]).catch(() => undefined);
    await run('ip', ['link', 'del', hostIf]).catch(() => undefined);
    live.delete(name);
    throw e;
  }
  const wrap = ['ip', 'netns', 'exec', name];
  return {
    kind: 'netns', name, address: vm, hostAddress: host, wrap,
    exec: async (args) => (await run('ip', ['netns', 'exec', name, ...args])).stdout,
    setLink: async (up) => { await run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', vmIf, up ? 'up' : 'down']); },
    async destroy(): Promise<void> {
      if (!live.delete(name)) return;
      await run('ip', ['netns', 'del', name]).catch(() => undefined);
      // The veth pair goes with the namespace, but only once its last process has gone: remove it now.
      await run('ip', ['link', 'del', hostIf]).catch(() => undefined);
    },
  };
}

/**
 * Kafka inside the VM, bound to the VM's own 127.0.0.1 and advertising `localhost:<port>`
 * (ports 9092, 9102, 9112 for 1 or 3 nodes). In the loopback stand-in, free host ports instead.
 */
export async function startVmKafka(vm: Vm, nodes: 1 | 3 = 1): Promise<KafkaCluster> {
  const count = nodes;
  const ports = vm.kind === 'netns'
    ? [9092, 9102, 9112].slice(0, count)
    : await Promise.all(Array.from({ length: count }, () => freePort('127.0.0.1')));
  return startKafka({ nodes, wrap: vm.wrap, host: '127.0.0.1', advertisedHost: 'localhost', ports });
}

export interface SshVm {
  readonly vm: Vm;
  readonly sshd: Sshd;
  readonly kafka: KafkaCluster;
  /** Milliseconds spent on namespace, sshd and broker setup. */
  readonly setupMs: { vm: number; sshd: number; kafka: number };
  stop(): Promise<void>;
}

/** The whole firewalled VM: namespace, sshd on its veth address, Kafka on its loopback. */
export async function startSshVm(opts: { nodes?: 1 | 3; sshd?: Omit<SshdOptions, 'netns' | 'listenAddress'> } = {}): Promise<SshVm> {
  const t0 = Date.now();
  const vm = await createVm();
  const t1 = Date.now();
  let sshd: Sshd | undefined;
  try {
    sshd = await startSshd({ ...opts.sshd, netns: vm.name || undefined, listenAddress: vm.address });
    const t2 = Date.now();
    const kafka = await startVmKafka(vm, opts.nodes ?? 1);
    const t3 = Date.now();
    const s = sshd;
    return {
      vm, sshd: s, kafka, setupMs: { vm: t1 - t0, sshd: t2 - t1, kafka: t3 - t2 },
      async stop(): Promise<void> {
        await kafka.stop();
        await s.stop();
        await vm.destroy();
      },
    };
  } catch (e) {
    await sshd?.stop();
    await vm.destroy();
    throw e;
  }
}
