// Turns a cluster's SSH settings (an alias from ~/.ssh/config, or user@host:port) into the concrete
// endpoint(s) to dial: host, port, user, key files, and ProxyJump hops in order.
import { homedir, userInfo } from 'node:os';
import { SshSettings } from '../rules/clusterConfig';
import { resolveWithOpenSsh } from './opensshConfig';
import { LoadedSshConfig, parseJumpHop, ResolvedSshHost, resolveSshHost, SshConfigBlock } from './sshConfig';
import { SshTunnelError } from './tunnelErrors';

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
  /** Key files named by the settings or ~/.ssh/config (may not exist). */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** How the endpoint is named in messages: "alias (user@host:port)" or "user@host:port". */
  label: string;
}

export interface SshTarget extends SshEndpoint {
  /** ProxyJump hops, first hop first. */
  jumps: SshEndpoint[];
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

/**
 * How a name resolves: by `ssh -G` when the config came from loadSshConfig and OpenSSH's client is
 * installed (Match, tokens and Include exactly as ssh), else by our own reader.
 */
function hostResolver(blocks: SshConfigBlock[] | LoadedSshConfig, home: string): (name: string, checkExists?: boolean) => ResolvedSshHost {
  const openssh = (blocks as LoadedSshConfig).openssh;
  let available = openssh !== undefined;
  // Each ssh -G is a process start (tens of ms): a name is asked once per resolution.
  const seen = new Map<string, ResolvedSshHost>();
  return (name, checkExists = false) => {
    const known = seen.get(name);
    if (known) return known;
    let r: ResolvedSshHost | undefined;
    if (available && openssh) {
      r = resolveWithOpenSsh(name, openssh.configFile, home, openssh.sshBinary, checkExists);
      if (!r) available = false;
    }
    r ??= resolveSshHost(blocks, name, home);
    seen.set(name, r);
    return r;
  };
}

function endpoint(name: string, resolve: (name: string, checkExists?: boolean) => ResolvedSshHost, over: { user?: string; port?: number; identityFile?: string }, home: string): SshEndpoint & { proxyJump?: string; explicit: boolean } {
  const r = resolve(name);
  const user = over.user || r.user || localUser();
  const port = over.port ?? r.port ?? 22;
  const where = `${user}@${r.hostName}:${port}`;
  return {
    host: r.hostName,
    port,
    user,
    identityFiles: over.identityFile ? [over.identityFile.replace(/^~(?=\/|$)/, home)] : r.identityFiles,
    identitiesOnly: r.identitiesOnly ?? false,
    label: r.hostName === name ? where : `${name} (${where})`,
    proxyJump: r.proxyJump,
    explicit: r.explicit,
  };
}

export function resolveSshTarget(s: SshSettings, blocks: SshConfigBlock[] | LoadedSshConfig, home = homedir()): SshTarget {
  const resolve = hostResolver(blocks, home);
  let name: string;
  const over = { user: s.user, port: s.port, identityFile: s.identityFile };
  if (s.alias?.trim()) {
    name = s.alias.trim();
    const probe = resolve(name, true);
    if (!probe.explicit) {
      throw new SshTunnelError('alias', `No Host "${name}" in ~/.ssh/config: add a "Host ${name}" entry there, or give the SSH host as user@host:port instead.`);
    }
  } else if (s.host?.trim()) {
    // "user@host:port" written into the host field is accepted too.
    const hop = parseJumpHop(s.host.trim());
    if (!hop) throw new SshTunnelError('config', `"${s.host}" is not an SSH host: write host, user@host or user@host:port.`);
    name = hop.host;
    over.user ||= hop.user;
    over.port ??= hop.port;
  } else {
    throw new SshTunnelError('config', 'The SSH tunnel needs a Host alias from ~/.ssh/config or a host name.');
  }
  if (over.port !== undefined && !(Number.isInteger(over.port) && over.port > 0 && over.port < 65536)) {
    throw new SshTunnelError('config', `SSH port ${over.port} is not between 1 and 65535.`);
  }
  const main = endpoint(name, resolve, over, home);
  const jumps: SshEndpoint[] = [];
  if (main.proxyJump) {
    for (const raw of main.proxyJump.split(',')) {
      const hop = parseJumpHop(raw);
      if (!hop) throw new SshTunnelError('config', `ProxyJump "${raw}" for ${name} is not [user@]host[:port].`);
      const j = endpoint(hop.host, resolve, { user: hop.user, port: hop.port }, home);
      jumps.push({ host: j.host, port: j.port, user: j.user, identityFiles: j.identityFiles, identitiesOnly: j.identitiesOnly, label: j.label });
    }
  }
  return { host: main.host, port: main.port, user: main.user, identityFiles: main.identityFiles, identitiesOnly: main.identitiesOnly, label: main.label, jumps };
}
