// The Schema Registry through the SSH tunnel: Apicurio runs inside the network-namespace "VM" on the VM's
// own 127.0.0.1, so the host cannot reach it; the client's every HTTP connection is an SSH channel made by
// the tunnel's socketFactory (the same one kafkajs uses), and keep-alive keeps it to one channel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import { RegistryError } from '../../src/kafka/registry/types';
import { createSshSocketFactory } from '../../src/kafka/ssh/socketFactory';
import { Apicurio, startApicurio } from '../harness/apicurio';
import { createVm, namespacesPermitted, Vm } from '../harness/netns';
import { waitFor } from '../harness/process';
import { Sshd, startSshd } from '../harness/sshd';
import { uniqueTopic } from '../harness/sharedBroker';
import { tunnelTo } from './fixture';
import { tcpConnects } from '../harness/ports';

let vm: Vm;
let sshd: Sshd;
let registry: Apicurio;

before(async () => {
  vm = await createVm();
  sshd = await startSshd({ netns: vm.name || undefined, listenAddress: vm.address });
  registry = await startApicurio({ netns: vm.name || undefined });
  console.log(`# VM (${vm.kind}): Apicurio ${registry.url} up in ${registry.startMs} ms`);
});
after(async () => {
  await registry?.stop();
  await sshd?.stop();
  await vm?.destroy();
});

test('without SSH the registry cannot be reached from the host', { skip: !namespacesPermitted() && 'no namespaces: loopback stand-in VM' }, async () => {
  assert.equal(await tcpConnects(vm.address, registry.port), false, 'the VM address must not expose the registry');
  assert.equal(await tcpConnects(sshd.host, sshd.port), true, 'while sshd answers there');
});

test('every operation through the tunnel, on one kept-alive SSH channel', async () => {
  const tunnel = tunnelTo(sshd);
  const client = createRegistryClient({ url: registry.url }, {}, { timeoutMs: 10_000, socketFactory: createSshSocketFactory(tunnel) });
  try {
    await client.check();
    const subject = uniqueTopic('vm-orders-value');
    const schema = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }] });
    const { id, version } = await client.register(subject, schema, 'AVRO');
    assert.equal(version, 1);
    assert.deepEqual((await client.subjects()).map((s) => s.subject), [subject]);
    const byId = await client.schemaById(id);
    assert.equal(byId.subject, subject);
    assert.deepEqual(JSON.parse(byId.schema), JSON.parse(schema));
    assert.deepEqual(await client.compatibility(subject), { level: 'BACKWARD', inherited: true });
    const bad = await client.register(subject, JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'sku', type: 'string' }] }), 'AVRO')
      .then(() => undefined, (e: unknown) => e);
    assert.ok(bad instanceof RegistryError && bad.kind === 'incompatible', String(bad));
    await client.deleteSubject(subject, false);
    await client.deleteSubject(subject, true);

    // One SSH connection, and the HTTP requests shared one channel (keep-alive over the tunnel).
    const st = tunnel.status();
    assert.equal(st.connects, 1);
    assert.equal(st.openChannels, 1);
    client.close();
    await waitFor('the registry\'s channel to close with the client', 10_000, async () => tunnel.status().openChannels === 0);
  } finally {
    client.close();
    tunnel.close();
  }
});

test('a port nothing listens on in the VM: unreachable, in the SSH side\'s words', async () => {
  const tunnel = tunnelTo(sshd);
  const url = 'http://127.0.0.1:8089/apis/ccompat/v7';
  const client = createRegistryClient({ url }, {}, { timeoutMs: 10_000, socketFactory: createSshSocketFactory(tunnel) });
  try {
    const e = await client.check().then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof RegistryError, String(e));
    assert.equal(e.kind, 'unreachable', e.message);
    assert.match(e.message, /through the SSH tunnel/);
    assert.match(e.message, /127\.0\.0\.1:8089/);
    console.log(`# ${e.message}`);
  } finally {
    client.close();
    tunnel.close();
  }
});
