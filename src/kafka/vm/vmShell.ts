// Commands and files on the VM over the cluster's SSH connection (the tunnel's: same login, host-key
// checks and secrets). Each exec is one `exec` channel, bounded in time; when the connection drops or
// the caller gives up, the remote command is ended too: the wrapper below kills the command's process
// group when the channel's stdin closes (sshd makes each session its own process group).
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import type { SshTunnel } from '../ssh/sshTunnel';
import { VmCommandResult, VmError, VmShell } from './vmTypes';

const DEFAULT_TIMEOUT_MS = 60_000;
/** An upload fails when no data was accepted for this long. */
const UPLOAD_STALL_MS = 60_000;

/** `path` as one shell word: `~/x` becomes "$HOME"/'x' (expanded on the VM), anything else single-quoted. */
export function shellPath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}

// One shell quoting for the whole extension: the snippets' (a word that needs no quotes is left bare).
import { shQuote } from '../rules/snippetQuote';
export const shellQuote = shQuote;

/**
 * Runs `command` in the foreground with its stdin from /dev/null; a background reader waits on the
 * channel's stdin (kept as fd 3) and, when it closes (we gave up, or the connection died), kills the
 * session's process group. Commands that start daemons must close fd 3 for them (`3<&-`).
 */
function guarded(command: string): string {
  return `exec 3<&0 </dev/null; (read _ <&3; kill -TERM 0) & kd_r=$!; ( ${command}\n); kd_s=$?; kill $kd_r 2>/dev/null; exit $kd_s`;
}

function sshDropped(label: string, purpose: string, why?: string): VmError {
  return new VmError('ssh', `The SSH connection to ${label} dropped while ${purpose}${why ? ` (${why})` : ''}.`);
}

export function openVmShell(tunnel: SshTunnel): VmShell {
  const label = tunnel.label;
  let home: string | undefined;

  const client = async (purpose: string): Promise<Client> => {
    try {
      return (await tunnel.connect()).client;
    } catch (e) {
      throw new VmError('ssh', `Could not connect to ${label} over SSH for ${purpose}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const openExec = (c: Client, command: string, purpose: string): Promise<ClientChannel> => new Promise((resolve, reject) => {
    try {
      c.exec(command, (err, ch) => (err ? reject(sshDropped(label, purpose, err.message)) : resolve(ch)));
    } catch (e) {
      reject(sshDropped(label, purpose, e instanceof Error ? e.message : String(e)));
    }
  });

  const exec: VmShell['exec'] = async (command, opts = {}) => {
    const purpose = opts.purpose ?? `running \`${command.split('\n')[0].slice(0, 60)}\``;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (opts.signal?.aborted) throw new VmError('cancelled', `Cancelled before ${purpose}.`);
    const c = await client(purpose);
    const withStdin = opts.stdin !== undefined;
    const ch = await openExec(c, withStdin ? command : guarded(command), purpose);
    return new Promise<VmCommandResult>((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let exit: { code?: number | null; signal?: string } | undefined;
      let settled = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        c.removeListener('close', onDrop);
        f();
      };
      const stop = (): void => { try { ch.end(); ch.close(); } catch { /* already closed */ } };
      const timer = setTimeout(() => finish(() => {
        stop();
        reject(new VmError('timeout', `${label} did not finish ${purpose} within ${Math.round(timeoutMs / 1000)} s.`));
      }), timeoutMs);
      const onAbort = (): void => finish(() => { stop(); reject(new VmError('cancelled', `Cancelled while ${purpose}.`)); });
      const onDrop = (): void => finish(() => reject(sshDropped(label, purpose)));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      c.once('close', onDrop);
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', (d: Buffer) => err.push(d));
      ch.on('exit', (code: number | null, signal?: string) => { exit = { code, signal }; });
      ch.on('close', () => finish(() => {
        if (!exit) { reject(sshDropped(label, purpose, 'no exit status')); return; }
        const code = typeof exit.code === 'number' ? exit.code : 128;
        resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      }));
      if (withStdin) ch.end(opts.stdin);
    });
  };

  const homeDir = async (): Promise<string> => {
    if (home) return home;
    const r = await exec('printf %s "$HOME"', { purpose: 'reading $HOME', timeoutMs: 20_000 });
    if (r.code !== 0 || !r.stdout.startsWith('/')) throw new VmError('command', `Could not read $HOME on ${label}: ${r.stderr.trim() || r.stdout}`);
    home = r.stdout;
    return home;
  };
  const absolute = async (p: string): Promise<string> => (p === '~' || p.startsWith('~/') ? `${await homeDir()}${p.slice(1)}` : p);

  const stream: VmShell['stream'] = async (command, onText, onEnd) => {
    const c = await client(`running ${command}`);
    const ch = await openExec(c, guarded(command), `running ${command}`);
    let ended = false;
    const end = (e?: Error): void => {
      if (ended) return;
      ended = true;
      c.removeListener('close', onDrop);
      onEnd(e);
    };
    const onDrop = (): void => end(sshDropped(label, `running ${command}`));
    c.once('close', onDrop);
    ch.on('data', (d: Buffer) => onText(d.toString('utf8')));
    ch.stderr.on('data', (d: Buffer) => onText(d.toString('utf8')));
    ch.on('close', () => end());
    return () => { try { ch.end(); ch.close(); } catch { /* already closed */ } };
  };

  const upload: VmShell['upload'] = async (localPath, remotePath, opts = {}) => {
    const target = await absolute(remotePath);
    const partial = `${target}.partial`;
    const c = await client(`uploading ${localPath}`);
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      c.sftp((e, s) => (e ? reject(new VmError('upload', `${label} refused SFTP (${e.message}); is the sftp subsystem enabled in sshd_config?`)) : resolve(s))));
    let aborted = false;
    let dropped = false;
    let stalledOut = false;
    // ssh2's SFTP calls (fastPut among them) neither end nor fail when the connection closes under them, and
    // a connection that stops answering fails nothing by itself: every call below is raced against `cut`,
    // rejected on the connection's close or when the transfer has been inactive too long.
    let cutShort: (e: Error) => void = () => undefined;
    const cut = new Promise<never>((_, reject) => { cutShort = reject; });
    cut.catch(() => undefined);
    const call = (f: (cb: (e?: Error | null) => void) => void): Promise<void> =>
      Promise.race([cut, new Promise<void>((resolve, reject) => f((e) => (e ? reject(e) : resolve())))]);
    const onAbort = (): void => { aborted = true; sftp.end(); };
    const onDrop = (): void => { dropped = true; cutShort(new Error('dropped')); };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    c.once('close', onDrop);
    try {
      if (opts.signal?.aborted) throw new Error('aborted');
      let last = Date.now();
      const stallTimer = setInterval(() => {
        if (Date.now() - last < UPLOAD_STALL_MS) return;
        stalledOut = true;
        cutShort(new Error('stalled'));
      }, 1000);
      try {
        await call((cb) => sftp.fastPut(localPath, partial, {
          step: (sent: number, _chunk: number, total: number) => { last = Date.now(); opts.onProgress?.(sent, total); },
        }, cb));
      } finally {
        clearInterval(stallTimer);
      }
      await call((cb) => sftp.ext_openssh_rename(partial, target, cb)).catch(async () => {
        await call((cb) => sftp.unlink(target, cb)).catch(() => undefined);
        await call((cb) => sftp.rename(partial, target, cb));
      });
    } catch (e) {
      // The connection's 'close' can follow SFTP's own error by a moment.
      if (!aborted && !dropped) await new Promise((r) => setTimeout(r, 200));
      if (aborted) throw new VmError('cancelled', `Cancelled while uploading ${localPath}; ${partial} may be left on ${label}.`);
      if (dropped) throw sshDropped(label, `uploading ${localPath} to ${partial}`);
      if (stalledOut) throw new VmError('timeout', `${label} accepted no data for ${UPLOAD_STALL_MS / 1000} s while uploading ${localPath} to ${partial}.`);
      throw new VmError('upload', `Uploading ${localPath} to ${label}:${partial} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      c.removeListener('close', onDrop);
      sftp.end();
    }
  };

  let closed = false;
  const open = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A): Promise<R> =>
    (closed ? Promise.reject(new VmError('ssh', `The shell on ${label} was closed.`)) : f(...a));
  // The tunnel belongs to its owner (the cluster): close() ends this shell only.
  return {
    label,
    exec: open(exec),
    stream: open(stream),
    upload: open(upload),
    close: () => { closed = true; },
  };
}
