#!/usr/bin/env node
// `npm start`: a local single-node Kafka (topic quickstart-events) and a VS Code with this extension
// loaded and the local cluster configured. Desktop `code` (--extensionDevelopmentPath) when it is on
// PATH, else code-server on 127.0.0.1 with the extension installed from a freshly packaged vsix, behind
// a random password printed with the URL (a VS Code has a terminal: on a shared machine another local
// user must not be able to open it).
// Ctrl+C (or SIGTERM) stops VS Code and Kafka and removes the temp dirs.
// Expects `node scripts/build.mjs` and `tsc -p tsconfig.test.json` to have run (the npm script does):
// Kafka and code-server are started by the test harness in out/test/harness.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOPIC = 'quickstart-events';
const t0 = Date.now();
const say = (m) => console.log(`[start ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${m}`);

function portFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

function harness(mod) {
  const p = join(repo, 'out', 'test', 'harness', `${mod}.js`);
  if (!existsSync(p)) {
    console.error(`${p} is missing: run \`npx tsc -p tsconfig.test.json\` first (npm start does).`);
    process.exit(1);
  }
  return require(p);
}

async function createTopic(bootstrap) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'kafka-dev-start', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(TOPIC)) await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Packages the extension (dist/ as built by `npm start`) into a vsix; vsce needs Node >= 22. */
function packageVsix(node, dir) {
  const out = join(dir, 'kafka-dev.vsix');
  const r = spawnSync(node, [join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--out', out], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

const stops = [];
let stopping = false;
async function shutdown(code) {
  if (stopping) {
    // A second Ctrl+C: the harness's exit hook kills what is left.
    process.exit(130);
  }
  stopping = true;
  say('stopping…');
  for (const s of stops.reverse()) {
    try { await s(); } catch (e) { console.error(e); }
  }
  say('stopped');
  process.exit(code);
}

async function main() {
  const desktop = onPath('code') && process.env.KAFKA_DEV_START_CODE_SERVER !== '1';

  // The harness registers exit-on-signal handlers when it spawns; replace them by a graceful stop
  // (its exit hook still kills whatever remains).
  const { startKafka } = harness('kafka');
  const kafkaPort = (await portFree(9092)) ? 9092 : undefined;
  say(`starting Kafka on 127.0.0.1:${kafkaPort ?? '<free port>'}${kafkaPort ? '' : ' (9092 is taken)'}`);
  const kafka = await startKafka({ nodes: 1, ports: kafkaPort ? [kafkaPort] : undefined });
  stops.push(() => kafka.stop());
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.removeAllListeners(sig);
    process.on(sig, () => void shutdown(0));
  }
  say(`Kafka ${kafka.version} up at ${kafka.bootstrap}`);
  await createTopic(kafka.bootstrap);
  say(`topic ${TOPIC} ready`);
  const clusters = [{ id: 'local', name: 'local', bootstrapServers: kafka.bootstrapServers }];

  if (desktop) {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-start-'));
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'user-data', 'User'), { recursive: true });
    mkdirSync(join(dir, 'workspace'), { recursive: true });
    writeFileSync(join(dir, 'user-data', 'User', 'settings.json'), JSON.stringify({
      'kafkaDev.clusters': clusters, 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false,
    }, null, 2));
    say('starting desktop VS Code (`code` is on PATH)');
    const code = spawn('code', ['--wait', '--new-window', '--user-data-dir', join(dir, 'user-data'),
      '--extensions-dir', join(dir, 'extensions'), `--extensionDevelopmentPath=${repo}`, join(dir, 'workspace')], { stdio: 'inherit' });
    stops.unshift(async () => { if (code.exitCode === null) code.kill('SIGTERM'); });
    code.once('exit', () => void shutdown(0));
    console.log(`\n  Kafka Dev: VS Code window opened (Extension Development Host). Kafka: ${kafka.bootstrap}, topic ${TOPIC}.`);
    console.log('  Close the window or press Ctrl+C to stop everything.\n');
    return;
  }

  const { ensureVsCode } = harness('vscode/install');
  const { startCodeServer } = harness('vscode/codeServer');
  const { nodeBin } = await ensureVsCode();
  const pkgDir = mkdtempSync(join(tmpdir(), 'kafka-dev-vsix-'));
  stops.push(async () => rmSync(pkgDir, { recursive: true, force: true }));
  const vsix = packageVsix(nodeBin, pkgDir);
  say('extension packaged');
  const port = (await portFree(8080)) ? 8080 : undefined;
  const password = randomBytes(18).toString('base64url');
  const cs = await startCodeServer({
    port,
    password,
    smokeTestDriver: false,
    installVsix: vsix,
    settings: {
      'kafkaDev.clusters': clusters,
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      // Keep the window about Kafka: no chat panel opening on first start.
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    },
  });
  stops.push(() => cs.stop());
  cs.process.exited.then(() => { if (!stopping) { console.error(`code-server exited; log: ${cs.logFile}`); void shutdown(1); } });
  say(`code-server up (log: ${cs.logFile})`);
  const url = `${cs.url}/?folder=${encodeURIComponent(cs.workspace)}`;
  const line = '='.repeat(Math.max(60, url.length + 4));
  // One write, so whoever reads the output (a person, or the npm-start test) gets the banner whole.
  console.log(`\n${line}\n  Kafka Dev is running. Open:\n\n  ${url}\n\n  password: ${password}\n  (asked once by the login page; new for every start, so no other local user can open this VS Code)\n\n  then click the Kafka icon in the activity bar: cluster "local" → Topics → ${TOPIC}.\n`
    + `  Kafka: ${kafka.bootstrap}   Ctrl+C stops everything.\n${line}\n`);
}

main().catch((e) => {
  // An expected failure (an install step that already said why) is one line; anything else keeps its stack.
  console.error(`npm start failed: ${e?.expected ? e.message : e instanceof Error ? e.stack ?? e.message : e}`);
  void shutdown(1);
});
