// The producer panel with a Schema Registry in a real VS Code (code-server + Chromium) against a real broker
// and a real Apicurio: choose "Schema (registry)" and the subject, type a value whose field does not fit
// (its error is listed under the editor, the send is refused, nothing reaches the topic), press Example
// (a value the schema accepts, no error left) and send it (Confluent-framed Avro on the topic).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { useApicurio } from '../harness/apicurio';
import { kcatValues } from '../harness/kcat';
import { BrokerHandle } from '../harness/sharedBroker';
import { withVsCode } from '../harness/vscode/session';
import { choose, expectText, fill, openFromTree, valueOf } from './producerPanel';
import { closeUiTopic, openUiTopic } from './uiTopic';


let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;
let registryUrl: string;

const ORDER = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }, { name: 'qty', type: 'int' }] };

before(async () => {
  ({ broker, admin, topic } = await openUiTopic('ui-schema', 1));
  registryUrl = (await useApicurio()).url;
  const r = await fetch(`${registryUrl}/subjects/${encodeURIComponent(`${topic}-value`)}/versions`, {
    method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: JSON.stringify(ORDER) }),
  });
  assert.equal(r.status, 200, await r.text());
});
after(() => closeUiTopic({ broker, admin, topic }));

/** Raw value bytes of every record (kcat, explicit lengths). */
const values = (): Promise<Buffer[]> => kcatValues(broker.bootstrap, topic);

test('schema from the registry: a wrong field shown under the editor, Example fills a valid value, send one', { timeout: 5 * 60_000 }, async () => {
  const settings = { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(','), schemaRegistry: { url: registryUrl } }] };
  await withVsCode({ theme: 'dark', name: 'producer-schema', settings }, async (vs) => {
    const f = await openFromTree(vs, topic);
    await choose(f, 'value-format', 'Schema (registry)');
    await choose(f, 'value-subject', `${topic}-value`);
    await fill(f, 'value', '{"id": 1, "name": 5, "qty": 2}');
    await expectText(f, '#value-schema-errors', /^\/name\s+\S/);
    await expectText(f, '#value-schema-label', /^Checked with avro .*-value v1 id \d+\.?/);
    assert.equal(await f.locator('#value').getAttribute('invalid'), '');
    await vs.screenshot('producer-schema-error');
    await f.locator('#send').click();
    await expectText(f, '#panel-error', /does not fit its schema .*nothing was sent/);
    assert.equal((await values()).length, 0, 'nothing was sent');

    await f.locator('#value-example').click();
    await expectText(f, '#value-schema-label', /^Checked with avro/);
    const deadline = Date.now() + 20_000;
    let example = '';
    while (Date.now() < deadline) {
      example = await valueOf(f, '#value');
      if (example.includes('"name"') && !example.includes('"name": 5')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const typed = JSON.parse(example) as Record<string, unknown>;
    assert.deepEqual(Object.keys(typed).sort(), ['id', 'name', 'qty']);
    await expectText(f, '#value-schema-errors', /^$/);
    await f.locator('#send').click();
    await expectText(f, '#result', /Sent 1 message to .*: partition 0, offset 0/);
    await vs.screenshot('producer-schema-sent');
    const [bytes] = await values();
    assert.equal(bytes[0], 0, 'Confluent framing: magic byte 0');
  });
});
