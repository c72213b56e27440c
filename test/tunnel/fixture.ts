// Shared pieces of the SSH tunnel suites: a tunnel to the test VM with sane defaults, and a kafkajs
// client whose every socket goes through it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/client/client';
import { createSshSocketFactory } from '../../src/kafka/ssh/socketFactory';
import { SshTarget } from '../../src/kafka/ssh/sshTarget';
import { SshTunnel, SshTunnelOptions } from '../../src/kafka/ssh/sshTunnel';
import { Sshd } from '../harness/sshd';
import { trackTempDir } from '../harness/process';

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  trackTempDir(d);
  return d;
}

export function targetFor(sshd: Sshd, over: Partial<SshTarget> = {}): SshTarget {
  return {
    host: sshd.host, port: sshd.port, user: sshd.user, identityFiles: [sshd.userKeyPath], identitiesOnly: true,
    label: `${sshd.user}@${sshd.host}:${sshd.port}`, jumps: [], ...over,
  };
}

/** A known_hosts file that already trusts `sshd`. */
export function trustingKnownHosts(sshd: Sshd): string {
  const f = join(tempDir('kd-kh-'), 'known_hosts');
  writeFileSync(f, `${sshd.knownHostsLine}\n`);
  return f;
}

export function tunnelTo(sshd: Sshd, over: Partial<SshTunnelOptions> = {}): SshTunnel {
  return new SshTunnel({
    target: targetFor(sshd),
    auth: 'key',
    agentSocket: '',
    knownHostsFiles: [trustingKnownHosts(sshd)],
    confirmUnknownHost: async () => { throw new Error('unexpected host key prompt'); },
    timeoutMs: 10_000,
    defaultIdentityFiles: [],
    ...over,
  });
}

export function kafkaThrough(tunnel: SshTunnel, bootstrapServers: string[], clientId = 'tunnel-test'): Kafka {
  return createKafkaClient({ id: clientId, name: clientId, bootstrapServers }, {}, {
    connectionTimeoutMs: 10_000, clientId, socketFactory: createSshSocketFactory(tunnel),
  });
}
