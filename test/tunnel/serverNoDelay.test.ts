// sshd keeps Nagle's algorithm on for a connection that only forwards ports; the tunnel runs `true` in a
// session after login so that sshd turns it off (src/kafka/ssh/serverNoDelay.ts). Against the namespace
// VM: the option is read off sshd's own socket (not timed), records cross the tunnel exactly (kcat inside
// the VM writes and reads them independently), and accounts that cannot run it (a key forced to nologin,
// a server that refuses sessions) still tunnel, say so in the log, and leave no session process behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { SshTunnel } from '../../src/kafka/ssh/sshTunnel';
import { startSshVm, SshVm } from '../harness/netns';
import { waitFor } from '../harness/process';
import { uniqueTopic } from '../harness/sharedBroker';
import { Sshd, startSshd } from '../harness/sshd';
import { serverSocketsNoDelay } from '../harness/tcpNoDelay';
import { kafkaThrough, targetFor, tempDir, tunnelTo } from './fixture';

const run = promisify(execFile);
const N = 3_000;

let env: SshVm;
/** Same VM, a second sshd that refuses every session but forwards. */
let noSessions: Sshd;
/** Same VM, a third sshd whose forced command never ends (a tunnel-only account done with `sleep`). */
let forcedSleep: Sshd;
/** Processes the forced command started: killed by id at the end (sshd leaves them running). */
const forcedPids = new Set<number>();
let nologinKey: string;
let topic: string;
/** What kcat wrote, as "sha256" per value, sorted. */
let written: string[];
/** What kcat inside the VM reads back: "partition:offset:sha256", sorted. */
let independent: string[];

const sha = (b: Buffer | null): string => (b === null ? 'null' : createHash('sha256').update(b).digest('hex'));
const isRoot = process.getuid?.() === 0;

/** kcat inside the VM (or on the host for the loopback stand-in). */
function vmKcat(args: string[], input?: Buffer): Buffer {
  const cmd = [...env.vm.wrap, 'kcat', '-b', env.kafka.bootstrap, ...args];
  return execFileSync(cmd[0], cmd.slice(1), { input, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
}

before(async () => {
  const d = tempDir('kd-nodelay-key-');
  nologinKey = join(d, 'id_nologin');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', nologinKey]);
  // A tunnel-only key as guides recommend: no shell, no pty, forwarding allowed, any command replaced by nologin.
  const restricted = `restrict,port-forwarding,command="/usr/sbin/nologin" ${readFileSync(`${nologinKey}.pub`, 'utf8').trim()}`;
  env = await startSshVm({ nodes: 1, sshd: { authorizedKeys: [restricted] } });
  noSessions = await startSshd({
    netns: env.vm.name || undefined, listenAddress: env.vm.address, port: env.vm.kind === 'netns' ? 2222 : undefined,
    extraConfig: ['Match all', 'MaxSessions 0'],
  });
  forcedSleep = await startSshd({
    netns: env.vm.name || undefined, listenAddress: env.vm.address, port: env.vm.kind === 'netns' ? 2223 : undefined,
    extraConfig: ['Match all', 'ForceCommand sleep 7777'],
  });
  // Values of 1–3000 random bytes (never kcat's 0x1e delimiter; kcat -P skips empty ones), so answers span many SSH packets.
  const values = Array.from({ length: N }, () => Buffer.from(randomBytes(1 + Math.floor(Math.random() * 3000)).map((b) => (b === 0x1e ? 0x1f : b))));
  written = values.map(sha).sort();
  topic = uniqueTopic('nodelay');
  const t = tunnelTo(env.sshd, { serverNoDelay: 'off' });
  const admin = kafkaThrough(t, env.kafka.bootstrapServers).admin();
  try {
    await admin.connect();
    await createTopicsReady(admin, [{ topic, numPartitions: 3 }], 30_000);
  } finally {
    await admin.disconnect();
    t.close();
  }
  await noConnectionsLeft(env.sshd);
  vmKcat(['-P', '-t', topic, '-D', '\\x1e'], Buffer.concat(values.flatMap((v) => [v, Buffer.from([0x1e])])));
  independent = parseKcat(vmKcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p %o %S %s\n'])).sort();
  assert.deepEqual(independent.map((s) => s.split(':')[2]).sort(), written, 'kcat reads back what kcat wrote');
});
after(async () => {
  for (const pid of forcedPids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ }
  }
  await forcedSleep?.stop();
  await noSessions?.stop();
  await env?.stop();
});

/** `%p %o %S %s\n` records: the value's length comes before its bytes, so values may hold any byte. */
function parseKcat(out: Buffer): string[] {
  const recs: string[] = [];
  let pos = 0;
  while (pos < out.length) {
    const head: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sp = out.indexOf(0x20, pos);
      head.push(out.subarray(pos, sp).toString());
      pos = sp + 1;
    }
    const len = Number(head[2]);
    recs.push(`${head[0]}:${head[1]}:${sha(len < 0 ? null : out.subarray(pos, pos + len))}`);
    pos += Math.max(len, 0) + 1;
  }
  return recs;
}

/** Every record of the topic, read through the tunnel by the extension's Kafka client. */
async function readThrough(tunnel: SshTunnel): Promise<string[]> {
  const consumer = kafkaThrough(tunnel, env.kafka.bootstrapServers).consumer({ groupId: uniqueTopic('g') });
  const got: string[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) got.push(`${batch.partition}:${m.offset}:${sha(m.value)}`);
      },
    });
    await waitFor(`${N} records through the tunnel`, 60_000, async () => got.length >= N);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return got.sort();
}

/** Processes under `sshd` that are not sshd itself (a session's command: `true`, nologin, a shell). */
async function sessionCommands(sshd: Sshd): Promise<string[]> {
  const { stdout } = await run('ps', ['-e', '-o', 'pid=,ppid=,comm=']);
  const rows = stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((r) => r.length >= 3).map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
  const under = new Set([sshd.process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (under.has(r.ppid) && !under.has(r.pid)) { under.add(r.pid); grew = true; }
  }
  return rows.filter((r) => under.has(r.pid) && r.pid !== sshd.process.pid && r.comm !== 'sshd').map((r) => `${r.pid} ${r.comm}`);
}

/** TCP_NODELAY on sshd's end of each of our SSH connections (skipped when not root). */
async function sshdNoDelay(sshd: Sshd): Promise<boolean[]> {
  return (await serverSocketsNoDelay(sshd.port, env.vm.wrap)).map((s) => s.noDelay);
}

/** Sessions sshd has logged as closed so far (LogLevel VERBOSE). */
function closedSessions(): number {
  return readFileSync(env.sshd.logFile, 'utf8').split('\n').filter((l) => /Close session: user \S+ from/.test(l)).length;
}

async function noConnectionsLeft(sshd: Sshd): Promise<void> {
  await waitFor('sshd to see our connection go', 10_000, async () => (await sshd.sessionCount()) === 0);
}

describe('sshd sends without Nagle delays once the tunnel is up', () => {
  test('without the session sshd keeps Nagle on (what the tunnel fixes)', { skip: !isRoot && 'reading sshd\'s socket needs root' }, async () => {
    const tunnel = tunnelTo(env.sshd, { serverNoDelay: 'off' });
    try {
      assert.deepEqual(await tunnel.serverNoDelay(), ['off']);
      (await tunnel.forward('localhost', Number(env.kafka.bootstrap.split(':').pop()))).close();
      assert.deepEqual(await sshdNoDelay(env.sshd), [false]);
    } finally {
      tunnel.close();
    }
    await noConnectionsLeft(env.sshd);
  });

  test('a normal account: sshd sets TCP_NODELAY after our login, the session ends, records arrive exactly', async () => {
    const logs: string[] = [];
    const closedBefore = closedSessions();
    const tunnel = tunnelTo(env.sshd, { log: (m) => logs.push(m) });
    try {
      assert.deepEqual(await tunnel.serverNoDelay(), ['set'], logs.join('\n'));
      assert.ok(logs.some((l) => /a session ran `true`/.test(l)), logs.join('\n'));
      if (isRoot) assert.deepEqual(await sshdNoDelay(env.sshd), [true]);
      // sshd logged the session's end, and nothing it started is still running.
      await waitFor('sshd to close the session', 10_000, async () => closedSessions() > closedBefore);
      await waitFor('no session command left under sshd', 10_000, async () => (await sessionCommands(env.sshd)).length === 0);
      assert.deepEqual(await readThrough(tunnel), independent);
      assert.equal(tunnel.status().connects, 1);
    } finally {
      tunnel.close();
    }
    await noConnectionsLeft(env.sshd);
  });

  test('a key forced to nologin (restrict,port-forwarding,command=): tunnels, says so, nothing lingers', async () => {
    const logs: string[] = [];
    const tunnel = tunnelTo(env.sshd, { target: targetFor(env.sshd, { identityFiles: [nologinKey] }), log: (m) => logs.push(m) });
    try {
      // sshd forks before it runs the forced command, so the option is set all the same.
      assert.deepEqual(await tunnel.serverNoDelay(), ['set'], logs.join('\n'));
      await waitFor('the log line about the command that refused', 10_000, async () => logs.some((l) => /ended with 1 .*TCP_NODELAY is set all the same/.test(l)));
      if (isRoot) assert.deepEqual(await sshdNoDelay(env.sshd), [true]);
      await waitFor('no session command left under sshd', 10_000, async () => (await sessionCommands(env.sshd)).length === 0);
      assert.deepEqual(await readThrough(tunnel), independent);
    } finally {
      tunnel.close();
    }
    await noConnectionsLeft(env.sshd);
  });

  test('a server that refuses sessions (MaxSessions 0): tunnels as before and says why it is slower', async () => {
    const logs: string[] = [];
    const tunnel = tunnelTo(noSessions, { log: (m) => logs.push(m) });
    try {
      assert.deepEqual(await tunnel.serverNoDelay(), ['refused'], logs.join('\n'));
      assert.ok(logs.some((l) => /refused a session .*the tunnel works, but sshd keeps Nagle's algorithm on/.test(l)), logs.join('\n'));
      if (isRoot) assert.deepEqual(await sshdNoDelay(noSessions), [false]);
      assert.deepEqual(await readThrough(tunnel), independent);
      assert.deepEqual(await sessionCommands(noSessions), []);
      assert.equal(tunnel.status().connects, 1);
    } finally {
      tunnel.close();
    }
    await noConnectionsLeft(noSessions);
  });

  test('a forced command that never ends: its channel is closed, the tunnel works, and that server gets no second session', async () => {
    const logs: string[] = [];
    const first = tunnelTo(forcedSleep, { timeoutMs: 3_000, log: (m) => logs.push(m) });
    let second: SshTunnel | undefined;
    try {
      assert.deepEqual(await first.serverNoDelay(), ['set'], logs.join('\n'));
      await waitFor('the log line about the command that did not end', 15_000, async () => logs.some((l) => /did not end within 3000 ms .*no more sessions are started there/.test(l)));
      const running = await sessionCommands(forcedSleep);
      for (const r of running) forcedPids.add(Number(r.split(' ')[0]));
      assert.deepEqual(running.map((r) => r.split(' ')[1]), ['sleep'], 'sshd keeps the forced command running: the reason not to ask again');
      assert.deepEqual(await readThrough(first), independent);
      // A reconnect (here a second tunnel to the same server) starts no second forced command.
      second = tunnelTo(forcedSleep, { timeoutMs: 3_000, log: (m) => logs.push(m) });
      assert.deepEqual(await second.serverNoDelay(), ['refused']);
      assert.ok(logs.some((l) => /no session this time/.test(l)), logs.join('\n'));
      assert.deepEqual((await sessionCommands(forcedSleep)).map((r) => Number(r.split(' ')[0])), [...forcedPids]);
    } finally {
      first.close();
      second?.close();
    }
  });
});
