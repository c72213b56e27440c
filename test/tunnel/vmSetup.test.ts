// Set Up Kafka on a VM against the namespace VM: no Kafka there, no internet; sshd on the VM's address
// and an HTTP server on the VM's loopback serving a Kafka distribution built from the Maven jars. Both
// ways of getting Kafka (download with checksum, SFTP upload); the broker ends up reachable only
// through SSH; a second run changes nothing; Stop / Start / Restart / status / the log work.
// The namespace has no systemd user manager, so this covers the pid-file manager only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerControl } from '../../src/kafka/vm/brokerControl';
import { checkVm, findingProblems } from '../../src/kafka/vm/vmCheck';
import { setUpKafka } from '../../src/kafka/vm/vmSetup';
import { VmError, VmLayout, VmProgress } from '../../src/kafka/vm/vmTypes';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { namespacesPermitted } from '../harness/netns';
import { tcpConnects } from '../harness/ports';
import { waitFor } from '../harness/process';
import { uniqueTopic } from '../harness/sharedBroker';
import { kafkaThrough } from './fixture';
import { SetupVm, snapshot, startSetupVm } from './vmFixture';

const noNs = !namespacesPermitted() && 'needs network namespaces (root): the setup uses the VM\'s fixed ports 9092/9093';
let env: SetupVm;
let a: VmLayout;

describe('Set Up Kafka on a VM over SSH', { skip: noNs, timeout: 240_000 }, () => {
  before(async () => {
    const t0 = Date.now();
    env = await startSetupVm();
    a = env.layout('a');
    console.log(`# VM ${env.vm.address}, sshd, HTTP server in the VM: ${Date.now() - t0} ms (distribution ${env.dist.tarball})`);
  });
  after(async () => { await env?.stop(); });

  test('download on the VM (checksum verified) → a broker reachable only through SSH', async () => {
    const f = await checkVm(env.shell, a, [9092, 9093]);
    assert.ok(f.java && f.java.version >= 17, `Java 17+ on the VM: ${JSON.stringify(f.java)}`);
    assert.equal(f.existingKafka, undefined);
    assert.equal(f.brokerRunning, undefined);
    assert.deepEqual(f.portsInUse, []);
    assert.equal(f.sudo, 'root');
    assert.ok(f.memTotalBytes > 0 && f.diskFreeBytes > 0 && f.home.startsWith('/'), JSON.stringify(f));
    assert.deepEqual(findingProblems(f, env.plan(a, { kind: 'download', url: env.downloadUrl })), []);
    console.log(`# findings: ${f.os} ${f.arch}, ${f.java?.text}, systemd user manager: ${f.systemdUser}, package manager: ${f.packageManager}`);

    const progress: VmProgress[] = [];
    const t0 = Date.now();
    const r = await setUpKafka(env.shell, env.plan(a, { kind: 'download', url: env.downloadUrl }), { onProgress: (p) => progress.push(p), probe: () => env.probe() });
    console.log(`# set up by download in ${Date.now() - t0} ms:\n${r.steps.map((s) => `#   ${s.step} ${s.outcome}: ${s.detail}`).join('\n')}`);
    assert.equal(r.changed, true);
    assert.equal(r.manager, 'pidfile');
    assert.equal(r.bootstrap, 'localhost:9092');
    assert.deepEqual(r.steps.map((s) => `${s.step}:${s.outcome}`), ['java:already', 'kafka:done', 'configure:done', 'start:done', 'wait:done']);
    assert.match(r.steps[1].detail, /SHA-512 verified/);
    assert.ok(progress.some((p) => p.step === 'kafka' && /Downloading/.test(p.message)));
    assert.equal(progress.reduce((n, p) => n + (p.increment ?? 0), 0), 100);

    const kafka = kafkaThrough(env.tunnel, ['localhost:9092'], 'vm-setup-test');
    const admin = kafka.admin();
    const topic = uniqueTopic('vm-setup');
    try {
      await admin.connect();
      await createTopicsReady(admin, [{ topic, numPartitions: 1 }], 30_000);
      assert.ok((await admin.listTopics()).includes(topic));
      const cluster = await admin.describeCluster();
      assert.deepEqual(cluster.brokers.map((b) => `${b.host}:${b.port}`), ['localhost:9092']);
    } finally {
      await admin.disconnect();
    }
    assert.equal(await tcpConnects(env.vm.address, 9092), false, 'the VM address must not expose Kafka');
    assert.equal(await tcpConnects(env.vm.address, 9093), false, 'nor the controller');
  });

  test('running it again on the set-up VM says so and changes nothing', async () => {
    // The running broker writes its logs and checkpoints; everything Set Up writes must stay as it is.
    const before = { kafka: snapshot(a.kafkaDir, ['logs']), meta: snapshot(a.dataDir)['meta.properties'] };
    const r = await setUpKafka(env.shell, env.plan(a, { kind: 'download', url: env.downloadUrl }), { probe: () => env.probe() });
    assert.equal(r.changed, false);
    assert.deepEqual(r.steps.map((s) => s.outcome), ['already', 'already', 'already', 'already', 'already'], JSON.stringify(r.steps));
    assert.deepEqual({ kafka: snapshot(a.kafkaDir, ['logs']), meta: snapshot(a.dataDir)['meta.properties'] }, before);
  });

  test('a changed heap: Set Up rewrites kafka-dev.env and restarts the broker with it', async () => {
    const before = await brokerControl(env.shell, a).status();
    const r = await setUpKafka(env.shell, { ...env.plan(a, { kind: 'download', url: env.downloadUrl }), heapMb: 320 }, { probe: () => env.probe() });
    assert.deepEqual(r.steps.map((s) => `${s.step}:${s.outcome}`), ['java:already', 'kafka:already', 'configure:done', 'start:done', 'wait:done']);
    assert.match(r.steps[2].detail, /^wrote kafka-dev\.env$/);
    const after = await brokerControl(env.shell, a).status();
    assert.notEqual(after.pid, before.pid);
    assert.match(readFileSync(`/proc/${after.pid}/cmdline`, 'utf8').replace(/\0/g, ' '), /-Xmx320m -Xms320m/);
  });

  test('status, Stop, Start, Restart, and the log shows the startup lines', async () => {
    const none = brokerControl(env.shell, env.layout('none'));
    assert.deepEqual(await none.status(), { state: 'not-installed' });
    await assert.rejects(none.start(), (e: unknown) => e instanceof VmError && e.kind === 'not-installed' && /No Kafka in .*none\/kafka/.test(e.message));

    const bc = brokerControl(env.shell, a);
    const s1 = await bc.status();
    assert.equal(s1.state, 'running');
    assert.equal(s1.manager, 'pidfile');
    assert.equal(s1.version, env.dist.version);
    assert.ok((s1.pid ?? 0) > 0 && (s1.uptimeSeconds ?? -1) >= 0 && (s1.dataDirBytes ?? 0) > 0, JSON.stringify(s1));

    await bc.stop();
    assert.equal((await bc.status()).state, 'stopped');
    await assert.rejects(env.probe());
    await bc.start();
    const s2 = await bc.status();
    assert.equal(s2.state, 'running');
    assert.notEqual(s2.pid, s1.pid);
    await waitFor('the broker to answer through SSH after Start', 60_000, () => env.probe().then(() => true));

    let text = '';
    let ended: Error | undefined | 'no';
    ended = 'no';
    const stopFollow = await bc.followLog((t) => { text += t; }, (e) => { ended = e; });
    await waitFor('the first 50 lines of server.log', 10_000, async () => text.length > 0);
    const mark = text.length;
    await bc.restart();
    const s3 = await bc.status();
    assert.equal(s3.state, 'running');
    assert.notEqual(s3.pid, s2.pid);
    await waitFor('"Kafka Server started" in the followed log after Restart', 60_000, async () => /Kafka Server started/.test(text.slice(mark)));
    stopFollow();
    await waitFor('the log stream to end', 10_000, async () => ended !== 'no');
    assert.equal(ended, undefined);
    await waitFor('the broker to answer through SSH after Restart', 60_000, () => env.probe().then(() => true));
    await bc.stop();
  });

  test('upload a local tarball over SFTP → a broker that answers', async () => {
    const b = env.layout('b');
    const progress: string[] = [];
    const t0 = Date.now();
    const r = await setUpKafka(env.shell, env.plan(b, { kind: 'upload', localTarball: env.dist.tarball }),
      { onProgress: (p) => progress.push(p.message), probe: () => env.probe() });
    console.log(`# set up by SFTP upload in ${Date.now() - t0} ms: ${r.steps.map((s) => `${s.step} ${s.outcome}`).join(', ')}`);
    assert.equal(r.changed, true);
    assert.match(r.steps[1].detail, /uploaded .* over SFTP; SHA-512 matches/);
    assert.ok(progress.some((m) => /Uploading .*of/.test(m)), progress.join('\n'));
    assert.equal(existsSync(join(b.kafkaDir, '.kafka-dev-download')), false, 'the staging folder is removed');
    await brokerControl(env.shell, b).stop();
    assert.equal((await brokerControl(env.shell, b).status()).state, 'stopped');
  });
});
