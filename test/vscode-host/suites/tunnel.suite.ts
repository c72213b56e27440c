// The SSH tunnel inside a real extension host (code-server: the same split as a Remote-SSH window):
// a cluster whose broker lives in the firewalled namespace VM is browsed through the extension's own
// services, host-key prompt and SecretStorage. The VM is started here, from the extension host process.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import type { HostKeyQuestion } from '../../../src/kafka/ssh/sshTunnel';
import { slotKey } from '../../../src/kafka/ssh/secretSlots';
import { startSshVm, SshVm } from '../../harness/netns';
import { activate, addCluster, removeCluster, topicsInTree } from '../extensionApi';

suite('SSH tunnel (extension host)', function () {
  this.timeout(120_000);
  let env: SshVm;
  let api: KafkaDevApi;
  const ENC = 'ext-host-passphrase';
  let encKey = '';

  suiteSetup(async function () {
    this.timeout(180_000);
    api = await activate();
    const dir = join(api.services.context.globalStorageUri.fsPath, '..', `kd-tunnel-suite-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    encKey = join(dir, 'id_enc');
    if (!existsSync(encKey)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', ENC, '-f', encKey]);
    env = await startSshVm({ nodes: 1, sshd: { authorizedKeys: [readFileSync(`${encKey}.pub`, 'utf8').trim()] } });
    console.log(`tunnel suite VM (${env.vm.kind}) up: ${JSON.stringify(env.setupMs)}`);
  });

  suiteTeardown(async () => {
    await env?.stop();
  });

  /** A cluster of the VM's broker, reached through `ssh`. */
  const vmCluster = (name: string, ssh: ClusterConfig['ssh'], secrets?: { sshKeyPassphrase?: string }): Promise<ClusterConfig> =>
    addCluster(api, { name, bootstrapServers: env.kafka.bootstrapServers, ssh }, secrets);

  test('an unknown host key is put to the user with its fingerprint; once trusted, the explorer lists topics through the tunnel', async () => {
    const questions: HostKeyQuestion[] = [];
    api.tunnels.hostKeyPrompt = async (_c, q) => { questions.push(q); return true; };
    const kh = api.tunnels.knownHostsFile();
    if (existsSync(kh)) writeFileSync(kh, '');
    const cluster = await vmCluster('vm-through-ssh', { host: env.sshd.host, port: env.sshd.port, user: 'root', identityFile: env.sshd.userKeyPath, auth: 'key' });
    const topic = `tunnel-host-${Date.now().toString(36)}`;
    try {
      const conn = await api.services.connections.get(cluster.id);
      assert.equal(questions.length, 1);
      assert.equal(questions[0].fingerprint, env.sshd.hostKeyFingerprint);
      assert.ok(readFileSync(kh, 'utf8').includes(env.sshd.hostPublicKey), 'trusted key remembered in the extension-owned known_hosts');
      await conn.admin.createTopic({ name: topic, partitions: 3 });

      api.explorer.refresh(cluster.id);
      const { names } = await topicsInTree(api, cluster.id);
      assert.ok(names.includes(topic), `topic not listed through the tunnel: ${JSON.stringify(names)}`);

      const st = api.tunnels.statuses().find((s) => s.clusterId === cluster.id);
      assert.equal(st?.state, 'connected');
      assert.ok((await vscode.commands.getCommands(true)).includes('kafkaDev.tunnelStatus'));
      await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] }));
    } finally {
      await removeCluster(api, cluster.id);
    }
    assert.equal(api.tunnels.statuses().find((s) => s.clusterId === cluster.id), undefined, 'tunnel closed with the cluster');
  });

  test('a key passphrase kept in SecretStorage (under its key file) is used without asking', async () => {
    api.tunnels.hostKeyPrompt = async () => { throw new Error('the host key is already trusted: no prompt expected'); };
    const cluster = await vmCluster('vm-passphrase', { host: env.sshd.host, port: env.sshd.port, user: 'root', identityFile: encKey, auth: 'key' });
    await api.services.clusters.storeSshSecrets(cluster.id, { [slotKey('passphrase', encKey)]: ENC });
    try {
      const conn = await api.services.connections.get(cluster.id);
      const topics = await conn.admin.topics();
      assert.ok(Array.isArray(topics));
    } finally {
      await removeCluster(api, cluster.id);
    }
  });

  test('SSH secrets go when the SSH target changes, SSH is removed, or the cluster is removed; not for the auth method', async () => {
    const store = api.services.clusters;
    const ssh = { host: 'vm-a.example', user: 'u', auth: 'password' as const };
    const c = await vmCluster('vm-secrets-lifetime', ssh);
    const kept = { [slotKey('password', 'u@vm-a.example:22')]: 'pw-a' };
    try {
      await store.storeSshSecrets(c.id, kept);
      await store.save({ ...c, ssh: { ...ssh, auth: 'key' } });
      assert.deepEqual(await store.sshSecretsFor(c.id), kept, 'the auth method alone keeps them');
      await store.save({ ...c, ssh: { ...ssh, host: 'vm-b.example' } });
      assert.deepEqual(await store.sshSecretsFor(c.id), {}, 'another SSH host: the old host\'s password is gone');
      await store.storeSshSecrets(c.id, kept);
      await store.save({ ...c, ssh: undefined });
      assert.deepEqual(await store.sshSecretsFor(c.id), {}, 'SSH removed: its secrets too');
      await store.save({ ...c, ssh });
      await store.storeSshSecrets(c.id, kept);
    } finally {
      await removeCluster(api, c.id);
    }
    assert.deepEqual(await store.sshSecretsFor(c.id), {}, 'the cluster removed: its SSH secrets too');
  });

  test('a changed host key is refused and the explorer says so, naming both fingerprints', async () => {
    const kh = api.tunnels.knownHostsFile();
    mkdirSync(dirname(kh), { recursive: true });
    // Another key for the same host: reuse the user key's public half as a stand-in "old" host key.
    const fake = env.sshd.userPublicKey.split(/\s+/).slice(0, 2).join(' ');
    writeFileSync(kh, `${env.sshd.knownHostsLine.split(' ')[0]} ${fake}\n`);
    let asked = false;
    api.tunnels.hostKeyPrompt = async () => { asked = true; return true; };
    const cluster = await vmCluster('vm-changed-key', { host: env.sshd.host, port: env.sshd.port, user: 'root', identityFile: env.sshd.userKeyPath, auth: 'key' });
    try {
      await assert.rejects(api.services.connections.get(cluster.id), (e: Error) =>
        /CHANGED/.test(e.message) && e.message.includes(env.sshd.hostKeyFingerprint) && e.message.includes(env.sshd.host));
      const root = (await api.explorer.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === cluster.id);
      assert.ok(root);
      // The explorer connects when a cluster is expanded, so the refusal shows right under it.
      const shown = await api.explorer.getChildren(root);
      assert.equal(shown[0]?.kind, 'error', JSON.stringify(shown.map((n) => n.kind)));
      assert.match(shown[0]?.kind === 'error' ? shown[0].message : '', /host key .* has CHANGED/);
      assert.equal(asked, false);
    } finally {
      writeFileSync(kh, '');
      await removeCluster(api, cluster.id);
    }
  });
});
