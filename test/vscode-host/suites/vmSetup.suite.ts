// Set Up Kafka on a VM inside a real extension host (code-server): a namespace VM with sshd and Java but no
// Kafka and no broker; kafkaDev.setUpKafkaOnVm with scripted answers (the argument form: nothing asked)
// uploads a Kafka distribution over SFTP (the first run) and, on a second VM directory, downloads it on
// the VM from a server inside the namespace. It ends with the cluster in settings and its topics in the
// tree through SSH; a second run changes nothing; Stop / Start / Restart change the VM row; Show Broker
// Log's channel gets the broker's startup lines. Directories are temp absolute paths: the VM shares this
// machine's filesystem and its SSH user is root, so never ~/kafka here.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import type { BrokerStatus } from '../../../src/kafka/vm/vmTypes';
import type { SetUpVmArgs } from '../../../src/vm/register';
import type { SetUpVmOutcome } from '../../../src/vm/setupRun';
import { ensureKafkaDist, KafkaDist } from '../../harness/kafkaDist';
import { createVm, Vm } from '../../harness/netns';
import { sleep } from '../../harness/process';
import { Sshd, startSshd } from '../../harness/sshd';
import { startVmHttpServer, VmHttpServer } from '../../harness/vmHttp';
import { activate, addCluster, removeCluster, topicsInTree } from '../extensionApi';

suite('Kafka on a VM (extension host)', function () {
  this.timeout(240_000);
  let api: KafkaDevApi;
  let vm: Vm;
  let sshd: Sshd;
  let dir: string;
  let dist: KafkaDist;
  let http: VmHttpServer | undefined;
  const clusterIds: string[] = [];
  const pids = new Set<number>();

  suiteSetup(async function () {
    this.timeout(300_000);
    api = await activate();
    vm = await createVm();
    sshd = await startSshd({ netns: vm.name || undefined, listenAddress: vm.address });
    dist = await ensureKafkaDist();
    dir = mkdtempSync(join(tmpdir(), 'kd-vm-suite-'));
    api.tunnels.hostKeyPrompt = async () => true;
    api.vm.setup.sudo.prompt = async () => { throw new Error('root needs no sudo password'); };
    console.log(`vm suite: VM ${vm.kind} ${vm.address}, Kafka ${dist.version} distribution ${dist.tarball}`);
  });

  suiteTeardown(async () => {
    for (const id of clusterIds) {
      if (api.services.clusters.get(id)?.vm) await vscode.commands.executeCommand('kafkaDev.vm.stopBroker', { clusterId: id }).then(undefined, () => undefined);
      await removeCluster(api, id);
    }
    // A broker the stop above missed: ended by its pid (the namespace shares this machine's pids).
    for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await http?.stop();
    await sshd?.stop();
    await vm?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const target = (): Pick<SetUpVmArgs, 'target' | 'auth' | 'identityFile'> =>
    ({ target: `root@${sshd.host}:${sshd.port}`, auth: 'key', identityFile: sshd.userKeyPath });

  const setUp = async (args: SetUpVmArgs): Promise<SetUpVmOutcome> => {
    const r = await vscode.commands.executeCommand<SetUpVmOutcome | undefined>('kafkaDev.setUpKafkaOnVm', args);
    assert.ok(r, 'Set Up returned nothing');
    if (!clusterIds.includes(r.cluster.id)) clusterIds.push(r.cluster.id);
    return r;
  };

  /** The VM row under the cluster (the first row), as the tree shows it now. */
  const vmRow = async (clusterId: string): Promise<Extract<ExplorerNode, { kind: 'vm' }>> => {
    const root = (await api.explorer.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === clusterId);
    assert.ok(root, 'cluster not at the root of the tree');
    const rows = await api.explorer.getChildren(root);
    const row = rows[0];
    assert.equal(row?.kind, 'vm', `no VM row first: ${JSON.stringify(rows.map((n) => n.kind))}`);
    return row as Extract<ExplorerNode, { kind: 'vm' }>;
  };

  const control = async (command: string, clusterId: string): Promise<BrokerStatus> => {
    const s = await vscode.commands.executeCommand<BrokerStatus>(command, { clusterId });
    if (s.pid) pids.add(s.pid);
    return s;
  };

  let clusterId = '';

  test('Set Up uploads Kafka over SFTP, starts the broker, adds the cluster; its topics show in the tree through SSH', async () => {
    const layout = { kafkaDir: join(dir, 'kafka'), dataDir: join(dir, 'kafka-data') };
    const t0 = Date.now();
    const r = await setUp({ ...target(), kafkaVersion: dist.version, source: { kind: 'upload', localTarball: dist.tarball }, ...layout, clusterName: 'vm-setup-suite' });
    console.log(`set up in ${Date.now() - t0} ms: ${JSON.stringify(r.result.steps)}`);
    assert.equal(r.result.changed, true);
    assert.equal(r.reusedCluster, false);
    assert.equal(r.result.bootstrap, 'localhost:9092');
    clusterId = r.cluster.id;
    const saved = api.services.clusters.get(clusterId);
    assert.deepEqual(saved?.vm, layout);
    assert.deepEqual(saved?.bootstrapServers, ['localhost:9092']);
    assert.equal(saved?.ssh?.host, sshd.host);
    const conn = await api.services.connections.get(clusterId);
    const topic = `vm-setup-${Date.now().toString(36)}`;
    await conn.admin.createTopic({ name: topic, partitions: 2 });
    api.explorer.refresh(clusterId);
    const { names } = await topicsInTree(api, clusterId);
    assert.ok(names.includes(topic), `topic not in the tree through SSH: ${JSON.stringify(names)}`);
    const row = await vmRow(clusterId);
    assert.equal(row.status?.state, 'running', JSON.stringify(row));
    if (row.status?.pid) pids.add(row.status.pid);
    // Cached with the cluster's rows: asking again without a refresh opens no SSH connection.
    assert.equal(await vmRow(clusterId), row, 'the VM row was asked for again without a refresh');
  });

  test('a second Set Up on the set-up VM changes nothing and reuses the cluster', async () => {
    assert.ok(clusterId, 'needs the first test');
    const layout = api.services.clusters.get(clusterId)?.vm;
    const before = api.services.clusters.list().length;
    const r = await setUp({ ...target(), kafkaVersion: dist.version, source: { kind: 'upload', localTarball: dist.tarball }, kafkaDir: layout?.kafkaDir, dataDir: layout?.dataDir });
    assert.equal(r.result.changed, false, JSON.stringify(r.result.steps));
    assert.ok(r.result.steps.every((s) => s.outcome === 'already'), JSON.stringify(r.result.steps));
    assert.equal(r.reusedCluster, true);
    assert.equal(r.cluster.id, clusterId);
    assert.equal(api.services.clusters.list().length, before, 'no second cluster');
  });

  test('Show Broker Log follows server.log; Stop / Start / Restart change the VM row', async () => {
    assert.ok(clusterId, 'needs the first test');
    assert.equal(await vscode.commands.executeCommand('kafkaDev.vm.showBrokerLog', { clusterId }), true);
    assert.equal(api.vm.logs.isFollowing(clusterId), true);
    const first = await vmRow(clusterId);
    const stopped = await control('kafkaDev.vm.stopBroker', clusterId);
    assert.equal(stopped.state, 'stopped');
    const afterStop = await vmRow(clusterId);
    assert.equal(afterStop.status?.state, 'stopped');
    const root = (await api.explorer.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === clusterId);
    const rows = root ? await api.explorer.getChildren(root) : [];
    assert.equal(rows[1]?.kind, 'error', `Kafka's error under the VM row once stopped: ${JSON.stringify(rows.map((n) => n.kind))}`);

    const started = await control('kafkaDev.vm.startBroker', clusterId);
    assert.equal(started.state, 'running');
    assert.notEqual(started.pid, first.status?.pid, 'a new broker process');
    assert.equal((await vmRow(clusterId)).status?.state, 'running');
    await (await api.services.connections.get(clusterId)).admin.topics();

    const restarted = await control('kafkaDev.vm.restartBroker', clusterId);
    assert.equal(restarted.state, 'running');
    assert.notEqual(restarted.pid, started.pid, 'restart runs a new process');
    const row = await vmRow(clusterId);
    assert.equal(row.status?.pid, restarted.pid);
    assert.ok((row.status?.uptimeSeconds ?? 99) < 120, JSON.stringify(row.status));

    // The log channel saw the restarts' startup lines (followed all along, through its own SSH connection).
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      text = api.vm.logs.text(clusterId);
      if ((text.match(/Kafka Server started/g) ?? []).length >= 2) break;
      await sleep(500);
    }
    assert.ok((text.match(/Kafka Server started/g) ?? []).length >= 2, `startup lines missing from the channel:\n${text.slice(-3000)}`);
    assert.equal(await vscode.commands.executeCommand('kafkaDev.vm.stopBrokerLog', { clusterId }), true);
    assert.equal(api.vm.logs.isFollowing(clusterId), false);
  });

  test('a blocking finding (port 9092 taken by another broker) is refused before anything changes, naming the fix', async () => {
    assert.ok(clusterId, 'needs the first test');
    const other = join(dir, 'kafka-other');
    const before = api.services.clusters.list().length;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('kafkaDev.setUpKafkaOnVm', { ...target(), kafkaVersion: dist.version, source: { kind: 'upload', localTarball: dist.tarball }, kafkaDir: other, dataDir: `${other}-data` })),
      (e: Error & { retry?: string }) => /Port 9092 .*already taken/.test(e.message) && /run Set Up again/i.test(e.retry ?? ''),
    );
    assert.equal(existsSync(other), false, 'nothing written on the VM');
    assert.equal(api.services.clusters.list().length, before, 'no cluster added');
  });

  test('Set Up downloads Kafka on the VM from a URL (a server inside the namespace) into another directory', async () => {
    assert.ok(clusterId, 'needs the first test');
    // One broker per VM (port 9092): the first one goes, the second set-up starts its own.
    await control('kafkaDev.vm.stopBroker', clusterId);
    await removeCluster(api, clusterId);
    http = await startVmHttpServer(vm, dist.dir, 8000);
    const layout = { kafkaDir: join(dir, 'kafka-dl'), dataDir: join(dir, 'kafka-dl-data') };
    const r = await setUp({ ...target(), kafkaVersion: dist.version, source: { kind: 'download', url: `${http.url}/${dist.fileName}` }, ...layout, clusterName: 'vm-download-suite' });
    assert.equal(r.result.changed, true);
    const kafkaStep = r.result.steps.find((s) => s.step === 'kafka');
    assert.equal(kafkaStep?.outcome, 'done', JSON.stringify(r.result.steps));
    const { topics } = await topicsInTree(api, r.cluster.id);
    assert.ok(Array.isArray(topics));
    const row = await vmRow(r.cluster.id);
    assert.equal(row.status?.state, 'running');
    if (row.status?.pid) pids.add(row.status.pid);
    downloaded = { clusterId: r.cluster.id, ...layout };
  });

  let downloaded: { clusterId: string; kafkaDir: string; dataDir: string } | undefined;

  test('Set Kafka Directory on VM gives an SSH cluster its VM row; a relative path is refused; empty removes it', async () => {
    assert.ok(downloaded, 'needs the download test');
    const ssh = api.services.clusters.get(downloaded.clusterId)?.ssh;
    const c = await addCluster(api, { name: 'vm-named-dir', bootstrapServers: ['localhost:9092'], ssh });
    clusterIds.push(c.id);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.vm.setKafkaDir', { clusterId: c.id, kafkaDir: 'kafka' })), /must be absolute/);
    const saved = await vscode.commands.executeCommand<{ vm?: unknown }>('kafkaDev.vm.setKafkaDir', { clusterId: c.id, kafkaDir: downloaded.kafkaDir, dataDir: downloaded.dataDir });
    assert.deepEqual(saved.vm, { kafkaDir: downloaded.kafkaDir, dataDir: downloaded.dataDir });
    const row = await vmRow(c.id);
    assert.equal(row.status?.state, 'running', JSON.stringify(row));
    assert.ok((row.status?.dataDirBytes ?? 0) > 0, 'the data directory\'s size');
    await vscode.commands.executeCommand('kafkaDev.vm.setKafkaDir', { clusterId: c.id, kafkaDir: '' });
    assert.equal(api.services.clusters.get(c.id)?.vm, undefined);
    const root = (await api.explorer.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === c.id);
    const rows = root ? await api.explorer.getChildren(root) : [];
    assert.notEqual(rows[0]?.kind, 'vm', 'no VM row once the directory is removed');
  });
});
