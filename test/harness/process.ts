// Child processes for the harness (brokers, sshd, code-server) that can never outlive the test run.
// Each child gets a watchdog: a tiny detached shell that, if this Node process dies without cleaning
// up (SIGKILL, crash), kills the child and removes its temp dirs. Normal exits clean up synchronously.
import { spawn, ChildProcess, SpawnOptions } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';

export interface GuardedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** Sends `signal` and waits for exit; escalates to SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of live) {
      try { c.kill('SIGKILL'); } catch { /* already gone */ }
    }
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => process.exit(130));
  }
}

/** Registers a temp dir for removal at exit (and by the watchdogs of children started after it). */
export function trackTempDir(dir: string): void {
  hookExit();
  tempDirs.add(dir);
}

export function releaseTempDir(dir: string): void {
  tempDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

export interface SpawnGuardedOptions extends SpawnOptions {
  /** File that receives the child's stdout and stderr. */
  logFile?: string;
  /** Temp dirs the watchdog removes if the test process dies. */
  cleanupDirs?: string[];
}

export function spawnGuarded(cmd: string, args: string[], opts: SpawnGuardedOptions = {}): GuardedProcess {
  hookExit();
  const { logFile, cleanupDirs = [], ...spawnOpts } = opts;
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  live.add(child);
  if (logFile) {
    const out = createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  const quoted = cleanupDirs.map((d) => `'${d.replace(/'/g, `'\\''`)}'`).join(' ');
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${pid} 2>/dev/null; do sleep 1; done; ` +
      `if kill -0 ${pid} 2>/dev/null; then kill -9 ${pid}; sleep 0.5; ${quoted ? `rm -rf ${quoted}` : ':'}; fi`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();

  return {
    child,
    pid,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it resolves truthy, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
