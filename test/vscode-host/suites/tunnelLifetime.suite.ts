// Who owns an SSH cluster's tunnel, in a real extension host against a broker reachable only through
// sshd in a network namespace (issue 11, defects 1 and 3, fault case 3b): Test Connection and Edit Cluster
// during a consume through SSH use their own throwaway tunnel or nothing at all, so the consumer shows every
// record once; a reset while a connection is still opening leaves the newer connection and its tunnel alone.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { StartConsumerRequest } from '../../../src/consumer/register';
import type { KafkaDevApi } from '../../../src/extension';
import type { ConnectionTestResult } from '../../../src/kafka/client/connectionTest';
import type { ClusterConfig, SshSettings } from '../../../src/kafka/rules/clusterConfig';
import { startSshVm, SshVm } from '../../harness/netns';
import { countLossAndDuplicates, recordFault } from '../../harness/reliability';
import { activate, addCluster, removeCluster } from '../extensionApi';
import { linesAfterLastHeader, shownOffsets, until } from '../consumerText';

suite('SSH tunnel lifetimes (extension host)', function () {
  this.timeout(120_000);
  let env: SshVm;
  let api: KafkaDevApi;
  const run = Date.now().toString(36);

  suiteSetup(async function () {
    this.timeout(180_000);
    api = await activate();
    env = await startSshVm({ nodes: 1 });
  });

  suiteTeardown(async () => {
    await env?.stop();
  });

  const ssh = (): SshSettings => ({ host: env.sshd.host, port: env.sshd.port, user: 'root', identityFile: env.sshd.userKeyPath, auth: 'key' });
  const vmCluster = (name: string): Promise<ClusterConfig> => addCluster(api, { name, bootstrapServers: env.kafka.bootstrapServers, ssh: ssh() });

  /** kcat inside the VM (the broker is reachable only there), one record per value. */
  function produceInVm(topic: string, values: string[]): void {
    const [cmd, ...pre] = env.vm.wrap.length ? env.vm.wrap : ['kcat'];
    const args = [...pre, ...(env.vm.wrap.length ? ['kcat'] : []), '-b', env.kafka.bootstrapServers[0], '-P', '-t', topic, '-D', '\\x1e'];
    execFileSync(cmd, args, { input: values.map((v) => `${v}\x1e`).join(''), stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
  }

  test('a reset while the connection is still opening: the old attempt\'s failure leaves the newer connection and its tunnel alone', async () => {
    // An empty known_hosts of our own: the host key is asked for, and the first question is held open.
    mkdirSync(dirname(api.tunnels.knownHostsFile()), { recursive: true });
    writeFileSync(api.tunnels.knownHostsFile(), '');
    let release: ((trust: boolean) => void) | undefined;
    let asked = 0;
    const firstAsked = new Promise<void>((resolve) => {
      api.tunnels.hostKeyPrompt = () => {
        asked++;
        if (asked > 1) return Promise.resolve(true);
        resolve();
        return new Promise<boolean>((r) => { release = r; });
      };
    });
    const cluster = await vmCluster(`ssh-reset-${run}`);
    try {
      const first = api.services.connections.get(cluster.id);
      first.catch(() => undefined);
      await firstAsked;
      const resetting = api.services.connections.reset(cluster.id);
      const second = api.services.connections.get(cluster.id);
      assert.notEqual(second, first);
      const conn = await second;
      release?.(false);
      await assert.rejects(first, /host key/i);
      await resetting;
      assert.equal(api.services.connections.get(cluster.id), second, 'the newer connection is still the cached one');
      const st = api.tunnels.statuses().filter((s) => s.clusterId === cluster.id);
      assert.deepEqual(st.map((s) => s.state), ['connected'], JSON.stringify(st));
      assert.ok(Array.isArray(await conn.admin.topics()), 'the newer connection still works through its tunnel');
    } finally {
      await removeCluster(api, cluster.id);
    }
    assert.deepEqual(api.tunnels.statuses().filter((s) => s.clusterId === cluster.id), [], 'the tunnel closed with its cluster');
  });

  test('Test Connection and Edit Cluster during a consume through SSH do not interrupt it: 0 lost, 0 duplicated', async () => {
    api.tunnels.hostKeyPrompt = async () => true;
    const cluster = await vmCluster(`ssh-consume-${run}`);
    const topic = `ssh-lifetime-${run}`;
    try {
      const conn = await api.services.connections.get(cluster.id);
      await conn.admin.createTopic({ name: topic, partitions: 1 });
      const text = (): string => api.consumers.channelText(cluster.id, topic);
      const shown = (): string[] => shownOffsets(linesAfterLastHeader(text()));
      const batch = async (from: number, what: string): Promise<void> => {
        produceInVm(topic, Array.from({ length: 100 }, (_, i) => `v${from + i}`));
        await until(what, 30_000, () => shown().length >= from + 100, () => text().slice(-3_000));
      };
      const req: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'beginning' } };
      await vscode.commands.executeCommand('kafkaDev.startConsumer', req);
      await batch(0, 'the first 100 records');
      const logins = api.tunnels.statuses().find((s) => s.clusterId === cluster.id)?.connects;

      const tested = await vscode.commands.executeCommand<ConnectionTestResult>('kafkaDev.testConnection', { clusterId: cluster.id }, { quiet: true });
      assert.ok(tested?.ok, JSON.stringify(tested));
      const t0 = Date.now();
      await batch(100, 'the 100 records produced after Test Connection');
      const recoverSeconds = (Date.now() - t0) / 1000;

      // Edit Cluster saved without a change (and tested on save): nothing that connects changed.
      await vscode.commands.executeCommand('kafkaDev.editCluster', {
        id: cluster.id, name: cluster.name, bootstrapServers: cluster.bootstrapServers, ssh: cluster.ssh, testConnection: true,
      });
      await batch(200, 'the 100 records produced after Edit Cluster');

      const st = api.tunnels.statuses().filter((s) => s.clusterId === cluster.id);
      assert.deepEqual(st.map((s) => [s.state, s.connects]), [['connected', logins]], 'the shared tunnel stayed up, with no new login');
      assert.equal(await api.services.connections.get(cluster.id), conn, 'the shared client was kept');
      assert.doesNotMatch(text(), /Stopping:|reconnecting/);
      const c = countLossAndDuplicates(Array.from({ length: 300 }, (_, i) => `0:${i}`), shown());
      recordFault({
        id: 'ssh-test-connection-during-consume',
        fault: 'SSH: Test Connection, then Edit Cluster saved unchanged (with its test), during a consume through the tunnel',
        happened: 'each test used a throwaway client and tunnel; the shared tunnel, client and consumer were untouched (no status line)',
        ...c, recoverSeconds,
      });
      assert.equal(c.lost, 0);
      assert.equal(c.duplicated, 0);
    } finally {
      await api.consumers.stopAll();
      await removeCluster(api, cluster.id);
    }
  });
});
