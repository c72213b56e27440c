// A kafkajs client whose sockets all go through src/kafka/ssh (ssh2 direct-tcpip channels), set up
// the way the extension sets up a cluster with SSH settings, minus the VS Code prompts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { createSshSocketFactory } from '../../src/kafka/ssh/socketFactory';
import { ServerNoDelayMode, SshTunnel } from '../../src/kafka/ssh/sshTunnel';
import { benchClient } from './kafkaClient';

export interface SshEndpointInput {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  knownHostsLine: string;
  /** Default 'exec', as in the extension; the bench measures the alternatives with it. */
  serverNoDelay?: ServerNoDelayMode;
}

export function tunnelClient(bootstrap: string, clientId: string, ssh: SshEndpointInput): { kafka: Kafka; close(): void } {
  if (process.env.BENCH_SSH_WORKER) {
    // Experiment: ssh2 in a worker thread (bench/exp/workerTunnel.ts), loaded only when asked for.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { workerSocketFactory } = require('../exp/workerTunnel') as typeof import('../exp/workerTunnel');
    const w = workerSocketFactory(ssh);
    return { kafka: benchClient(bootstrap, clientId, w.factory), close: w.close };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-bench-kh-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${ssh.knownHostsLine}\n`);
  const tunnel = new SshTunnel({
    target: { host: ssh.host, port: ssh.port, user: ssh.user, identityFiles: [ssh.keyPath], identitiesOnly: true, label: `${ssh.user}@${ssh.host}:${ssh.port}`, jumps: [] },
    auth: 'key',
    agentSocket: '',
    knownHostsFiles: [knownHosts],
    confirmUnknownHost: async () => false,
    timeoutMs: 10_000,
    defaultIdentityFiles: [],
    serverNoDelay: ssh.serverNoDelay,
    ciphers: process.env.BENCH_SSH_CIPHER ? process.env.BENCH_SSH_CIPHER.split(',') : undefined,
  });
  return { kafka: benchClient(bootstrap, clientId, createSshSocketFactory(tunnel)), close: () => {
    tunnel.close();
    // The known_hosts file is the only thing in the dir; a bench run leaves no temp dir behind.
    rmSync(dir, { recursive: true, force: true });
  } };
}
