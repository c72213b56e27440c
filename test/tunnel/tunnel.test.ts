// The SSH tunnel against the firewalled "VM": a network namespace whose only open door is sshd on its
// veth address; Kafka listens on the namespace's own 127.0.0.1 and advertises localhost:9092.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafkaClient } from '../../src/kafka/client/client';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { loadSshConfig } from '../../src/kafka/ssh/sshConfig';
import { resolveSshTarget } from '../../src/kafka/ssh/sshTarget';
import { HostKeyQuestion, SecretKind } from '../../src/kafka/ssh/sshTunnel';
import { SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';
import { namespacesPermitted, startSshVm, SshVm } from '../harness/netns';
import { spawnGuarded, waitFor } from '../harness/process';
import { startSshd } from '../harness/sshd';
import { uniqueTopic } from '../harness/sharedBroker';
import { kafkaThrough, targetFor, tempDir, tunnelTo } from './fixture';
import { tcpConnects } from '../harness/ports';

const run = promisify(execFile);

let env: SshVm;
let encKeyPath: string;
const ENC_PASSPHRASE = 'correct horse';

before(async () => {
  // An extra passphrase-protected key, authorized on the VM's sshd alongside the harness's user key.
  const d = tempDir('kd-enckey-');
  encKeyPath = join(d, 'id_enc');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', ENC_PASSPHRASE, '-f', encKeyPath]);
  env = await startSshVm({ nodes: 1, sshd: { authorizedKeys: [readFileSync(`${encKeyPath}.pub`, 'utf8').trim()], password: 'vm-root-pw' } });
  console.log(`# VM (${env.vm.kind}) ${env.vm.address}: namespace ${env.setupMs.vm} ms, sshd ${env.setupMs.sshd} ms, Kafka ${env.setupMs.kafka} ms`);
});
after(async () => { await env?.stop(); });

async function rejectsWith(p: Promise<unknown>, kind: SshTunnelError['kind'], re?: RegExp): Promise<SshTunnelError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SshTunnelError, `expected SshTunnelError(${kind}), got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (re) assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected SshTunnelError(${kind}), but it succeeded`);
}

describe('SSH tunnel to a broker that only the VM can reach', () => {
  test('without SSH the broker cannot be reached from the host', { skip: !namespacesPermitted() && 'no namespaces: loopback stand-in VM' }, async () => {
    assert.equal(await tcpConnects(env.vm.address, 9092), false, 'the VM address must not expose Kafka');
    // 127.0.0.1:9092 on the host is not the VM's loopback: whatever answers there (if anything) is another cluster.
    const direct = createKafkaClient({ id: 'd', name: 'd', bootstrapServers: ['127.0.0.1:9092'] }, {}, { connectionTimeoutMs: 2_000 });
    const admin = direct.admin();
    const clusterId = await admin.connect().then(() => admin.describeCluster()).then((d) => d.clusterId, () => undefined);
    await admin.disconnect().catch(() => undefined);
    assert.notEqual(clusterId, env.kafka.clusterId);
    // ...while sshd on the VM address answers.
    assert.equal(await tcpConnects(env.sshd.host, env.sshd.port), true);
  });

  test('list, create and describe topics, produce and consume, all through the tunnel', async () => {
    const tunnel = tunnelTo(env.sshd);
    const kafka = kafkaThrough(tunnel, env.kafka.bootstrapServers);
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: uniqueTopic('g') });
    const topic = uniqueTopic('tunnel');
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      assert.equal(cluster.clusterId, env.kafka.clusterId);
      assert.deepEqual(cluster.brokers.map((b) => `${b.host}:${b.port}`), ['localhost:9092'].map((s) => env.vm.kind === 'netns' ? s : env.kafka.bootstrapServers[0]));
      await createTopicsReady(admin, [{ topic, numPartitions: 2 }], 30_000);
      assert.ok((await admin.listTopics()).includes(topic));
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(md.topics[0].partitions.length, 2);

      await producer.connect();
      const N = 500;
      await producer.send({ topic, messages: Array.from({ length: N }, (_, i) => ({ key: String(i % 7), value: `v${i}` })) });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const seen = new Set<string>();
      await consumer.run({ eachMessage: async ({ message }) => { seen.add(String(message.value)); } });
      await waitFor(`${N} records through the tunnel`, 30_000, async () => seen.size >= N);
      assert.equal(seen.size, N);
      assert.equal(tunnel.status().connects, 1, 'one SSH connection shared by admin, producer and consumer');
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      tunnel.close();
    }
  });

  test('a record produced by kcat inside the VM arrives through the tunnel', { skip: !namespacesPermitted() && 'no namespaces: loopback stand-in VM' }, async () => {
    const topic = uniqueTopic('kcat');
    const tunnel = tunnelTo(env.sshd);
    const kafka = kafkaThrough(tunnel, env.kafka.bootstrapServers);
    const admin = kafka.admin();
    const consumer = kafka.consumer({ groupId: uniqueTopic('g') });
    try {
      await admin.connect();
      await createTopicsReady(admin, [{ topic }], 30_000);
      await run('sh', ['-c', `echo from-kcat | ip netns exec ${env.vm.name} kcat -P -b localhost:9092 -t ${topic}`]);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let got = '';
      await consumer.run({ eachMessage: async ({ message }) => { got = String(message.value); } });
      await waitFor('the kcat record', 30_000, async () => got === 'from-kcat');
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      tunnel.close();
    }
  });

  test('a broker address that nothing listens on in the VM is reported as such', async () => {
    const tunnel = tunnelTo(env.sshd);
    try {
      await rejectsWith(tunnel.forward('localhost', 9999), 'remote-refused', /localhost:9999 is not reachable from the SSH host .*is the broker running/);
      await rejectsWith(tunnel.checkReachable([{ host: 'localhost', port: 9999 }]), 'remote-refused');
      await tunnel.checkReachable([{ host: 'localhost', port: 9999 }, { host: 'localhost', port: Number(env.kafka.bootstrapServers[0].split(':')[1]) }]);
    } finally {
      tunnel.close();
    }
  });
});

describe('SSH host keys', () => {
  test('a changed host key is refused, naming the host and both fingerprints', async () => {
    const other = await startSshd({ listenAddress: '127.0.0.1' });
    const kh = join(tempDir('kd-kh-'), 'known_hosts');
    // known_hosts says the VM's address has the *other* server's key.
    writeFileSync(kh, `${env.sshd.knownHostsLine.split(' ')[0]} ${other.hostPublicKey}\n`);
    await other.stop();
    let asked = false;
    const tunnel = tunnelTo(env.sshd, { knownHostsFiles: [kh], confirmUnknownHost: async () => { asked = true; return true; } });
    const e = await rejectsWith(tunnel.connect(), 'hostkey-changed');
    assert.ok(e.message.includes(env.sshd.hostKeyFingerprint), e.message);
    assert.ok(e.message.includes(other.hostKeyFingerprint), e.message);
    assert.ok(e.message.includes(env.sshd.host), e.message);
    assert.equal(asked, false, 'a changed key is never a question');
    tunnel.close();
  });

  test('an unknown host key is shown to the user: no refuses, yes connects and is remembered', async () => {
    const kh = join(tempDir('kd-kh-'), 'known_hosts');
    const questions: HostKeyQuestion[] = [];
    const ask = (answer: boolean) => async (q: HostKeyQuestion): Promise<boolean> => { questions.push(q); return answer; };

    const no = tunnelTo(env.sshd, { knownHostsFiles: [kh], confirmUnknownHost: ask(false) });
    await rejectsWith(no.connect(), 'hostkey-rejected', new RegExp(env.sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')));
    no.close();
    assert.equal(questions.length, 1);
    assert.equal(questions[0].fingerprint, env.sshd.hostKeyFingerprint);
    assert.equal(questions[0].keyType, 'ssh-ed25519');

    const yes = tunnelTo(env.sshd, { knownHostsFiles: [kh], confirmUnknownHost: ask(true) });
    await yes.connect();
    yes.close();
    assert.equal(questions.length, 2);
    assert.ok(readFileSync(kh, 'utf8').includes(env.sshd.hostPublicKey), 'accepted key appended to known_hosts');

    const again = tunnelTo(env.sshd, { knownHostsFiles: [kh], confirmUnknownHost: ask(true) });
    await again.connect();
    again.close();
    assert.equal(questions.length, 2, 'a remembered key is not asked again');
  });

  test('hashed known_hosts entries (ssh-keygen -H) are recognised', async () => {
    const kh = join(tempDir('kd-kh-'), 'known_hosts');
    writeFileSync(kh, `${env.sshd.knownHostsLine}\n`);
    await run('ssh-keygen', ['-q', '-H', '-f', kh]);
    assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
    const t = tunnelTo(env.sshd, { knownHostsFiles: [kh] });
    await t.connect();
    t.close();
  });
});

describe('SSH authentication', () => {
  const secrets = (values: Partial<Record<SecretKind, string>>, forgotten: SecretKind[] = [], asked: SecretKind[] = []) => ({
    get: async (k: SecretKind) => { asked.push(k); return values[k]; },
    forget: async (k: SecretKind) => { forgotten.push(k); },
  });

  test('a key the server does not know gives an auth error naming the methods tried', async () => {
    const d = tempDir('kd-wrongkey-');
    const wrong = join(d, 'id_wrong');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    const t = tunnelTo(env.sshd, { target: targetFor(env.sshd, { identityFiles: [wrong] }) });
    await rejectsWith(t.connect(), 'auth', new RegExp(`SSH login as root on ${env.sshd.host}:${env.sshd.port} was rejected; tried: publickey \\(${wrong}\\)`));
    t.close();
  });

  test('automatic mode tries the key, then the password, and names both when both fail', async () => {
    const d = tempDir('kd-wrongkey-');
    const wrong = join(d, 'id_wrong');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    const forgotten: SecretKind[] = [];
    const t = tunnelTo(env.sshd, { auth: undefined, target: targetFor(env.sshd, { identityFiles: [wrong] }), secrets: secrets({ password: 'nope' }, forgotten) });
    await rejectsWith(t.connect(), 'auth', /tried: publickey \(.*id_wrong\), password\./);
    assert.deepEqual(forgotten, ['password'], 'a rejected password is forgotten so it is asked again');
    t.close();
  });

  test('password authentication (kept by the caller as a secret)', async () => {
    const asked: SecretKind[] = [];
    const t = tunnelTo(env.sshd, { auth: 'password', secrets: secrets({ password: 'vm-root-pw' }, [], asked) });
    await t.connect();
    assert.deepEqual(asked, ['password']);
    t.close();
  });

  test('a passphrase-protected key asks for its passphrase; a wrong one is a clear error and forgotten', async () => {
    const asked: SecretKind[] = [];
    const ok = tunnelTo(env.sshd, { target: targetFor(env.sshd, { identityFiles: [encKeyPath] }), secrets: secrets({ passphrase: ENC_PASSPHRASE }, [], asked) });
    await ok.connect();
    ok.close();
    assert.deepEqual(asked, ['passphrase']);
    const forgotten: SecretKind[] = [];
    const bad = tunnelTo(env.sshd, { target: targetFor(env.sshd, { identityFiles: [encKeyPath] }), secrets: secrets({ passphrase: 'wrong' }, forgotten) });
    await rejectsWith(bad.connect(), 'key', /Wrong passphrase for the SSH key/);
    assert.deepEqual(forgotten, ['passphrase']);
    bad.close();
  });

  test('ssh-agent authentication (SSH_AUTH_SOCK)', async () => {
    const sock = join(tempDir('kd-agent-'), 'agent.sock');
    const agent = spawnGuarded('ssh-agent', ['-D', '-a', sock]);
    try {
      await waitFor('ssh-agent socket', 10_000, async () => run('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: sock } })
        .then(() => true, (e: { code?: number }) => e.code === 1));
      await run('ssh-add', [env.sshd.userKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      const t = tunnelTo(env.sshd, { auth: 'agent', agentSocket: sock, target: targetFor(env.sshd, { identityFiles: [] }) });
      await t.connect();
      t.close();
    } finally {
      await agent.stop();
    }
  });
});

describe('SSH connection errors', () => {
  test('AllowTcpForwarding no gives its own error', async () => {
    const strict = await startSshd({ netns: env.vm.name || undefined, listenAddress: env.vm.address, port: env.vm.kind === 'netns' ? 2222 : undefined, allowTcpForwarding: false });
    const t = tunnelTo(strict);
    try {
      await t.connect();
      await rejectsWith(t.forward('localhost', 9092), 'forwarding-refused', /the SSH server refused port forwarding \(AllowTcpForwarding\?\)/);
    } finally {
      t.close();
      await strict.stop();
    }
  });

  test('no such alias, DNS failure, connection refused', async () => {
    const dir = tempDir('kd-sshcfg-');
    const cfg = join(dir, 'config');
    writeFileSync(cfg, 'Host known-vm\n  HostName 10.0.0.1\n');
    assert.throws(() => resolveSshTarget({ alias: 'missing-vm' }, loadSshConfig(cfg)),
      (e: unknown) => e instanceof SshTunnelError && e.kind === 'alias' && /No Host "missing-vm" in ~\/.ssh\/config/.test(e.message));

    const dns = tunnelTo(env.sshd, { target: targetFor(env.sshd, { host: 'no-such-host.invalid' }) });
    await rejectsWith(dns.connect(), 'dns', /no-such-host\.invalid/);
    const refused = tunnelTo(env.sshd, { target: targetFor(env.sshd, { port: 2 }) });
    await rejectsWith(refused.connect(), 'refused', new RegExp(`${env.sshd.host.replace(/\./g, '\\.')}:2 was refused`));
  });

  test('a Host alias from an ssh config file (HostName, User, Port, IdentityFile), and ProxyJump', async () => {
    const dir = tempDir('kd-sshcfg-');
    const cfg = join(dir, 'config');
    writeFileSync(cfg, [
      'Host kd-vm',
      `  HostName ${env.sshd.host}`,
      `  Port ${env.sshd.port}`,
      '  User root',
      `  IdentityFile ${env.sshd.userKeyPath}`,
      'Host kd-behind-jump',
      `  HostName ${env.sshd.host}`,
      `  Port ${env.sshd.port}`,
      '  User root',
      '  ProxyJump kd-vm',
      `  IdentityFile ${env.sshd.userKeyPath}`,
      'Host *',
      '  User nobody-should-win',
      '',
    ].join('\n'));
    const target = resolveSshTarget({ alias: 'kd-vm' }, loadSshConfig(cfg));
    assert.equal(target.user, 'root');
    assert.equal(target.port, env.sshd.port);
    const t = tunnelTo(env.sshd, { target });
    const ch = await t.forward('localhost', Number(env.kafka.bootstrapServers[0].split(':')[1]));
    ch.close();
    t.close();

    const viaJump = resolveSshTarget({ alias: 'kd-behind-jump' }, loadSshConfig(cfg));
    assert.equal(viaJump.jumps.length, 1);
    const j = tunnelTo(env.sshd, { target: viaJump });
    await j.connect();
    const kafka = kafkaThrough(j, env.kafka.bootstrapServers);
    const admin = kafka.admin();
    try {
      await admin.connect();
      assert.equal((await admin.describeCluster()).clusterId, env.kafka.clusterId);
    } finally {
      await admin.disconnect();
      j.close();
    }
  });
});
