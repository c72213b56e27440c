// ~/.ssh/config resolved by OpenSSH itself: `ssh -G alias` prints the options ssh would use for the
// alias after evaluating everything the config can say (Match blocks, %-tokens, Include, canonical
// names), so Kafka Dev goes where `ssh alias` goes. When no `ssh` client is installed, the caller falls
// back to our own reader (sshConfig.ts), which is tested against `ssh -G` on the same files.
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { expandPath, ResolvedSshHost } from './sshConfig';
import { SshTunnelError } from './tunnelErrors';

type Options = Map<string, string[]>;

/** Undefined: no ssh client here. */
function sshG(args: string[], sshBinary: string): { options: Options } | { error: string } | undefined {
  let out: string;
  try {
    out = execFileSync(sshBinary, ['-G', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message: string };
    if (err.code === 'ENOENT') return undefined;
    const text = (err.stderr ?? '').split('\n').filter((l) => l.trim() && !/Pseudo-terminal/.test(l)).join(' ').trim();
    return { error: text || err.message };
  }
  const options: Options = new Map();
  for (const line of out.split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const k = m[1].toLowerCase();
    options.set(k, [...(options.get(k) ?? []), m[2]]);
  }
  return { options };
}

let defaultIdentities: string[] | undefined;

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const dedupe = (xs: string[]): string[] => [...new Set(xs)];

/**
 * What `ssh alias` would use, from `ssh -G [-F file] alias`; undefined when no OpenSSH client is
 * installed. `explicit` is true when the config says anything about this name that it does not say
 * about any other name (so a misspelt alias is reported, not dialled as a host name); that costs a
 * second `ssh -G`, so without `checkExists` it is not computed (true).
 */
export function resolveWithOpenSsh(alias: string, configFile: string | undefined, home = homedir(), sshBinary = 'ssh',
  checkExists = true): ResolvedSshHost | undefined {
  const f = configFile ? ['-F', configFile] : [];
  const r = sshG([...f, '--', alias], sshBinary);
  if (!r) return undefined;
  if ('error' in r) throw new SshTunnelError('config', `ssh -G ${alias} failed, so ~/.ssh/config could not be read as ssh reads it: ${r.error}`);
  const nonce = `kafka-dev-no-such-host-${process.pid}`;
  const other = checkExists ? sshG([...f, '--', nonce], sshBinary) : undefined;
  const none = defaultIdentities ?? (() => {
    const d = sshG(['-F', 'none', '--', nonce], sshBinary);
    defaultIdentities = d && 'options' in d ? dedupe(d.options.get('identityfile') ?? []) : [];
    return defaultIdentities;
  })();
  const o = r.options;
  const one = (k: string): string | undefined => o.get(k)?.[0];
  let explicit = true;
  if (other && 'options' in other) {
    const mine = [...o.entries()].map(([k, v]) => `${k} ${v.join('\n')}`).sort();
    const theirs = [...other.options.entries()].map(([k, v]) => `${k} ${v.join('\n').split(nonce).join(alias)}`).sort();
    explicit = !same(mine, theirs);
  }
  const hostName = one('hostname') ?? alias;
  const user = one('user');
  const port = Number(one('port') ?? 22);
  const ids = dedupe(o.get('identityfile') ?? []);
  // No IdentityFile in the config: ssh lists its built-in defaults, which the tunnel has its own list for.
  const configured = same(ids, none) ? [] : ids;
  const ctx = { home, host: hostName, alias, user, port };
  const jump = one('proxyjump');
  return {
    alias,
    hostName,
    user,
    port,
    identityFiles: configured.filter((x) => x.toLowerCase() !== 'none').map((x) => expandPath(x, ctx)),
    identitiesOnly: one('identitiesonly') === 'yes',
    proxyJump: jump && jump.toLowerCase() !== 'none' ? jump : undefined,
    explicit,
  };
}
