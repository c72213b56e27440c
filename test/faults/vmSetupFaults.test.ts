// Set Up Kafka on a VM when the VM is not ready or the connection fails: Java missing (the SSH user's
// PATH has no java: a second sshd in the VM with SetEnv PATH), a port already taken, too little disk
// where the data goes (a 1 MiB tmpfs), and SSH dropped mid-download. Each fails with its own message
// saying what is left on the VM and how to retry; then a retry with the cause gone completes.
// The namespace has no systemd user manager: the broker runs with a pid file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerControl } from '../../src/kafka/vm/brokerControl';
import { checkVm, findingProblems } from '../../src/kafka/vm/vmCheck';
import { openVmShell } from '../../src/kafka/vm/vmShell';
import { setUpKafka } from '../../src/kafka/vm/vmSetup';
import { VmError, VmShell } from '../../src/kafka/vm/vmTypes';
import { SshTunnel } from '../../src/kafka/ssh/sshTunnel';
import { namespacesPermitted } from '../harness/netns';
import { GuardedProcess, spawnGuarded, waitFor } from '../harness/process';
import { startSshd, Sshd } from '../harness/sshd';
import { startVmHttpServer, VmHttpServer } from '../harness/vmHttp';
import { tempDir, tunnelTo } from '../tunnel/fixture';
import { SetupVm, startSetupVm } from '../tunnel/vmFixture';

const noNs = !namespacesPermitted() && 'needs network namespaces (root): the setup uses the VM\'s fixed ports 9092/9093';
let env: SetupVm;
let noJava: { sshd: Sshd; tunnel: SshTunnel; shell: VmShell };
let slow: VmHttpServer;

/** A PATH folder with every command of /usr/bin and /usr/sbin except java. */
function pathWithoutJava(): string {
  const d = tempDir('kd-nojava-');
  for (const src of ['/usr/bin', '/usr/sbin']) {
    for (const name of readdirSync(src)) {
      if (name === 'java' || existsSync(join(d, name))) continue;
      symlinkSync(join(src, name), join(d, name));
    }
  }
  return d;
}

async function rejectsVm(p: Promise<unknown>, kind: VmError['kind']): Promise<VmError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof VmError, `expected VmError(${kind}), got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    console.log(`# ${kind}: ${e.message}\n#   left on the VM: ${e.leftOnVm}\n#   retry: ${e.retry}`);
    return e;
  }
  assert.fail(`expected VmError(${kind}), but Set Up succeeded`);
}

describe('Set Up Kafka on a VM: faults', { skip: noNs, timeout: 240_000 }, () => {
  before(async () => {
    env = await startSetupVm();
    const sshd = await startSshd({ netns: env.vm.name, listenAddress: env.vm.address, port: 2200, setEnv: { PATH: pathWithoutJava() } });
    const tunnel = tunnelTo(sshd);
    noJava = { sshd, tunnel, shell: openVmShell(tunnel) };
    // About 6 s for the ~50 MB distribution: long enough to cut SSH in the middle.
    slow = await startVmHttpServer(env.vm, env.dist.dir, 8001, 8 * 1024 * 1024);
  });
  after(async () => {
    noJava?.tunnel.close();
    await noJava?.sshd.stop();
    await slow?.stop();
    await env?.stop();
  });

  test('Java missing on the SSH user\'s PATH: "Java is not installed", nothing changed', async () => {
    const l = env.layout('nojava');
    const f = await checkVm(noJava.shell, l, [9092, 9093]);
    assert.equal(f.java, undefined);
    const e = await rejectsVm(setUpKafka(noJava.shell, env.plan(l, { kind: 'download', url: env.downloadUrl })), 'java-missing');
    assert.match(e.message, /Java is not installed on .*Kafka 4\.\d+\.\d+ needs Java 17 or newer/);
    assert.equal(e.step, 'check');
    assert.match(e.leftOnVm ?? '', /Nothing was changed/);
    assert.match(e.retry ?? '', /install Java|install it yourself/i);
    assert.equal(existsSync(l.kafkaDir), false);
  });

  test('port 9092 already taken in the VM: "Port 9092 … taken by python3 (pid N)"', async () => {
    const l = env.layout('port');
    const cmd = [...env.vm.wrap, 'python3', '-c', 'import socket, time\ns = socket.socket()\ns.bind(("127.0.0.1", 9092))\ns.listen()\ntime.sleep(600)'];
    const holder: GuardedProcess = spawnGuarded(cmd[0], cmd.slice(1));
    try {
      await waitFor('the listener on 9092 in the VM', 10_000, async () => (await env.vm.exec(['ss', '-ltnH', 'sport = :9092'])).trim().length > 0);
      const e = await rejectsVm(setUpKafka(env.shell, env.plan(l, { kind: 'download', url: env.downloadUrl })), 'port-taken');
      assert.match(e.message, /Port 9092 on .* is already taken by python3 \(pid \d+\)/);
      assert.match(e.retry ?? '', /Stop python3/);
      assert.equal(existsSync(l.kafkaDir), false);
    } finally {
      await holder.stop('SIGKILL');
    }
  });

  test('too little disk where the data goes (1 MiB tmpfs): "Only 1 MiB free … at least 1 GiB"', async (t) => {
    const l = env.layout('disk');
    const mnt = join(l.dataDir, '..', 'small');
    mkdirSync(mnt, { recursive: true });
    // Mounted through the VM's own shell: sshd's sessions share its mount namespace, the host does not see it.
    const m = await env.shell.exec(`mount -t tmpfs -o size=1m kd-small '${mnt}'`);
    if (m.code !== 0) { t.skip(`cannot mount a tmpfs here: ${m.stderr.trim()}`); return; }
    try {
      const layout = { kafkaDir: l.kafkaDir, dataDir: join(mnt, 'kafka-data') };
      const f = await checkVm(env.shell, layout, [9092, 9093]);
      assert.ok(f.diskFreeBytes <= 1024 * 1024, String(f.diskFreeBytes));
      const problems = findingProblems(f, env.plan(layout, { kind: 'download', url: env.downloadUrl }));
      assert.deepEqual(problems.map((p) => p.kind), ['disk']);
      const e = await rejectsVm(setUpKafka(env.shell, env.plan(layout, { kind: 'download', url: env.downloadUrl })), 'disk');
      assert.match(e.message, /Only 1(\.0)? MiB free on .* where the data directory .*small\/kafka-data goes; the broker needs at least 1 GiB/);
      assert.match(e.retry ?? '', /Free some space/);
      assert.equal(existsSync(l.kafkaDir), false);
    } finally {
      await env.shell.exec(`umount '${mnt}'`);
    }
  });

  test('a download that does not match its published SHA-512: VmError(checksum), the tarball removed; none published (404): not verified, said so', async () => {
    const l = env.layout('badsum');
    const dir = tempDir('kd-badsum-');
    symlinkSync(env.dist.tarball, join(dir, env.dist.fileName));
    writeFileSync(join(dir, `${env.dist.fileName}.sha512`), `${'0'.repeat(128)}  ${env.dist.fileName}\n`);
    const bad = await startVmHttpServer(env.vm, dir, 8002);
    try {
      const e = await rejectsVm(setUpKafka(env.shell, env.plan(l, { kind: 'download', url: `${bad.url}/${env.dist.fileName}` })), 'checksum');
      assert.equal(e.step, 'kafka');
      assert.match(e.message, /does not match its published SHA-512 .*expected 0000000000000000…, got [0-9a-f]{16}…; it was removed/);
      assert.equal(existsSync(join(l.kafkaDir, '.kafka-dev-download', 'kafka.tgz')), false);
      assert.equal(existsSync(join(l.kafkaDir, 'libs')), false, 'nothing was unpacked');

      // No checksum published (404): installed, and the step says it was not verified. Cancelled once
      // the configure step starts, so no broker is started here.
      rmSync(join(dir, `${env.dist.fileName}.sha512`));
      const ac = new AbortController();
      const messages: string[] = [];
      const c = await rejectsVm(setUpKafka(env.shell, env.plan(l, { kind: 'download', url: `${bad.url}/${env.dist.fileName}` }), {
        signal: ac.signal,
        onProgress: (p) => { messages.push(p.message); if (p.step === 'configure') ac.abort(); },
      }), 'cancelled');
      assert.ok(messages.some((m) => /no checksum published at .*\.sha512 \(404\), so it was not verified/.test(m)), messages.join('\n'));
      assert.equal(c.step, 'configure');
      assert.match(c.leftOnVm ?? '', /Kafka 4\.\d+\.\d+ in .*badsum\/kafka/);
      assert.ok(existsSync(join(l.kafkaDir, 'bin', 'kafka-server-start.sh')));
    } finally {
      await bad.stop();
    }
  });

  test('cancelled mid-download: VmError(cancelled) saying what was left, the download on the VM stopped', async () => {
    const l = env.layout('cancel');
    const ac = new AbortController();
    const e = await rejectsVm(setUpKafka(env.shell, env.plan(l, { kind: 'download', url: `${slow.url}/${env.dist.fileName}` }), {
      signal: ac.signal,
      onProgress: (p) => { if (p.step === 'kafka' && /Downloading/.test(p.message)) setTimeout(() => ac.abort(), 1000); },
    }), 'cancelled');
    assert.equal(e.step, 'kafka');
    assert.match(e.message, /Set Up was cancelled at the kafka step\. Cancelled while downloading/);
    assert.match(e.leftOnVm ?? '', /\.kafka-dev-download \(a partial download/);
    await waitFor('curl on the VM to end', 10_000, async () => !(await env.vm.exec(['sh', '-c', 'pgrep -af "kafka[.]tgz[.]partial" || true'])).trim());
    assert.equal(env.tunnel.status().connects, 1, 'cancelling ends the command, not the SSH connection');
  });

  test('SSH dropped mid-upload (SFTP): VmError(ssh), the .partial left where it says, and a retry completes', async () => {
    const l = env.layout('updrop');
    const plan = env.plan(l, { kind: 'upload', localTarball: env.dist.tarball });
    let cut: Promise<number> | undefined;
    const e = await rejectsVm(setUpKafka(env.shell, plan, {
      onProgress: (p) => {
        // Frozen first, so the transfer cannot finish before the sessions are killed.
        if (!cut && /Uploading .* of /.test(p.message)) cut = env.sshd.freezeSessions(true).then(() => env.sshd.killSessionTree());
      },
    }), 'ssh');
    assert.ok(((await cut) ?? 0) > 0);
    assert.equal(e.step, 'kafka');
    assert.match(e.message, /dropped while uploading .*kafka\.tgz\.partial/);
    assert.match(e.leftOnVm ?? '', /\.kafka-dev-download \(a partial download or upload/);
    const staged = join(l.kafkaDir, '.kafka-dev-download');
    assert.ok(existsSync(join(staged, 'kafka.tgz.partial')) && !existsSync(join(staged, 'kafka.tgz')), 'only the .partial is left');

    const r = await setUpKafka(env.shell, plan, { probe: () => env.probe() });
    assert.deepEqual(r.steps.map((s) => `${s.step}:${s.outcome}`), ['java:already', 'kafka:done', 'configure:done', 'start:done', 'wait:done']);
    assert.equal(existsSync(staged), false);
    await brokerControl(env.shell, l).stop();
  });

  test('SSH dropped mid-download: VmError(ssh) saying what was left, and a retry completes', async () => {
    const l = env.layout('drop');
    const plan = env.plan(l, { kind: 'download', url: `${slow.url}/${env.dist.fileName}` });
    let killed = 0;
    const e = await rejectsVm(setUpKafka(env.shell, plan, {
      onProgress: (p) => {
        if (p.step === 'kafka' && /Downloading/.test(p.message)) setTimeout(() => { void env.sshd.killSessions().then((n) => { killed = n; }); }, 1500);
      },
    }), 'ssh');
    assert.ok(killed > 0);
    assert.equal(e.step, 'kafka');
    assert.match(e.message, /dropped while downloading/);
    assert.match(e.leftOnVm ?? '', /\.kafka-dev-download \(a partial download/);
    assert.match(e.retry ?? '', /Run Set Up again/);
    assert.ok(existsSync(join(l.kafkaDir, '.kafka-dev-download', 'kafka.tgz.partial')), 'the partial download is where the message says');
    // The download on the VM ended with the session (its process group was killed).
    await waitFor('curl on the VM to end', 10_000, async () => !(await env.vm.exec(['sh', '-c', 'pgrep -af "kafka[.]tgz[.]partial" || true'])).trim());

    const t0 = Date.now();
    const r = await setUpKafka(env.shell, plan, { probe: () => env.probe() });
    console.log(`# retry after the drop: ${Date.now() - t0} ms, ${r.steps.map((s) => `${s.step} ${s.outcome}`).join(', ')}`);
    assert.equal(r.changed, true);
    assert.deepEqual(r.steps.map((s) => `${s.step}:${s.outcome}`), ['java:already', 'kafka:done', 'configure:done', 'start:done', 'wait:done']);
    assert.equal(existsSync(join(l.kafkaDir, '.kafka-dev-download')), false);
    assert.ok(env.tunnel.status().connects >= 3, 'the tunnel dialled a new SSH connection after each drop');
  });
});
