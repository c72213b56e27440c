// One code-server (VS Code's server and workbench, from npm) on a free loopback port with fresh
// user-data, extensions and XDG dirs, so no run sees another's settings, extensions or state.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../cache';
import { freePort } from '../ports';
import { GuardedProcess, releaseTempDir, sleep, spawnGuarded, trackTempDir, waitFor } from '../process';
import { ensureVsCode } from './install';

export interface CodeServerOptions {
  /** User settings; this extension's machine-scoped ones go to Machine/settings.json (see splitSettings). */
  settings?: Record<string, unknown>;
  /** Environment of the server process, which its extension hosts inherit. */
  env?: Record<string, string>;
  /** Folder to open; a fresh empty one when absent. */
  workspace?: string;
  /** Fixed port (npm start); a free one when absent. */
  port?: number;
  /** Passes `--vscode-option enable-smoke-test-driver`, which the test payloads need (default true). */
  smokeTestDriver?: boolean;
  /** A vsix to install into the (fresh) extensions dir before starting. */
  installVsix?: string;
  /**
   * Ask for this password at the login page (code-server's --auth password; passed in the environment,
   * not on the command line `ps` shows). Default: no auth, for the tests' own throwaway servers.
   */
  password?: string;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  readonly process: GuardedProcess;
  /** Merges `changes` (undefined removes a key) into the settings files; the running workbench picks them up. */
  updateSettings(changes: Record<string, unknown>): void;
  /** Stops the server and every process it started, and removes the temp dirs. */
  stop(): Promise<void>;
}

/** Scopes of this extension's settings, from its package.json. */
function settingScopes(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } | Array<{ properties?: Record<string, { scope?: string }> }> };
  };
  const conf = pkg.contributes?.configuration;
  const sections = Array.isArray(conf) ? conf : conf ? [conf] : [];
  return new Map(sections.flatMap((c) => Object.entries(c.properties ?? {}).map(([k, v]): [string, string] => [k, v.scope ?? 'window'])));
}

/**
 * In code-server the window is remote: `machine`-scoped settings (kafkaDev.clusters) count only in the
 * remote (Machine) settings file, while the rest belong in User settings, where ConfigurationTarget.Global
 * writes them (a Machine copy would override later writes).
 */
function splitSettings(all: Record<string, unknown>): { user: Record<string, unknown>; machine: Record<string, unknown> } {
  const scopes = settingScopes();
  const user: Record<string, unknown> = {};
  const machine: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    const scope = scopes.get(k);
    (scope === 'machine' || scope === 'machine-overridable' ? machine : user)[k] = v;
  }
  return { user, machine };
}

const groupAlive = (pgid: number): boolean => {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
};

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pgid, signal); } catch { /* already gone */ }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const { nodeBin, entry } = await ensureVsCode();
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-vscode-'));
  trackTempDir(dir);
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  const xdg = join(dir, 'xdg');
  const workspace = opts.workspace ?? join(dir, 'workspace');
  for (const d of [join(userDataDir, 'User'), join(userDataDir, 'Machine'), extensionsDir, xdg, workspace]) mkdirSync(d, { recursive: true });
  let current: Record<string, unknown> = { ...opts.settings };
  const writeSettings = (all: Record<string, unknown>): void => {
    const { user, machine } = splitSettings(all);
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(user, null, 2));
    writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));
  };
  writeSettings(current);
  const updateSettings = (changes: Record<string, unknown>): void => {
    current = { ...current, ...changes };
    for (const [k, v] of Object.entries(changes)) if (v === undefined) delete current[k];
    writeSettings(current);
  };

  const logsDir = join(repoRoot, 'test-results', 'logs');
  mkdirSync(logsDir, { recursive: true });
  const port = opts.port ?? await freePort('127.0.0.1');
  const logFile = join(logsDir, `code-server-${new Date().toISOString().replace(/[:.]/g, '-')}-${port}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    // No marketplace: nothing may reach the network, and nothing may install behind our back.
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
  };
  // Our own test runner's variables must not leak into VS Code's Node processes.
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  if (opts.password) env.PASSWORD = opts.password;

  if (opts.installVsix) {
    await new Promise<void>((resolve, reject) => {
      const p = spawn(nodeBin, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', opts.installVsix as string], { env, stdio: 'ignore' });
      p.once('error', reject);
      p.once('exit', (c) => (c === 0 ? resolve() : reject(new Error(`installing ${opts.installVsix} failed (exit ${c})`))));
    });
  }

  const args = [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', opts.password ? 'password' : 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    // Extension hosts otherwise linger for hours after the browser goes away.
    '--vscode-option', 'reconnection-grace-time=5',
    ...(opts.smokeTestDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, workspace];
  // Its own process group, so stop() reaches the extension host, pty host and file watcher too.
  const proc = spawnGuarded(nodeBin, args, { env, logFile, cleanupDirs: [dir], detached: true });
  const pgid = proc.pid;
  // If this test process dies without stop(), the watchdog from spawnGuarded kills the server only;
  // this one takes down the rest of the group.
  // It ends by itself once the group is gone, so sequential sessions do not pile up pollers.
  spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 -${pgid} 2>/dev/null; do sleep 1; done; ` +
    `if kill -0 -${pgid} 2>/dev/null; then kill -9 -${pgid}; sleep 0.5; rm -rf '${dir}'; fi`],
    { detached: true, stdio: 'ignore' }).unref();

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    await proc.stop('SIGKILL', 1_000);
    releaseTempDir(dir);
  };

  try {
    const state = await waitFor(`code-server on ${url} (log: ${logFile})`, 60_000, async () =>
      proc.child.exitCode !== null ? 'exited' : (await healthy(url)) && 'up');
    if (state === 'exited') throw new Error(`code-server exited with code ${proc.child.exitCode}; see ${logFile}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, workspace, userDataDir, extensionsDir, logFile, process: proc, updateSettings, stop };
}
