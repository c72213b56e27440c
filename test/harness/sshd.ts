// A real OpenSSH server for the tunnel tests: Debian's /usr/sbin/sshd with its own config, throwaway
// host and user keys in a temp dir, in the foreground, optionally inside a network namespace.
// Never the system's config or keys.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { GuardedProcess, releaseTempDir, spawnGuarded, trackTempDir, waitFor } from './process';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

export interface SshdOptions {
  /** Run inside this network namespace (via `ip netns exec`). */
  netns?: string;
  /** Address to listen on (default 127.0.0.1). */
  listenAddress?: string;
  /** Default: 22 inside a namespace, a free port otherwise. */
  port?: number;
  /** Default true; false reproduces a server that refuses port forwarding. */
  allowTcpForwarding?: boolean;
  /** Extra authorized public key lines (the generated user key is always authorized). */
  authorizedKeys?: string[];
  /** Encrypts the generated user key with this passphrase. */
  userKeyPassphrase?: string;
  /**
   * Enables password login for root with this password. sshd checks /etc/shadow, so sshd runs in its
   * own mount namespace where a copy of /etc/shadow with that password is bind-mounted: the system's
   * file is never changed.
   */
  password?: string;
  /**
   * Environment for sessions (sshd_config SetEnv), e.g. { PATH: '/some/dir' } to make a command
   * missing on the VM side.
   */
  setEnv?: Record<string, string>;
  /**
   * Lines appended to sshd_config, after everything else. sshd keeps the first value of a keyword, so
   * override one with a Match block, e.g. ['Match all', 'MaxSessions 0'].
   */
  extraConfig?: string[];
}

export interface Sshd {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** As OpenSSH prints it: SHA256:<base64 without padding>. */
  readonly hostKeyFingerprint: string;
  /** "ssh-ed25519 AAAA..." */
  readonly hostPublicKey: string;
  /** A known_hosts line for this server ("[host]:port key" unless the port is 22). */
  readonly knownHostsLine: string;
  /** Throwaway ed25519 private key authorized for `user`. */
  readonly userKeyPath: string;
  readonly userPublicKey: string;
  readonly dir: string;
  readonly logFile: string;
  readonly process: GuardedProcess;
  /** Kills every per-connection sshd child: established SSH sessions drop, the listener stays. */
  killSessions(): Promise<number>;
  /** SIGKILLs every process of every session (children and their descendants, frozen ones too). */
  killSessionTree(): Promise<number>;
  /** Number of live per-connection children. */
  sessionCount(): Promise<number>;
  /**
   * SIGSTOPs (true) or SIGCONTs (false) every per-connection process (monitor and session child): the
   * server then answers nothing, e.g. a channel-open, until resumed; the TCP connection stays up.
   */
  freezeSessions(frozen: boolean): Promise<number>;
  stop(): Promise<void>;
}

async function keygen(path: string, passphrase = '', comment = 'kafka-dev-test'): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', path]);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

export function fingerprintOf(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.split(/\s+/)[1], 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** OpenSSH >= 9.8 penalises clients that fail auth repeatedly; tests do that on purpose. */
async function supportsPerSourcePenalties(): Promise<boolean> {
  const r = await run(SSHD, ['-V']).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '', stdout: '' }));
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(`${r.stderr}${r.stdout}`);
  return !!m && (Number(m[1]) > 9 || (Number(m[1]) === 9 && Number(m[2]) >= 8));
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const host = opts.listenAddress ?? '127.0.0.1';
  const port = opts.port ?? (opts.netns ? 22 : await freePort(host));
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-sshd-'));
  trackTempDir(dir);
  // Debian's sshd insists on its privilege-separation directory, normally made by systemd.
  if (!existsSync('/run/sshd')) {
    try { mkdirSync('/run/sshd', { mode: 0o755, recursive: true }); } catch { /* not root: sshd says what it misses */ }
  }

  const hostPublicKey = await keygen(join(dir, 'host_ed25519'), '', 'kafka-dev-test-host');
  const userKeyPath = join(dir, 'user_ed25519');
  const userPublicKey = await keygen(userKeyPath, opts.userKeyPassphrase ?? '');
  writeFileSync(join(dir, 'authorized_keys'), [userPublicKey, ...(opts.authorizedKeys ?? [])].join('\n') + '\n');
  const logFile = join(dir, 'sshd.log');
  const config = [
    `Port ${port}`,
    `ListenAddress ${host}`,
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    // Tests run as root.
    `PermitRootLogin ${opts.password ? 'yes' : 'prohibit-password'}`,
    'PubkeyAuthentication yes',
    `PasswordAuthentication ${opts.password ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    `AllowTcpForwarding ${opts.allowTcpForwarding === false ? 'no' : 'yes'}`,
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    'UseDNS no',
    'MaxStartups 100',
    'MaxSessions 100',
    'MaxAuthTries 20',
    'LogLevel VERBOSE',
    // SFTP for uploads (Set Up Kafka on a VM).
    'Subsystem sftp internal-sftp',
    ...Object.entries(opts.setEnv ?? {}).map(([k, v]) => `SetEnv ${k}="${v}"`),
    ...(await supportsPerSourcePenalties() ? ['PerSourcePenalties no'] : []),
    ...(opts.extraConfig ?? []),
  ];
  writeFileSync(join(dir, 'sshd_config'), config.join('\n') + '\n');

  let cmd = [SSHD, '-D', '-e', '-f', join(dir, 'sshd_config')];
  if (opts.password) {
    const { stdout: hash } = await run('openssl', ['passwd', '-6', opts.password]);
    const shadow = readFileSync('/etc/shadow', 'utf8').split('\n')
      .map((l) => (l.startsWith('root:') ? l.replace(/^root:[^:]*:/, `root:${hash.trim()}:`) : l)).join('\n');
    writeFileSync(join(dir, 'shadow'), shadow, { mode: 0o600 });
    cmd = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c',
      'mount --bind "$0" /etc/shadow && exec "$@"', join(dir, 'shadow'), ...cmd];
  }
  if (opts.netns) cmd = ['ip', 'netns', 'exec', opts.netns, ...cmd];

  const proc = spawnGuarded(cmd[0], cmd.slice(1), { logFile, cleanupDirs: [dir] });
  const inNs = (args: string[]): string[] => (opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...args] : args);
  try {
    await waitFor(`sshd on ${host}:${port}`, 15_000, async () => {
      if (proc.child.exitCode !== null) {
        throw new Error(`sshd exited with code ${proc.child.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      }
      const a = inNs(['ss', '-ltnH', `sport = :${port}`]);
      const { stdout } = await run(a[0], a.slice(1));
      return stdout.trim().length > 0;
    });
  } catch (e) {
    await proc.stop('SIGKILL');
    releaseTempDir(dir);
    throw e;
  }

  const children = async (): Promise<number[]> => {
    const r = await run('pgrep', ['-P', String(proc.pid)]).catch(() => ({ stdout: '' }));
    return r.stdout.split('\n').map(Number).filter((p) => p > 0);
  };
  const descendants = async (): Promise<number[]> => {
    const out: number[] = [];
    let level = await children();
    while (level.length) {
      out.push(...level);
      const next: number[] = [];
      for (const p of level) {
        const r = await run('pgrep', ['-P', String(p)]).catch(() => ({ stdout: '' }));
        next.push(...r.stdout.split('\n').map(Number).filter((x) => x > 0));
      }
      level = next;
    }
    return out;
  };
  const hostPart = port === 22 ? host : `[${host}]:${port}`;
  return {
    host, port, user: userInfo().username,
    hostKeyFingerprint: fingerprintOf(hostPublicKey),
    hostPublicKey: hostPublicKey.split(/\s+/).slice(0, 2).join(' '),
    knownHostsLine: `${hostPart} ${hostPublicKey.split(/\s+/).slice(0, 2).join(' ')}`,
    userKeyPath, userPublicKey, dir, logFile, process: proc,
    async killSessions(): Promise<number> {
      const pids = await children();
      for (const p of pids) {
        try { process.kill(p, 'SIGKILL'); } catch { /* gone already */ }
      }
      return pids.length;
    },
    async killSessionTree(): Promise<number> {
      const pids = await descendants();
      for (const p of pids) {
        try { process.kill(p, 'SIGKILL'); } catch { /* gone already */ }
      }
      return pids.length;
    },
    async sessionCount(): Promise<number> {
      return (await children()).length;
    },
    async freezeSessions(frozen: boolean): Promise<number> {
      const pids = await descendants();
      for (const p of pids) {
        try { process.kill(p, frozen ? 'SIGSTOP' : 'SIGCONT'); } catch { /* gone already */ }
      }
      return pids.length;
    },
    async stop(): Promise<void> {
      for (const p of await descendants()) {
        try { process.kill(p, 'SIGCONT'); } catch { /* gone already */ }
      }
      for (const p of await children()) {
        try { process.kill(p, 'SIGKILL'); } catch { /* gone already */ }
      }
      await proc.stop('SIGTERM', 3_000);
      releaseTempDir(dir);
    },
  };
}
