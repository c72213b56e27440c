// A bootstrap server written as an IPv6 literal, "[::1]:port": kafkajs splits its broker list at every
// ':' and so tried host "[" (issue 11, defect 10). The shared broker listens on 127.0.0.1, so a plain TCP
// relay on [::1] stands in for an IPv6 listener: bootstrap goes through it, and the brokers' own
// addresses come from Metadata as usual.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, Server, Socket } from 'node:net';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { BrokerHandle, useBroker } from '../harness/sharedBroker';

let broker: BrokerHandle;
let relay: Server;
let relayed = 0;
const sockets = new Set<Socket>();

before(async () => {
  broker = await useBroker();
  const [host, port] = broker.bootstrap.split(',')[0].split(':');
  relay = createServer((inbound) => {
    relayed++;
    const outbound = connect(Number(port), host);
    for (const s of [inbound, outbound]) { sockets.add(s); s.on('error', () => undefined); s.on('close', () => sockets.delete(s)); }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve, reject) => relay.once('error', reject).listen(0, '::1', resolve));
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => relay.close(r));
  await broker.release();
});

test('a cluster whose bootstrap server is [::1]:port connects (bootstrap through the IPv6 address)', async () => {
  const { port } = relay.address() as { port: number };
  const bootstrap = `[::1]:${port}`;
  const kafka = createKafkaClient({ id: 'v6', name: 'v6', bootstrapServers: [bootstrap] }, {}, { connectionTimeoutMs: 10_000 });
  const admin = new ClusterAdmin(kafka, 10_000, bootstrap);
  try {
    const o = await admin.overview();
    assert.ok(o.brokers.length >= 1, JSON.stringify(o));
    assert.ok(relayed >= 1, 'bootstrap did not go through [::1]');
  } finally {
    await admin.close();
  }
});
