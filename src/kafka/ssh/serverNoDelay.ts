// Getting sshd to turn Nagle's algorithm off on its side of the connection.
//
// OpenSSH's sshd sets TCP_NODELAY on its socket only once a session forks a child (do_exec →
// ssh_packet_set_interactive); a connection that only forwards ports (what a tunnel is) keeps Nagle on.
// The end of each Kafka answer then waits for our kernel's delayed ACK (~40 ms) whenever the segment
// before it went unacknowledged: measured on a namespace VM, a 1M-record consume lost half its time that
// way. So right after login we run `true` in a session, as `ssh host true` would: sshd forks, sets
// TCP_NODELAY for the rest of the connection, the command exits by itself and the channel closes.
// Nothing waits for it: Kafka channels open at once, and a server that refuses sessions (MaxSessions 0,
// `restrict`ed keys, a nologin shell…) still forwards as before; we say so in the log. Everything is
// bounded: a request or a command that does not answer is given up on (and its channel closed).
// One case costs something on the server: a forced command (ForceCommand, `command=` in authorized_keys)
// runs instead of `true`, and one that never ends (say `sleep infinity` on a tunnel-only account) is left
// running by sshd even after we close its channel (sshd signals only pty sessions, and refuses "signal"
// requests for forced commands). So a server whose session did not end is not asked again while the
// extension runs: at most one such process per server, and the log says so.
import type { Client, ClientChannel } from 'ssh2';

/** How to ask: 'exec' runs `true`; 'sftp' starts the sftp subsystem (measured as an alternative); 'off' asks nothing. */
export type ServerNoDelayMode = 'exec' | 'sftp' | 'off';

/** 'set': sshd forked a session child, so its socket has TCP_NODELAY from now on. */
export type ServerNoDelayOutcome = 'set' | 'refused' | 'no-answer' | 'off';

/** Servers ("user@host:port") whose session command did not end: no more sessions there. */
const lingering = new Set<string>();

const CONSEQUENCE = 'the tunnel works, but sshd keeps Nagle\'s algorithm on, so large Kafka answers may pause ~40 ms at times';

export function askServerNoDelay(c: Client, where: string, mode: ServerNoDelayMode, boundMs: number,
  log?: (m: string) => void): Promise<ServerNoDelayOutcome> {
  if (mode === 'off') return Promise.resolve('off');
  if (lingering.has(where)) {
    log?.(`SSH server ${where}: no session this time (its last one ran a command that did not end): ${CONSEQUENCE}`);
    return Promise.resolve('refused');
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (o: ServerNoDelayOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      c.removeListener('close', onGone);
      resolve(o);
    };
    // The connection ended first (Test Connection closes its own at once): nothing to say or close.
    const onGone = (): void => settle('no-answer');
    c.once('close', onGone);
    const timer = setTimeout(() => {
      log?.(`SSH server ${where} did not answer a session request within ${boundMs} ms: ${CONSEQUENCE}`);
      settle('no-answer');
    }, boundMs);
    timer.unref();
    const onSession = (err: Error | undefined, ch: ClientChannel): void => {
      if (err) {
        // ssh2 has already closed the channel of a refused request.
        if (!settled) log?.(`SSH server ${where} refused a session (${err.message}): ${CONSEQUENCE}`);
        settle('refused');
        return;
      }
      if (settled) {
        // It answered after we gave up: the session is of no use now, and must not stay open.
        finish(c, ch, where, boundMs, log);
        return;
      }
      log?.(`SSH server ${where}: a session ran \`${mode === 'exec' ? 'true' : 'sftp'}\` so that sshd sends without Nagle delays (TCP_NODELAY)`);
      settle('set');
      finish(c, ch, where, boundMs, log);
    };
    try {
      if (mode === 'exec') c.exec('true', onSession);
      else c.subsys('sftp', onSession);
    } catch (e) {
      log?.(`SSH server ${where}: no session could be requested (${e instanceof Error ? e.message : String(e)}): ${CONSEQUENCE}`);
      settle('refused');
    }
  });
}

/**
 * Lets the session end by itself: our EOF ends `true` (or the sftp server) at once. A forced command
 * (ForceCommand, `command=` in authorized_keys) may not end: its channel is closed after `boundMs`.
 */
function finish(c: Client, ch: ClientChannel, where: string, boundMs: number, log?: (m: string) => void): void {
  const t = setTimeout(() => {
    done();
    lingering.add(where);
    log?.(`SSH server ${where}: the session's command did not end within ${boundMs} ms (a forced command?); its channel is closed, ` +
      'but sshd may leave that command running on the server, so no more sessions are started there while the extension runs');
    ch.close();
  }, boundMs);
  t.unref();
  // The channel closed (the command ended) or the whole connection did: nothing left to close.
  const done = (): void => {
    clearTimeout(t);
    ch.removeListener('close', done);
    c.removeListener('close', done);
  };
  ch.once('close', done);
  c.once('close', done);
  ch.on('error', () => undefined);
  ch.on('exit', (code: number | null, signal?: string) => {
    if (code !== 0) {
      log?.(`SSH server ${where}: the session's command ended with ${code ?? signal} (a shell like nologin, or a forced command); ` +
        'TCP_NODELAY is set all the same, since sshd sets it when the session starts');
    }
  });
  // Output (a login banner from a shell rc, a forced command's text) is read and dropped.
  ch.resume();
  ch.stderr.resume();
  ch.end();
}
