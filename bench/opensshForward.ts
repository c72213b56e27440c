// OpenSSH's own `ssh -N -L` port forward, the course's hand-made set-up: the peer of the SSH tunnel
// rows. The broker advertises the VM's `localhost:<port>`, so the forward listens on the same port on
// the host's loopback, exactly as `ssh -L 9092:localhost:9092 user@vm` does.
import { spawnGuarded } from '../test/harness/process';
import { tcpConnects } from '../test/harness/ports';
import { waitFor } from '../test/harness/process';

export interface OpensshTarget {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  /** A known_hosts file that trusts the server. */
  knownHosts: string;
}

export interface OpensshForward {
  readonly localPort: number;
  stop(): Promise<void>;
}

/** Whether `port` is free on both loopbacks of this machine (another broker may hold 9092). */
export async function loopbackPortFree(port: number): Promise<boolean> {
  return !(await tcpConnects('127.0.0.1', port)) && !(await tcpConnects('::1', port));
}

export async function startOpensshForward(t: OpensshTarget, port: number): Promise<OpensshForward> {
  const args = [
    '-N', '-F', '/dev/null', // none of this machine's ssh_config: the defaults a course VM would get
    '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${t.knownHosts}`, '-o', 'StrictHostKeyChecking=yes',
    '-i', t.keyPath, '-p', String(t.port),
    '-L', `${port}:localhost:${port}`,
    `${t.user}@${t.host}`,
  ];
  const p = spawnGuarded('ssh', args);
  let stderr = '';
  p.child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  try {
    await waitFor(`ssh -L ${port} to listen`, 15_000, async () => {
      if (p.child.exitCode !== null) throw new Error(`ssh -L exited with ${p.child.exitCode}: ${stderr.trim()}`);
      return tcpConnects('127.0.0.1', port);
    });
  } catch (e) {
    await p.stop('SIGKILL');
    throw e;
  }
  return { localPort: port, stop: () => p.stop('SIGTERM', 3_000) };
}
