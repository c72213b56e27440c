// Prototype (experiment only), main-thread side of tunnelWorker.ts: a kafkajs socketFactory whose
// sockets are the extension's TunnelSocket joined to a stand-in channel fed by the worker's messages.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ISocketFactory } from 'kafkajs';
import type { ClientChannel } from 'ssh2';
import { TunnelSocket } from '../../src/kafka/ssh/socketFactory';
import { SshTunnel } from '../../src/kafka/ssh/sshTunnel';
import type { SshEndpointInput } from '../ours/sshClient';

export type ToWorker =
  | { op: 'open'; id: number; host: string; port: number }
  | { op: 'write'; id: number; buf: ArrayBuffer }
  | { op: 'end' | 'close' | 'pause' | 'resume'; id: number }
  | { op: 'shutdown' };
type FromWorker =
  | { op: 'data'; id: number; buf: ArrayBuffer }
  | { op: 'opened' | 'end' | 'close'; id: number }
  | { op: 'error'; id: number; message: string };

export function makeTunnel(ssh: SshEndpointInput): { tunnel: SshTunnel; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-bench-kh-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${ssh.knownHostsLine}\n`);
  const tunnel = new SshTunnel({
    target: { host: ssh.host, port: ssh.port, user: ssh.user, identityFiles: [ssh.keyPath], identitiesOnly: true, label: `${ssh.user}@${ssh.host}:${ssh.port}`, jumps: [] },
    auth: 'key', agentSocket: '', knownHostsFiles: [knownHosts], confirmUnknownHost: async () => false,
    timeoutMs: 10_000, defaultIdentityFiles: [], serverNoDelay: ssh.serverNoDelay,
    ciphers: process.env.BENCH_SSH_CIPHER ? process.env.BENCH_SSH_CIPHER.split(',') : undefined,
  });
  return { tunnel, close: () => { tunnel.close(); rmSync(dir, { recursive: true, force: true }); } };
}

class ChannelProxy extends EventEmitter {
  constructor(private readonly w: Worker, private readonly id: number) { super(); }
  private post(m: ToWorker, transfer?: ArrayBuffer[]): void { this.w.postMessage(m, transfer); }
  write(chunk: Buffer, cb?: (e?: Error | null) => void): boolean {
    const copy = new Uint8Array(chunk.length);
    copy.set(chunk);
    this.post({ op: 'write', id: this.id, buf: copy.buffer }, [copy.buffer]);
    cb?.();
    return true;
  }
  end(): void { this.post({ op: 'end', id: this.id }); }
  close(): void { this.post({ op: 'close', id: this.id }); }
  pause(): void { this.post({ op: 'pause', id: this.id }); }
  resume(): void { this.post({ op: 'resume', id: this.id }); }
}

export function workerSocketFactory(ssh: SshEndpointInput): { factory: ISocketFactory; close(): void } {
  const w = new Worker(join(__dirname, 'tunnelWorker.js'), { workerData: ssh });
  const proxies = new Map<number, { proxy: ChannelProxy; raw: TunnelSocket }>();
  let next = 1;
  w.on('message', (m: FromWorker) => {
    const p = proxies.get(m.id);
    if (!p) return;
    if (m.op === 'data') p.proxy.emit('data', Buffer.from(m.buf));
    else if (m.op === 'opened') p.raw.attach(p.proxy as unknown as ClientChannel);
    else if (m.op === 'end') p.proxy.emit('end');
    else if (m.op === 'close') { p.proxy.emit('close'); proxies.delete(m.id); }
    else if (m.op === 'error') {
      if (p.raw.listenerCount('connect') && !p.proxy.listenerCount('data')) p.raw.destroy(new Error(m.message));
      else p.proxy.emit('error', new Error(m.message));
    }
  });
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    const id = next++;
    const raw = new TunnelSocket(`${host}:${port}`);
    proxies.set(id, { proxy: new ChannelProxy(w, id), raw });
    w.postMessage({ op: 'open', id, host, port } satisfies ToWorker);
    raw.once('connect', onConnect);
    return raw as unknown as Socket;
  };
  return { factory, close: () => { w.postMessage({ op: 'shutdown' } satisfies ToWorker); setTimeout(() => void w.terminate(), 200).unref(); } };
}
