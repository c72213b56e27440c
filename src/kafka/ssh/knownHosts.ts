// known_hosts checking, as OpenSSH does it: plain and hashed (|1|salt|hash) host fields, comma lists,
// wildcards and negation, the "[host]:port" form for non-22 ports, @revoked markers.
// Pure functions over text, so they are unit-tested without any SSH server.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** The host field as written (patterns or a hashed name). */
  hosts: string;
  keyType: string;
  keyBlob: Buffer;
  /** 1-based line number, for messages. */
  line: number;
  file?: string;
}

export type HostKeyCheck =
  | { status: 'known'; entry: KnownHostEntry }
  /** The host is known with other keys: never accept silently. */
  | { status: 'changed'; known: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'unknown' };

/** "SHA256:<base64 without padding>", as `ssh-keygen -l` prints it. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const n = keyBlob.readUInt32BE(0);
  return n > 0 && n < 64 && keyBlob.length >= 4 + n ? keyBlob.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

/**
 * The name OpenSSH looks up: "host" on port 22, "[host]:port" otherwise, lowercased. ssh lowercases the
 * host name before it looks it up, and `ssh-keygen -H` and ssh's own new entries lowercase each name
 * before hashing it, so a hashed entry only matches the lowercased name.
 */
export function hostLookupName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

export function knownHostsLine(host: string, port: number, keyBlob: Buffer): string {
  return `${hostLookupName(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}

export function parseKnownHosts(text: string, file?: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#')) return;
    const parts = l.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = parts.shift() as KnownHostEntry['marker'];
    if (parts.length < 3) return;
    const keyBlob = Buffer.from(parts[2], 'base64');
    if (keyBlob.length === 0) return;
    out.push({ marker, hosts: parts[0], keyType: parts[1], keyBlob, line: i + 1, file });
  });
  return out;
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|\\[\]]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** True when the host field of an entry names `host` on `port`. */
export function hostFieldMatches(field: string, host: string, port: number): boolean {
  const name = hostLookupName(host, port);
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const h = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return h === hash;
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (!p) continue;
    const negated = p.startsWith('!');
    const re = wildcardToRegExp(negated ? p.slice(1) : p);
    if (re.test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Checks the key a server presented against every entry (from every file) that names the host. */
export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyCheck {
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && hostFieldMatches(e.hosts, host, port));
  const revoked = entries.find((e) => e.marker === '@revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return { status: 'revoked', entry: revoked };
  const same = mine.find((e) => !e.marker && e.keyBlob.equals(keyBlob));
  if (same) return { status: 'known', entry: same };
  const others = mine.filter((e) => !e.marker);
  return others.length ? { status: 'changed', known: others } : { status: 'unknown' };
}

/** SSH host key algorithms that a key of this type can sign with, best first. */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}
