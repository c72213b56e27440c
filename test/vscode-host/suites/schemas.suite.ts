// The Schema Registry inside a real extension host (code-server) against a real Apicurio Registry
// (ccompat API) and the shared broker: a cluster with a registry has Schemas → subjects → versions (ids
// as the registry has them, read back with plain fetch, not our client); a version opens as a read-only
// document in its language; Register Schema (from a request and from the active editor) registers a
// compatible schema and refuses an incompatible one with the registry's reasons, registering nothing;
// Set Compatibility (subject and global); Delete Version / Subject soft, then permanently; a registry that
// is down is an error row whose Retry works once it is back; 401 through a proxy that demands basic auth,
// fixed by Edit Cluster with the right password; Test Connection's registry line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import type { ClusterTestResult } from '../../../src/clusters/connections';
import { useApicurio } from '../../harness/apicurio';
import { activate, addCluster, removeCluster } from '../extensionApi';
import { basicAuth, restartableProxy, RestartableProxy } from '../../harness/registryProxy';

const ORDER_V1 = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }] };
const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'note', type: 'string', default: '' }] };
/** BACKWARD-incompatible: a new field without a default cannot be read from v2's data. */
const ORDER_BAD = { ...ORDER_V1, fields: [...ORDER_V2.fields, { name: 'qty', type: 'int' }] };
const PAY_PROTO = 'syntax = "proto3";\npackage shop;\n\nmessage Pay {\n  int64 id = 1;\n}\n';

suite('schema registry: settings, tree, documents, register, compatibility, delete (extension host)', function () {
  this.timeout(180_000);
  const bootstrap = (process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '').split(',');
  const stamp = `${Date.now().toString(36)}-${process.pid}`;
  const orders = `orders-${stamp}-value`;
  const pay = `pay/${stamp}:value`; // "/" and ":" must be URL-encoded on the way
  let api: KafkaDevApi;
  let url: string;
  let cluster: ClusterConfig;
  const extra: string[] = [];
  const proxies: RestartableProxy[] = [];

  /** The registry read without our client: plain fetch of the Confluent API. */
  async function oracle<T>(path: string, init?: { method: string; body?: unknown }): Promise<{ status: number; body: T }> {
    const r = await fetch(`${url}${path}`, {
      method: init?.method ?? 'GET',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', accept: 'application/vnd.schemaregistry.v1+json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: r.status, body: await r.json().catch(() => undefined) as T };
  }
  const enc = encodeURIComponent;
  const versionsOf = async (s: string): Promise<number[]> => (await oracle<number[]>(`/subjects/${enc(s)}/versions`)).body;

  async function sections(c: ClusterConfig): Promise<ExplorerNode[]> {
    const root = (await api.explorer.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === c.id);
    assert.ok(root, `cluster ${c.name} not in the tree`);
    return api.explorer.getChildren(root);
  }
  async function schemasNode(c: ClusterConfig): Promise<ExplorerNode> {
    const s = (await sections(c)).find((n) => n.kind === 'schemas');
    assert.ok(s, `no Schemas row under ${c.name}`);
    return s;
  }
  const label = (n: ExplorerNode): string => {
    const item = api.explorer.getTreeItem(n);
    return `${typeof item.label === 'string' ? item.label : item.label?.label ?? ''}${item.description ? ` | ${String(item.description)}` : ''}`;
  };

  suiteSetup(async () => {
    api = await activate();
    url = (await useApicurio()).url;
    const reg1 = await oracle<{ id: number }>(`/subjects/${enc(orders)}/versions`, { method: 'POST', body: { schema: JSON.stringify(ORDER_V1) } });
    assert.equal(reg1.status, 200, JSON.stringify(reg1.body));
    const reg2 = await oracle<{ id: number }>(`/subjects/${enc(pay)}/versions`, { method: 'POST', body: { schema: PAY_PROTO, schemaType: 'PROTOBUF' } });
    assert.equal(reg2.status, 200, JSON.stringify(reg2.body));
    cluster = await addCluster(api, { name: `schemas-suite-${process.pid}`, bootstrapServers: bootstrap, schemaRegistry: { url } });
  });

  suiteTeardown(async () => {
    for (const s of [orders, pay, ...extra]) {
      await oracle(`/subjects/${enc(s)}`, { method: 'DELETE' }).catch(() => undefined);
      await oracle(`/subjects/${enc(s)}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
    }
    for (const p of proxies) await p.stop();
    if (cluster) await removeCluster(api, cluster.id);
  });

  test('the tree: Schemas only under a cluster with a registry; subjects "· AVRO · v1"; versions "v1 · id N" with the registry\'s ids', async () => {
    const plain = await addCluster(api, { name: `no-registry-${process.pid}`, bootstrapServers: bootstrap });
    try {
      assert.deepEqual((await sections(plain)).map((n) => n.kind), ['brokers', 'topics', 'groups']);
    } finally {
      await removeCluster(api, plain.id);
    }
    const node = await schemasNode(cluster);
    assert.equal(label(node), `Schemas | ${new URL(url).host}`);
    const subjects = await api.explorer.getChildren(node);
    const mine = subjects.filter((n) => n.kind === 'subject' && [orders, pay].includes(n.subject.subject));
    assert.deepEqual(mine.map(label).sort(), [`${orders} | AVRO · v1`, `${pay} | PROTOBUF · v1`].sort());
    const ordersNode = mine.find((n) => n.kind === 'subject' && n.subject.subject === orders)!;
    const versions = await api.explorer.getChildren(ordersNode);
    const id = (await oracle<{ id: number }>(`/subjects/${enc(orders)}/versions/1`)).body.id;
    assert.deepEqual(versions.map(label), [`v1 · id ${id} | latest`]);
    assert.equal(api.explorer.getTreeItem(versions[0]).command?.command, 'kafkaDev.openSchemaVersion');
  });

  test('a version opens as a document: Avro pretty-printed as json, Protobuf as its .proto text; the subject\'s name may hold / and :', async () => {
    const uri = await vscode.commands.executeCommand<string>('kafkaDev.openSchemaVersion', { clusterId: cluster.id, subject: orders, version: 1 });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, `no document ${uri}`);
    assert.equal(doc.uri.scheme, 'kafka-dev-schema');
    assert.equal(doc.languageId, 'json');
    assert.equal(doc.getText(), `${JSON.stringify(ORDER_V1, null, 2)}\n`);
    assert.match(doc.uri.path, new RegExp(`/${orders} v1\\.avsc$`));
    const protoUri = await vscode.commands.executeCommand<string>('kafkaDev.openSchemaVersion', { clusterId: cluster.id, subject: pay, version: 'latest' });
    const proto = vscode.workspace.textDocuments.find((d) => d.uri.toString() === protoUri);
    assert.ok(proto);
    assert.equal(proto.getText(), PAY_PROTO);
    assert.ok(['plaintext', 'proto', 'proto3'].includes(proto.languageId), proto.languageId);
  });

  test('Register Schema: a compatible version from the active editor is registered; an incompatible one is refused with the registry\'s reasons and nothing registered', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(ORDER_V2, null, 2) }));
    assert.equal(vscode.window.activeTextEditor, editor);
    const r = await vscode.commands.executeCommand<{ subject: string; id: number; version?: number }>('kafkaDev.registerSchema', { clusterId: cluster.id, subject: orders });
    const latest = (await oracle<{ id: number; version: number }>(`/subjects/${enc(orders)}/versions/latest`)).body;
    assert.deepEqual(r, { subject: orders, id: latest.id, version: 2 });
    assert.deepEqual(await versionsOf(orders), [1, 2]);
    await assert.rejects(
      () => Promise.resolve(vscode.commands.executeCommand('kafkaDev.registerSchema', { clusterId: cluster.id, subject: orders, schema: JSON.stringify(ORDER_BAD) })),
      // Apicurio's ccompat API gives no reasons (verbose is Confluent's); the client says so, naming the registry.
      (e: Error) => { assert.match(e.message, new RegExp(`^${orders}: the schema is not BACKWARD compatible with the latest version, so it was not registered\\. The registry says: .*(qty|${url.replace(/[.]/g, '\\.')})`)); return true; },
    );
    assert.deepEqual(await versionsOf(orders), [1, 2], 'an incompatible schema was registered');
    // The tree was refreshed: the subject now says v2.
    const subjects = await api.explorer.getChildren(await schemasNode(cluster));
    assert.ok(subjects.some((n) => n.kind === 'subject' && label(n) === `${orders} | AVRO · v2`), subjects.map(label).join(', '));
    // An invalid schema is the registry's own 422 message, not a registration.
    const bad = `bad-${stamp}`;
    extra.push(bad);
    await assert.rejects(() => Promise.resolve(vscode.commands.executeCommand('kafkaDev.registerSchema', { clusterId: cluster.id, subject: bad, schema: '{"type":"record","name":"X"}', schemaType: 'AVRO' })),
      (e: Error) => { assert.match(e.message, /422|invalid|fields/i); return true; });
    // A new subject with a type told from the text (JSON Schema).
    const js = `json-${stamp}`;
    extra.push(js);
    const j = await vscode.commands.executeCommand<{ version?: number }>('kafkaDev.registerSchema', { clusterId: cluster.id, subject: js, schema: '{"type":"object","properties":{"id":{"type":"integer"}}}' });
    assert.equal(j.version, 1);
    assert.equal((await oracle<{ schemaType?: string }>(`/subjects/${enc(js)}/versions/1`)).body.schemaType, 'JSON');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Set Compatibility: a subject\'s level and the global default, as the registry reads them back', async () => {
    assert.equal(await vscode.commands.executeCommand('kafkaDev.setCompatibility', { clusterId: cluster.id, subject: orders, level: 'NONE' }), 'NONE');
    const sub = (await oracle<Record<string, string>>(`/config/${enc(orders)}`)).body;
    assert.equal(sub.compatibilityLevel ?? sub.compatibility, 'NONE');
    // NONE lets the schema that BACKWARD refused in.
    const r = await vscode.commands.executeCommand<{ version?: number }>('kafkaDev.registerSchema', { clusterId: cluster.id, subject: orders, schema: JSON.stringify(ORDER_BAD) });
    assert.equal(r.version, 3);
    await vscode.commands.executeCommand('kafkaDev.setCompatibility', { clusterId: cluster.id, level: 'FULL' });
    try {
      const g = (await oracle<Record<string, string>>('/config')).body;
      assert.equal(g.compatibilityLevel ?? g.compatibility, 'FULL');
    } finally {
      await vscode.commands.executeCommand('kafkaDev.setCompatibility', { clusterId: cluster.id, level: 'BACKWARD' });
    }
    await assert.rejects(() => Promise.resolve(vscode.commands.executeCommand('kafkaDev.setCompatibility', { clusterId: cluster.id, level: 'SIDEWAYS' })),
      /"level" must be one of NONE, BACKWARD, .*got "SIDEWAYS"/);
  });

  test('Delete: a version soft, then permanently; a subject soft (listed only as deleted), then permanently; permanent first is refused', async () => {
    assert.equal(await vscode.commands.executeCommand('kafkaDev.deleteSchemaVersion', { clusterId: cluster.id, subject: orders, version: 3, confirm: true }), true);
    assert.deepEqual(await versionsOf(orders), [1, 2]);
    assert.equal(await vscode.commands.executeCommand('kafkaDev.deleteSchemaVersion', { clusterId: cluster.id, subject: orders, version: 3, permanent: true, confirm: true }), true);
    assert.deepEqual((await oracle<number[]>(`/subjects/${enc(orders)}/versions?deleted=true`)).body, [1, 2]);
    await assert.rejects(() => Promise.resolve(vscode.commands.executeCommand('kafkaDev.deleteSubjectPermanently', { clusterId: cluster.id, subject: pay, confirm: true })),
      (e: Error) => { assert.match(e.message, new RegExp(`${pay.replace(/[/:]/g, '.')}|soft|Delete Subject first`, 'i')); return true; });
    assert.deepEqual(await versionsOf(pay), [1], 'a permanent delete without a soft one removed the subject');
    assert.deepEqual(await vscode.commands.executeCommand('kafkaDev.deleteSubject', { clusterId: cluster.id, subject: pay, confirm: true }), [1]);
    assert.ok(!(await oracle<string[]>('/subjects')).body.includes(pay));
    assert.ok((await oracle<string[]>('/subjects?deleted=true')).body.includes(pay));
    const subjects = await api.explorer.getChildren(await schemasNode(cluster));
    assert.ok(!subjects.some((n) => n.kind === 'subject' && n.subject.subject === pay), 'the tree still lists the deleted subject');
    assert.deepEqual(await vscode.commands.executeCommand('kafkaDev.deleteSubjectPermanently', { clusterId: cluster.id, subject: pay, confirm: true }), [1]);
    assert.ok(!(await oracle<string[]>('/subjects?deleted=true')).body.includes(pay));
  });

  test('a registry that is down: the Schemas row shows the error (naming the URL), Test Connection says so, Retry works once it is back', async () => {
    const proxy = await restartableProxy(url);
    proxies.push(proxy);
    await proxy.stop();
    const c = await addCluster(api, { name: `down-${process.pid}`, bootstrapServers: bootstrap, schemaRegistry: { url: proxy.url } });
    try {
      const node = await schemasNode(c);
      const rows = await api.explorer.getChildren(node);
      assert.equal(rows.length, 1);
      const err = rows[0];
      assert.equal(err.kind, 'error');
      assert.ok(err.kind === 'error' && err.message.includes(proxy.url.replace(/\/apis.*$/, '')), JSON.stringify(err));
      assert.equal(api.explorer.getTreeItem(err).command?.command, 'kafkaDev.refresh');
      const t = await vscode.commands.executeCommand<ClusterTestResult>('kafkaDev.testConnection', { clusterId: c.id }, { quiet: true });
      assert.equal(t.ok, true, 'the brokers answered');
      assert.equal(t.registry?.ok, false);
      await proxy.start();
      await vscode.commands.executeCommand('kafkaDev.refresh', err);
      const after = await api.explorer.getChildren(node);
      assert.ok(after.some((n) => n.kind === 'subject' && n.subject.subject === orders), after.map(label).join(', '));
      const t2 = await vscode.commands.executeCommand<ClusterTestResult>('kafkaDev.testConnection', { clusterId: c.id }, { quiet: true });
      assert.equal(t2.registry?.ok, true, JSON.stringify(t2.registry));
    } finally {
      await removeCluster(api, c.id);
    }
  });

  test('401: a wrong password is named on the Schemas row and in Test Connection; Edit Cluster with the right one fixes both', async () => {
    const proxy = await restartableProxy(url, basicAuth('svc', 'right-pw'));
    proxies.push(proxy);
    const c = await addCluster(api, { name: `auth-${process.pid}`, bootstrapServers: bootstrap, schemaRegistry: { url: proxy.url, auth: { kind: 'basic', username: 'svc' } } },
      { registryPassword: 'wrong-pw' });
    try {
      const rows = await api.explorer.getChildren(await schemasNode(c));
      assert.ok(rows[0]?.kind === 'error' && /user name and password/.test(rows[0].message), JSON.stringify(rows));
      const t = await vscode.commands.executeCommand<ClusterTestResult>('kafkaDev.testConnection', { clusterId: c.id }, { quiet: true });
      assert.ok(t.registry && !t.registry.ok && t.registry.kind === 'unauthorized', JSON.stringify(t.registry));
      const secretsBefore = await api.services.clusters.secretsFor(c.id);
      assert.equal(secretsBefore.registryPassword, 'wrong-pw');
      await vscode.commands.executeCommand('kafkaDev.editCluster', {
        id: c.id, name: c.name, bootstrapServers: bootstrap, schemaRegistry: { url: proxy.url, auth: { kind: 'basic', username: 'svc' } }, registryPassword: 'right-pw',
      });
      const saved = api.services.clusters.get(c.id);
      assert.ok(saved && !JSON.stringify(saved).includes('right-pw'), 'the password reached the settings');
      assert.equal((await api.services.clusters.secretsFor(c.id)).registryPassword, 'right-pw');
      const after = await api.explorer.getChildren(await schemasNode(c));
      assert.ok(after.some((n) => n.kind === 'subject' && n.subject.subject === orders), after.map(label).join(', '));
      const t2 = await vscode.commands.executeCommand<ClusterTestResult>('kafkaDev.testConnection', { clusterId: c.id }, { quiet: true });
      assert.equal(t2.registry?.ok, true, JSON.stringify(t2.registry));
      // Removing the registry takes its secret with it.
      await vscode.commands.executeCommand('kafkaDev.editCluster', { id: c.id, name: c.name, bootstrapServers: bootstrap });
      assert.equal((await api.services.clusters.secretsFor(c.id)).registryPassword, undefined);
      assert.deepEqual((await sections(api.services.clusters.get(c.id)!)).map((n) => n.kind), ['brokers', 'topics', 'groups']);
    } finally {
      await removeCluster(api, c.id);
    }
  });
});
