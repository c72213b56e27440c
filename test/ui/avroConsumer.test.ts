// Decoded Avro in the Output channel, end to end in a real VS Code (code-server + Chromium): a cluster whose
// settings name a Schema Registry (a real Apicurio), Avro values written by Confluent's own JS serializer,
// Start Consumer from the topic's inline action (the options pick shows the key and value formats), and the
// channel shows «avro <subject> v1 id N» followed by the record's JSON; a value with an unknown schema id
// shows its marker and its raw bytes, and the records after it are still decoded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { peerClientConfig, startApicurio, Apicurio } from '../harness/apicurio';
import { kcatProduce } from '../harness/kcat';
import type { BrokerHandle } from '../harness/sharedBroker';
import { closeUiTopic, openUiTopic } from './uiTopic';
import { startVsCode } from '../harness/vscode';
import { clickTopicAction } from '../harness/vscode/tree';
import { waitForOutput } from '../harness/vscode/workbench';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;
let apicurio: Apicurio;
let id: number;
const unknown = Buffer.from([0, 0x00, 0x0f, 0x42, 0x3f, 0x02]); // schema id 999999: never registered

before(async () => {
  [{ broker, admin, topic }, apicurio] = await Promise.all([openUiTopic('ui-avro', 1), startApicurio()]);
  const peer = new SchemaRegistryClient(peerClientConfig(apicurio.url));
  const schema = {
    type: 'record', name: 'Order', namespace: 'shop',
    fields: [{ name: 'id', type: 'long' }, { name: 'item', type: 'string' }, { name: 'price', type: 'double' }, { name: 'gift', type: ['null', 'string'], default: null }],
  };
  id = await peer.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
  const ser = new AvroSerializer(peer, SerdeType.VALUE, { useLatestVersion: true });
  const values = [
    await ser.serialize(topic, { id: 1001, item: 'Zoë\'s tea', price: 4.5, gift: null }),
    unknown,
    await ser.serialize(topic, { id: 1002, item: 'coffee', price: 3.25, gift: 'for Theja' }),
  ];
  // kcat writes the serializer's bytes as they are (keys as text: order-1, bad, order-2); 0x1e separates records.
  assert.ok(values.every((v) => !v.includes(0x1e)), 'a value holds kcat\'s record delimiter');
  kcatProduce(broker.bootstrap, topic, values.map((v, i) => Buffer.concat([Buffer.from(['order-1:', 'bad:', 'order-2:'][i]), v])), ['-K:']);
});
after(async () => {
  await closeUiTopic({ broker, admin, topic });
  await apicurio?.stop();
});

test('dark: decoded Avro in the Output channel, the unknown id as a marker and raw bytes', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({
    settings: { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(','), schemaRegistry: { url: apicurio.url } }] },
  });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await clickTopicAction(page, 'local', topic, 'Start Consumer');
    const pick = page.locator('.quick-input-widget');
    const first = pick.locator('.quick-input-list .monaco-list-row').first();
    await first.waitFor({ state: 'visible', timeout: 30_000 });
    // The options pick offers the formats, both auto by default.
    const rows = await pick.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => /Key format…[\s\S]*auto/.test(r)), rows.join(' | '));
    assert.ok(rows.some((r) => /Value format…[\s\S]*auto/.test(r)), rows.join(' | '));
    await page.keyboard.press('Enter');
    await pick.waitFor({ state: 'hidden', timeout: 15_000 });
    const label = `«avro ${topic}-value v1 id ${id}»`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await waitForOutput(page, new RegExp(`p0@2 key=order-2 ${label} \\{\\n {2}"id": 1002,\\n {2}"item": "coffee",\\n {2}"price": 3.25,\\n {2}"gift": \\{\\n {4}"string": "for Theja"\\n {2}\\}\\n\\}`), 60_000);
    // Maximized, the panel shows all three records (the first ones scroll out of a small panel).
    await vs.runCommand('View: Toggle Maximized Panel');
    // (The text is read from the editor's DOM, whose line order is not the screen's: each line is matched on its own.)
    const all = await waitForOutput(page, /Z p0@0 key=order-1 /, 30_000);
    assert.match(all, /--- Keys read as auto, values as auto \(with the cluster's Schema Registry\)\./);
    assert.match(all, new RegExp(`Z p0@0 key=order-1 ${label} \\{\\n {2}"id": 1001,\\n`));
    assert.match(all, /^ {2}"item": "Zoë's tea",$/m);
    assert.match(all, /^ {2}"price": 4\.5,$/m);
    assert.match(all, /^ {2}"gift": null$/m);
    assert.match(all, new RegExp(`Z p0@1 key=bad «schema id 999999: [^»]*not in the registry at [^»]+» «hex:${unknown.toString('hex')}»`));
    await page.mouse.move(700, 600);
    t.diagnostic(`screenshot ${await vs.screenshot('avro-consumer-output')}`);
    await vs.runCommand('Kafka: Stop Consumer');
    await waitForOutput(page, /--- Consumer stopped: 3 records/, 15_000);
  } catch (e) {
    await vs.screenshot('avro-consumer-output-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
