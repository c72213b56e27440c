// Test Connection and connection failures against the real shared broker: details on success, the
// advertised.listeners hint, a closed port within the bound, and a wrong SCRAM password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressInfo, createServer, Socket } from 'node:net';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { ClusterConfig, ClusterSecrets } from '../../src/kafka/rules/clusterConfig';
import { testConnection } from '../../src/kafka/client/connectionTest';
import { describeKafkaError } from '../../src/kafka/client/errors';
import { freePort } from '../harness/ports';
import { BrokerHandle, SCRAM_USER, useBroker } from '../harness/sharedBroker';

const BOUND = 5_000;
let broker: BrokerHandle;
before(async () => { broker = await useBroker(); });
after(async () => { await broker.release(); });

function client(servers: string[], cfg: Partial<ClusterConfig> = {}, secrets: ClusterSecrets = {}): ReturnType<typeof createKafkaClient> {
  return createKafkaClient({ id: 't', name: 't', bootstrapServers: servers, ...cfg }, secrets, { connectionTimeoutMs: BOUND });
}

test('Test Connection reports brokers, controller, cluster id and round trip', async () => {
  const servers = broker.bootstrap.split(',');
  const r = await testConnection(client(servers), servers, BOUND);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.brokers.length, 1);
  assert.equal(`${r.brokers[0].host}:${r.brokers[0].port}`, servers[0]);
  assert.equal(r.controller, 1);
  assert.match(r.clusterId, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(r.rttMs > 0 && r.rttMs < BOUND, `rtt ${r.rttMs}`);
  assert.equal(r.advertisedHint, undefined);
});

test('bootstrap through another host name than the advertised one gives the advertised.listeners hint', async () => {
  const port = broker.bootstrap.split(',')[0].split(':')[1];
  const servers = [`localhost:${port}`];
  const r = await testConnection(client(servers), servers, BOUND);
  assert.ok(r.ok, JSON.stringify(r));
  assert.match(r.advertisedHint ?? '', new RegExp(`advertises its brokers as 127\\.0\\.0\\.1:${port}, not as the bootstrap host localhost.*advertised\\.listeners`));
});

test('a closed port fails with "refused" within the bound (Test Connection and the admin the tree uses)', async () => {
  const servers = [`127.0.0.1:${await freePort()}`];
  const t0 = Date.now();
  const r = await testConnection(client(servers), servers, BOUND);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.kind, 'refused');
  assert.match(!r.ok ? r.message : '', new RegExp(`Connection refused \\(tried ${servers[0]}\\)`));
  assert.ok(Date.now() - t0 < BOUND + 1000, `took ${Date.now() - t0} ms`);

  const admin = new ClusterAdmin(client(servers), BOUND, servers[0]);
  const t1 = Date.now();
  const e = await admin.overview().then(() => undefined, (x: unknown) => x);
  assert.ok(e, 'overview should fail');
  assert.equal(describeKafkaError(e, servers[0]).kind, 'refused');
  assert.ok(Date.now() - t1 < BOUND + 1000, `took ${Date.now() - t1} ms`);
  await admin.close();
});

test('a server that accepts but never answers is cut at the bound with "timeout"', async () => {
  // A silent TCP listener: the connection opens, Kafka's first request gets no reply, only our bound ends it.
  const sockets = new Set<Socket>();
  const silent = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const servers = [`127.0.0.1:${(silent.address() as AddressInfo).port}`];
  try {
    const t0 = Date.now();
    const r = await testConnection(createKafkaClient({ id: 't', name: 't', bootstrapServers: servers }, {}, { connectionTimeoutMs: 2_000 }), servers, 2_000);
    const took = Date.now() - t0;
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.kind, 'timeout', JSON.stringify(r));
    assert.match(!r.ok ? r.message : '', new RegExp(`No answer from the cluster in time \\(tried ${servers[0]}\\)`));
    assert.ok(took >= 1_900 && took < 3_500, `took ${took} ms`);

    // The tree's path (ClusterAdmin, as the connection manager builds it) is bounded the same way.
    const admin = new ClusterAdmin(createKafkaClient({ id: 't', name: 't', bootstrapServers: servers }, {}, { connectionTimeoutMs: 2_000 }), 2_000, servers[0]);
    const t1 = Date.now();
    const e = await admin.topics().then(() => undefined, (x: unknown) => x);
    assert.equal(describeKafkaError(e, servers[0]).kind, 'timeout');
    assert.ok(Date.now() - t1 < 3_500, `tree path took ${Date.now() - t1} ms`);
    await admin.close();
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
});

test('SCRAM-SHA-256 with the right password works; a wrong one is an auth error', async () => {
  const servers = broker.saslBootstrap.split(',');
  const sasl = { mechanism: 'scram-sha-256' as const, username: SCRAM_USER.name };
  const good = await testConnection(client(servers, { sasl }, { saslPassword: SCRAM_USER.password }), servers, BOUND);
  assert.ok(good.ok, JSON.stringify(good));
  const bad = await testConnection(client(servers, { sasl }, { saslPassword: 'not-the-password' }), servers, BOUND);
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.kind, 'auth');
  assert.match(!bad.ok ? bad.message : '', /Authentication failed \(tried .*\): check the SASL mechanism, user name and password/);
  assert.ok(!JSON.stringify(bad).includes('not-the-password'), 'the password never appears in the result');
});

test('SASL PLAIN with the same user works', async () => {
  const servers = broker.saslBootstrap.split(',');
  const r = await testConnection(client(servers, { sasl: { mechanism: 'plain', username: SCRAM_USER.name } }, { saslPassword: SCRAM_USER.password }), servers, BOUND);
  assert.ok(r.ok, JSON.stringify(r));
});

test('a host name that does not resolve fails with "dns" within the bound', async () => {
  const servers = ['no-such-host.invalid:9092'];
  const t0 = Date.now();
  const r = await testConnection(client(servers), servers, BOUND);
  assert.ok(!r.ok && r.kind === 'dns', JSON.stringify(r));
  assert.match(!r.ok ? r.message : '', /Host name not found \(tried no-such-host\.invalid:9092\)\. Check the spelling/);
  assert.ok(Date.now() - t0 < BOUND + 2_000);
});

test('a plaintext client on the SASL listener: the broker hangs up, and the message points at TLS/SASL settings', async () => {
  const servers = (broker.saslBootstrap ?? '').split(',');
  const r = await testConnection(client(servers), servers, BOUND);
  assert.ok(!r.ok && r.kind === 'closed', JSON.stringify(r));
  assert.match(!r.ok ? r.message : '', /expects TLS or SASL/);
});
