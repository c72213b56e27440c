// The producer panel with a schema, in a real extension host against the shared broker, driven through the
// panel's message handler exactly as the webview drives it: a value with a wrong field gets the schema's
// error at that field as you type and when sent (nothing reaches the topic); Example fills in a value the
// schema accepts, which is sent; a primitive out of range is refused at its field. The schema is a local
// .avsc file, so this suite needs no registry (the registry path is covered by test/integration/producerSchema).
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as avro from 'avsc';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { emptySchemaRef } from '../../../src/kafka/rules/produceEncoding';
import { emptyDraft, ProduceDraft } from '../../../src/kafka/rules/produceValidation';
import type { ProducerPanel } from '../../../src/producer/panel';
import type { SchemaCheck, ToWebview } from '../../../src/producer/protocol';
import { activate, addCluster, removeCluster } from '../extensionApi';
import { kcatValues } from '../../harness/kcat';


const ORDER = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }, { name: 'qty', type: 'int' }] };

suite('producer schema (a local .avsc: field errors as you type and on send, Example, primitives)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const stamp = Date.now().toString(36);
  const topic = `vscode-schema-${stamp}`;
  const avsc = join(mkdtempSync(join(tmpdir(), 'kafka-dev-schema-')), 'order.avsc');
  let api: KafkaDevApi;
  let cluster: ClusterConfig;

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    writeFileSync(avsc, JSON.stringify(ORDER, null, 2));
    api = await activate();
    cluster = await addCluster(api, { name: `schema-${stamp}`, bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: topic, partitions: 1 });
  });

  suiteTeardown(async () => {
    if (!cluster) return;
    for (const p of api.producer.panels) p.dispose();
    const conn = await api.services.connections.get(cluster.id).catch(() => undefined);
    await conn?.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await removeCluster(api, cluster.id);
  });

  function watch(panel: ProducerPanel): ToWebview[] {
    const posted: ToWebview[] = [];
    panel.onDidPost((m) => posted.push(m));
    return posted;
  }
  const lastOf = <T extends ToWebview['type']>(posted: ToWebview[], type: T): Extract<ToWebview, { type: T }> | undefined =>
    posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type).pop();
  const valueCheck = (posted: ToWebview[]): SchemaCheck | undefined => lastOf(posted, 'schemaCheck')?.checks.find((c) => c.part === 'value');

  const records = (): Promise<Buffer[]> => kcatValues(bootstrap, topic);

  const schemaDraft = (value: string): ProduceDraft => ({ ...emptyDraft(topic), valueFormat: 'schema-file', valueSchema: { ...emptySchemaRef(), path: avsc }, value });

  test('a wrong field: its error at that field as you type and on send, nothing sent', async () => {
    const panel = api.producer.open(cluster, topic);
    const posted = watch(panel);
    const bad = schemaDraft('{"id": 1, "name": 5, "qty": 2}');
    await panel.handle({ type: 'draftChanged', draft: bad });
    const check = valueCheck(posted);
    assert.ok(check, `no schema check posted: ${JSON.stringify(posted)}`);
    assert.equal(check.text, bad.value);
    assert.equal(check.problem, undefined);
    assert.match(check.label ?? '', /avro.*order\.avsc/);
    assert.deepEqual(check.fieldErrors.map((f) => f.path), ['/name']);
    await panel.handle({ type: 'send', draft: bad });
    const err = lastOf(posted, 'error');
    assert.ok(err, 'the send was not refused');
    assert.equal(err.error.field, 'value');
    assert.match(err.error.message, /^Value \/name: .* Nothing was sent\.$/);
    assert.equal(lastOf(posted, 'result'), undefined);
    assert.equal((await records()).length, 0);
    panel.dispose();
  });

  test('Example fills in a value the schema accepts, and it is sent as Avro', async () => {
    const panel = api.producer.open(cluster, topic);
    const posted = watch(panel);
    await panel.handle({ type: 'example', part: 'value', draft: schemaDraft('') });
    const ex = lastOf(posted, 'example');
    assert.ok(ex?.text, `no example: ${JSON.stringify(ex)}`);
    const good = schemaDraft(ex.text);
    await panel.handle({ type: 'draftChanged', draft: good });
    assert.deepEqual(valueCheck(posted)?.fieldErrors, []);
    await panel.handle({ type: 'send', draft: good });
    const result = lastOf(posted, 'result');
    assert.ok(result, `not sent: ${JSON.stringify(lastOf(posted, 'error'))}`);
    assert.equal(result.summary.sent, 1);
    const [bytes] = await records();
    // Schemaless Avro (a local file: no registry framing), read with the schema file itself.
    const decoded = avro.Type.forSchema(ORDER as avro.Schema).fromBuffer(bytes) as Record<string, unknown>;
    const typed = JSON.parse(ex.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(decoded).sort(), ['id', 'name', 'qty']);
    assert.equal(decoded.name, typed.name);
    assert.equal(decoded.qty, typed.qty);
    panel.dispose();
  });

  test('a primitive out of range and an Example without a schema: each refused at its field, nothing sent', async () => {
    const panel = api.producer.open(cluster, topic);
    const posted = watch(panel);
    await panel.handle({ type: 'send', draft: { ...emptyDraft(topic), valueFormat: 'int16', value: '70000' } });
    const err = lastOf(posted, 'error');
    assert.equal(err?.error.field, 'value');
    assert.match(err?.error.errors?.value ?? '', /^Value \(int16\): .*70000/);
    await panel.handle({ type: 'example', part: 'key', draft: emptyDraft(topic) });
    assert.match(lastOf(posted, 'example')?.error ?? '', /^Choose a schema for the key first/);
    assert.equal((await records()).length, 1);
    panel.dispose();
  });
});
