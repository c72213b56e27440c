// Host key checking for the tunnel: every configured known_hosts file is read, a changed or revoked
// key is refused, an unknown key is put to the person and, when accepted, appended to the tunnel's file.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { PausableDeadline } from './deadline';
import {
  checkHostKey, fingerprint, hostKeyAlgorithmsFor, hostLookupName, KnownHostEntry, knownHostsLine, keyTypeOf, parseKnownHosts,
} from './knownHosts';
import { SshEndpoint } from './sshTarget';
import { SshTunnelOptions } from './tunnelTypes';
import { SshTunnelError } from './tunnelErrors';

type HostKeyOptions = Pick<SshTunnelOptions, 'knownHostsFiles' | 'knownHostsAppendTo' | 'confirmUnknownHost' | 'log'>;

const SUPPORTED_HOST_KEY = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

const knownHostsFiles = (o: HostKeyOptions): string[] => o.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts')];

export function readKnownHosts(o: HostKeyOptions): KnownHostEntry[] {
  return knownHostsFiles(o).flatMap((f) => {
    try {
      return existsSync(f) ? parseKnownHosts(readFileSync(f, 'utf8'), f) : [];
    } catch {
      return [];
    }
  });
}

/**
 * The host key algorithms known_hosts already has for this endpoint, offered first as OpenSSH does, so
 * a server with several host keys shows the one we can check.
 */
export function knownHostKeyAlgorithms(o: HostKeyOptions, ep: SshEndpoint): ServerHostKeyAlgorithm[] {
  return [...new Set(readKnownHosts(o)
    .filter((k) => !k.marker && checkHostKey([k], ep.host, ep.port, k.keyBlob).status === 'known')
    .flatMap((k) => hostKeyAlgorithmsFor(k.keyType)))]
    .filter((a) => SUPPORTED_HOST_KEY.includes(a)) as ServerHostKeyAlgorithm[];
}

function rememberHostKey(o: HostKeyOptions, ep: SshEndpoint, key: Buffer): void {
  const file = o.knownHostsAppendTo ?? knownHostsFiles(o)[0];
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const needsNewline = existsSync(file) && statSync(file).size > 0 && !readFileSync(file, 'utf8').endsWith('\n');
  appendFileSync(file, `${needsNewline ? '\n' : ''}${knownHostsLine(ep.host, ep.port, key)}\n`, { mode: 0o600 });
  o.log?.(`remembered the host key of ${hostLookupName(ep.host, ep.port)} in ${file}`);
}

/** Resolves to continue the handshake; throws (with the reason) to refuse. */
export async function verifyHostKey(o: HostKeyOptions, ep: SshEndpoint, key: Buffer, deadline: PausableDeadline): Promise<void> {
  const name = hostLookupName(ep.host, ep.port);
  const fp = fingerprint(key);
  const type = keyTypeOf(key);
  const r = checkHostKey(readKnownHosts(o), ep.host, ep.port, key);
  switch (r.status) {
    case 'known':
      return;
    case 'revoked':
      throw new SshTunnelError('hostkey-changed',
        `The SSH host key of ${name} (${type} ${fp}) is marked @revoked in ${r.entry.file ?? 'known_hosts'}:${r.entry.line}. Refusing to connect.`);
    case 'changed': {
      const was = r.known.map((k) => `${k.keyType} ${fingerprint(k.keyBlob)} (${k.file ?? 'known_hosts'}:${k.line})`).join(', ');
      throw new SshTunnelError('hostkey-changed',
        `WARNING: the SSH host key of ${name} has CHANGED. The server presented ${type} ${fp}, but known_hosts has ${was}. ` +
        'Someone could be intercepting the connection, or the server was reinstalled. Refusing to connect; ' +
        'if the change is expected, remove the old entry and connect again.');
    }
    case 'unknown': {
      const ok = await deadline.paused(() => o.confirmUnknownHost({ host: name, keyType: type, fingerprint: fp, label: ep.label }));
      if (!ok) {
        throw new SshTunnelError('hostkey-rejected', `The SSH host key of ${name} (${type} ${fp}) was not accepted, so no connection was made.`);
      }
      rememberHostKey(o, ep, key);
    }
  }
}
