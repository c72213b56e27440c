// Decoded records inside a real extension host, against the shared broker and a real Apicurio Registry:
// a cluster with a registry streams Confluent-framed Avro into its Output channel as «avro … id N» {JSON}
// (an unknown id as a marker and the raw bytes, the consumer going on); Browse Messages shows the same
// records decoded in the detail ("Avro <subject> v1 id N"), its JSON condition filters on the decoded JSON,
// and the toolbar's value format (hex, then back to auto) changes what the rows and the detail show.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Type } from 'avsc';
import type { BrowserPanel } from '../../../src/browser/panel';
import type { DetailView, ToWebview } from '../../../src/browser/protocol';
import type { StartConsumerRequest } from '../../../src/consumer/register';
import type { KafkaDevApi } from '../../../src/extension';
import { defaultReadRequest } from '../../../src/kafka/rules/browseRequest';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { useApicurio } from '../../harness/apicurio';
import { until } from '../consumerText';
import { activate, addCluster, removeCluster } from '../extensionApi';

const SCHEMA = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }, { name: 'status', type: 'string' }] };

suite('decoded records: consumer Output and Browse Messages (extension host)', function () {
  this.timeout(180_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const topic = `vscode-decode-${Date.now().toString(36)}`;
  const subject = `${topic}-value`;
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  let id = 0;
  const type = Type.forSchema(SCHEMA as Parameters<typeof Type.forSchema>[0]);
  const framed = (schemaId: number, v: { id: number; status: string }): Buffer => {
    const h = Buffer.alloc(5);
    h.writeInt32BE(schemaId, 1);
    return Buffer.concat([h, type.toBuffer(v)]);
  };
  const unknown = Buffer.from([0, 0x00, 0x0f, 0x42, 0x3f, 0x02]); // schema id 999999: never registered

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    const { url } = await useApicurio();
    const r = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: JSON.stringify(SCHEMA) }),
    });
    const answer = await r.text();
    assert.equal(r.status, 200, answer);
    id = (JSON.parse(answer) as { id: number }).id;
    cluster = await addCluster(api, { name: `decode-${process.pid}`, bootstrapServers: bootstrap.split(','), schemaRegistry: { url } });
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: topic, partitions: 1 });
    // kafkajs, not kcat: the schema id in the header may be any byte, kcat's record delimiter too.
    const producer = conn.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [framed(id, { id: 7, status: 'paid' }), unknown, framed(id, { id: 8, status: 'failed' })].map((value) => ({ value })) });
    } finally {
      await producer.disconnect();
    }
  });

  suiteTeardown(async () => {
    for (const p of api?.browser.panels ?? []) p.dispose();
    if (!cluster) return;
    await api.consumers.stopAll();
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await removeCluster(api, cluster.id);
  });

  test('the Output channel shows the decoded Avro with its schema, and the unknown id as a marker and its bytes', async () => {
    const req: StartConsumerRequest = { clusterId: cluster.id, topic, choice: { position: 'beginning', maxRecordsText: '3' } };
    await vscode.commands.executeCommand('kafkaDev.startConsumer', req);
    const text = (): string => api.consumers.channelText(cluster.id, topic);
    await until('the stop line', 60_000, () => /Stopped after 3 records/.test(text()), text);
    const body = text().split('\n').filter((l) => !l.startsWith('--- ')).join('\n').replace(/^\S+Z /gm, '');
    const label = `«avro ${subject} v1 id ${id}»`;
    assert.ok(body.includes(`p0@0 ${label} {\n  "id": 7,\n  "status": "paid"\n}`), body);
    assert.ok(new RegExp(`p0@1 «schema id 999999: [^»]*not in the registry at [^»]+» «hex:${unknown.toString('hex')}»`).test(body), body);
    assert.ok(body.includes(`p0@2 ${label} {\n  "id": 8,\n  "status": "failed"\n}`), body);
    assert.match(text(), /--- Keys read as auto, values as auto \(with the cluster's Schema Registry\)\./);
  });

  test('Browse Messages: the detail says what decoded the value, the JSON condition reads the decoded JSON, the value format select applies', async () => {
    const panel = await vscode.commands.executeCommand<BrowserPanel>('kafkaDev.browseMessages', { clusterId: cluster.id, topic });
    const posted: ToWebview[] = [];
    const sub = panel.onDidPost((m) => posted.push(m));
    try {
      await panel.handle({ type: 'read', request: { ...defaultReadRequest(), from: 'beginning' } });
      const end = await panel.reading;
      assert.ok(end && (end.kind === 'end' || end.kind === 'limit'), JSON.stringify(end));
      const detail = async (i: number): Promise<DetailView> => {
        posted.length = 0;
        await panel.handle({ type: 'detail', version: panel.view.version, index: i });
        const d = posted.find((m): m is Extract<ToWebview, { type: 'detail' }> => m.type === 'detail');
        assert.ok(d, `no detail posted: ${JSON.stringify(posted).slice(0, 500)}`);
        return d.detail;
      };
      const d0 = await detail(0);
      assert.deepEqual({ kind: d0.value.kind, with: d0.value.decodedWith, text: d0.value.text, bytes: d0.value.bytes },
        { kind: 'json', with: `Avro ${subject} v1 id ${id}`, text: '{\n  "id": 7,\n  "status": "paid"\n}', bytes: framed(id, { id: 7, status: 'paid' }).length });
      const d1 = await detail(1);
      assert.match(d1.value.marker ?? '', /^schema id 999999: .*not in the registry at /);
      assert.equal(d1.value.kind, 'binary');
      // The JSON condition applies to the decoded JSON (the raw bytes are not JSON at all).
      await panel.handle({ type: 'filter', spec: { json: 'status == "failed"' } });
      assert.equal(panel.view.counts(false, false).matching, 1);
      assert.equal(panel.view.record(0)?.offset, '2');
      await panel.handle({ type: 'filter', spec: {} });
      // Search the topic: the same decoded JSON, and the match decoded in its detail.
      posted.length = 0;
      await panel.handle({ type: 'search', request: { read: { ...defaultReadRequest(), from: 'beginning' }, to: 'end', toText: '', maxMatchesText: '10', filter: { json: 'status == "paid"' } } });
      await until('the search to end', 60_000, () => posted.some((m) => m.type === 'searchDone'), () => JSON.stringify(posted).slice(0, 500));
      const done = posted.find((m): m is Extract<ToWebview, { type: 'searchDone' }> => m.type === 'searchDone');
      assert.deepEqual(done && { matched: done.done.matched, scanned: done.done.scanned }, { matched: 1, scanned: 3 });
      assert.equal(panel.view.record(0)?.offset, '0');
      assert.equal((await detail(0)).value.decodedWith, `Avro ${subject} v1 id ${id}`);
      await panel.handle({ type: 'backToWindow' });
      // The toolbar's value format: hex shows the bytes; back to auto decodes again (nothing read anew).
      posted.length = 0;
      await panel.handle({ type: 'formats', key: 'auto', value: 'hex' });
      const f = posted.find((m): m is Extract<ToWebview, { type: 'formats' }> => m.type === 'formats');
      assert.deepEqual(f && { key: f.key.select, value: f.value.select }, { key: 'auto', value: 'hex' });
      const hex = await detail(0);
      assert.equal(hex.value.decodedWith, 'hex');
      assert.equal(hex.value.kind, 'binary');
      await panel.handle({ type: 'formats', key: 'auto', value: 'auto' });
      assert.equal((await detail(2)).value.decodedWith, `Avro ${subject} v1 id ${id}`);
    } finally {
      sub.dispose();
      panel.dispose();
    }
  });
});
