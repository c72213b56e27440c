// Whether a server process's TCP sockets have TCP_NODELAY set, read without timing anything: `ss -p`
// names the process and fd of each connection on a port, pidfd_getfd(2) (Linux ≥ 5.6, as root) copies
// that fd into a short Python process, and getsockopt reads the option the socket carries.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const READ_NODELAY = `
import ctypes, errno, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
out = []
for sock in sys.argv[1:]:
    got = '-'
    # Any process holding the socket will do; one may have exited (or closed it) since ss looked.
    for a in sock.split(','):
        pid, fd = (int(x) for x in a.split(':'))
        try:
            pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        n = libc.syscall(438, pidfd, fd, 0)  # pidfd_getfd
        err = ctypes.get_errno()
        os.close(pidfd)
        if n < 0:
            if err in (errno.EBADF, errno.ESRCH):
                continue
            raise OSError(err, 'pidfd_getfd %s' % a)
        s = socket.socket(fileno=n)
        got = str(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        s.close()  # closes our copy only
        break
    out.append(got)
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
  // sshd forks around a login and a session (a child holds the socket for a moment, then exits), so a
  // holder ss named can be gone when its fd is copied: the socket is read through another holder, and
  // if every holder of one is gone the connections are listed again.
  for (let attempt = 1; ; attempt++) {
    const cmd = [...wrap, 'ss', '-tnpH', 'state', 'established', `( sport = :${port} )`];
    const { stdout } = await run(cmd[0], cmd.slice(1));
    const found: Array<Omit<ServerSocket, 'noDelay'> & { holders: string }> = [];
    for (const line of stdout.split('\n').filter((l) => l.trim())) {
      const cols = line.trim().split(/\s+/);
      const holders = [...line.matchAll(/pid=(\d+),fd=(\d+)/g)];
      if (!holders.length) continue;
      found.push({ peer: cols[3], pid: Number(holders[0][1]), fd: Number(holders[0][2]), holders: holders.map((m) => `${m[1]}:${m[2]}`).join(',') });
    }
    if (!found.length) return [];
    const { stdout: flags } = await run('python3', ['-c', READ_NODELAY, ...found.map((f) => f.holders)]);
    const v = flags.trim().split(' ');
    if (v.includes('-') && attempt < 20) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if (v.includes('-')) throw new Error(`the sockets on port ${port} kept changing hands: ${found.map((f) => f.holders).join(' ')}`);
    return found.map(({ holders: _, ...f }, i) => ({ ...f, noDelay: v[i] !== '0' }));
  }
}
