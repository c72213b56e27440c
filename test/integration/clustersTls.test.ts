// TLS against a real broker with an SSL listener (throwaway self-signed certificate): the CA file
// verifies it, a missing CA is a certificate error, skip-verify connects, and TLS on a plaintext port
// (or plaintext on the TLS port) fails within the bound with a message that points at the TLS setting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { TlsSettings } from '../../src/kafka/rules/clusterConfig';
import { testConnection } from '../../src/kafka/client/connectionTest';
import { KafkaCluster, startKafka } from '../harness/kafka';

const BOUND = 5_000;
let cluster: KafkaCluster;
let tlsServers: string[];
let caFile: string;
before(async () => {
  cluster = await startKafka({ nodes: 1, tls: true });
  tlsServers = (cluster.tlsBootstrap ?? '').split(',');
  caFile = cluster.caFile ?? '';
});
after(async () => { await cluster?.stop(); });

const client = (servers: string[], tls?: TlsSettings): ReturnType<typeof createKafkaClient> =>
  createKafkaClient({ id: 't', name: 't', bootstrapServers: servers, tls }, {}, { connectionTimeoutMs: BOUND });

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - t0 };
}

test('TLS with the broker\'s CA file: Test Connection and the topic list work', async () => {
  const r = await testConnection(client(tlsServers, { enabled: true, caFile }), tlsServers, BOUND);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(`${r.brokers[0].host}:${r.brokers[0].port}`, tlsServers[0]);
  const admin = new ClusterAdmin(client(tlsServers, { enabled: true, caFile }), BOUND, 'tls');
  try {
    await admin.createTopic({ name: 'over-tls', partitions: 2 });
    assert.ok((await admin.topics()).some((t) => t.name === 'over-tls' && t.partitions === 2));
  } finally {
    await admin.close();
  }
});

test('TLS without the CA: a certificate error naming TLS, within the bound', async () => {
  const { value: r, ms } = await timed(() => testConnection(client(tlsServers, { enabled: true }), tlsServers, BOUND));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.kind === 'tls', JSON.stringify(r));
  assert.match(!r.ok ? r.message : '', /TLS handshake failed \(tried .*\): .*(self[- ]signed|unable to verify|certificate).*Check the TLS setting and CA file\./i);
  assert.ok(ms < BOUND + 2_000, `${ms} ms`);
});

test('skip-verify connects (the insecure option, for throwaway clusters)', async () => {
  const r = await testConnection(client(tlsServers, { enabled: true, skipVerify: true }), tlsServers, BOUND);
  assert.ok(r.ok, JSON.stringify(r));
});

test('TLS on the plaintext port, and plaintext on the TLS port: bounded errors that point at the TLS setting', async () => {
  const plain = cluster.bootstrapServers;
  const a = await timed(() => testConnection(client(plain, { enabled: true, caFile }), plain, BOUND));
  const b = await timed(() => testConnection(client(tlsServers), tlsServers, BOUND));
  for (const { value: r, ms } of [a, b]) {
    assert.equal(r.ok, false);
    assert.ok(ms < BOUND + 2_000, `${ms} ms`);
  }
  // TLS spoken to a plaintext listener: the handshake never completes.
  assert.ok(!a.value.ok && a.value.kind === 'tls', JSON.stringify(a.value));
  assert.match(!a.value.ok ? a.value.message : '', /TLS handshake failed .*Check the TLS setting/);
  // Plaintext spoken to the TLS listener: the broker hangs up, and the message says what to compare.
  assert.ok(!b.value.ok && b.value.kind === 'closed', JSON.stringify(b.value));
  assert.match(!b.value.ok ? b.value.message : '', /closed the connection without answering .*expects TLS or SASL/);
});
