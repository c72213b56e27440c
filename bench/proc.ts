// Timed child processes: the peers (kcat, Kafka's Java tools) and our own measurement scripts, each
// in a fresh process so one run's heap, JIT state or sockets never leak into the next.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface TimedResult {
  /** Wall time from spawn to exit, ms. */
  ms: number;
  stdout: string;
  stderr: string;
}

export interface TimedOptions {
  /** Discard stdout (a peer printing 1M records), so the pipe to us is not what gets measured. */
  discardStdout?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function timeProcess(cmd: string, args: readonly string[], opts: TimedOptions = {}): Promise<TimedResult> {
  return new Promise((resolve, reject) => {
    const devnull = opts.discardStdout ? openSync('/dev/null', 'w') : undefined;
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      stdio: ['ignore', devnull ?? 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 64_000) stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.once('error', (e) => { clearTimeout(timer); if (devnull !== undefined) closeSync(devnull); reject(e); });
    child.once('close', (code, signal) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      if (devnull !== undefined) closeSync(devnull);
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim().slice(-800)}`));
        return;
      }
      resolve({ ms, stdout, stderr });
    });
  });
}

/** Runs one of our compiled measurement scripts (out/bench/ours/*.js) and returns the JSON it prints last. */
export interface OursOptions {
  cpuProfDir?: string;
  timeoutMs?: number;
  /** Command prefix, e.g. ['ip', 'netns', 'exec', 'vm'] to run inside the VM's network namespace. */
  wrap?: string[];
}

export async function runOurs<T>(script: string, input: unknown, opts: OursOptions = {}): Promise<T> {
  const nodeArgs = ['--expose-gc'];
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const cmd = [...(opts.wrap ?? []), process.execPath, ...nodeArgs, script, JSON.stringify(input)];
  const r = await timeProcess(cmd[0], cmd.slice(1), { timeoutMs: opts.timeoutMs });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${script} printed no result: ${r.stdout.slice(-400)} ${r.stderr.slice(-400)}`);
  }
}
