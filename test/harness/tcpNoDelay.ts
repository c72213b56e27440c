// Whether a server process's TCP sockets have TCP_NODELAY set, read without timing anything: `ss -p`
// names the process and fd of each connection on a port, pidfd_getfd(2) (Linux ≥ 5.6, as root) copies
// that fd into a short Python process, and getsockopt reads the option the socket carries.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const READ_NODELAY = `
import ctypes, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
out = []
for a in sys.argv[1:]:
    pid, fd = (int(x) for x in a.split(':'))
    pidfd = os.pidfd_open(pid)
    n = libc.syscall(438, pidfd, fd, 0)  # pidfd_getfd
    if n < 0:
        raise OSError(ctypes.get_errno(), 'pidfd_getfd %s' % a)
    s = socket.socket(fileno=n)
    out.append(str(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
    s.close()  # closes our copy only
    os.close(pidfd)
print(' '.join(out))
`;

export interface ServerSocket {
  /** The peer, "address:port". */
  peer: string;
  pid: number;
  fd: number;
  noDelay: boolean;
}

/**
 * Every established TCP connection on local port `port` (run inside `wrap`, e.g. a namespace), with one
 * process holding it and whether TCP_NODELAY is on.
 */
export async function serverSocketsNoDelay(port: number, wrap: string[] = []): Promise<ServerSocket[]> {
  const cmd = [...wrap, 'ss', '-tnpH', 'state', 'established', `( sport = :${port} )`];
  const { stdout } = await run(cmd[0], cmd.slice(1));
  const found: Array<Omit<ServerSocket, 'noDelay'>> = [];
  for (const line of stdout.split('\n').filter((l) => l.trim())) {
    const cols = line.trim().split(/\s+/);
    const m = /pid=(\d+),fd=(\d+)/.exec(line);
    if (!m) continue;
    found.push({ peer: cols[3], pid: Number(m[1]), fd: Number(m[2]) });
  }
  if (!found.length) return [];
  const { stdout: flags } = await run('python3', ['-c', READ_NODELAY, ...found.map((f) => `${f.pid}:${f.fd}`)]);
  const v = flags.trim().split(' ');
  return found.map((f, i) => ({ ...f, noDelay: v[i] !== '0' }));
}
