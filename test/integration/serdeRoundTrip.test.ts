// Our decoder and encoders against an independent implementation, through a real registry (Apicurio 3.3.3's
// Confluent-compatible API): Confluent's own JS serdes (@confluentinc/schemaregistry) serialize → our
// createRecordDecoder shows the right JSON; our createSchemaEncoder → the peer deserializes the same value.
// Avro, JSON Schema and Protobuf, a Protobuf schema with several messages (indexes other than [0]) and one
// with a reference. Protobuf goes through ApicurioProtobufClient (see why there).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { create, createFileRegistry, createMutableRegistry, fromBinary, toJson, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import {
  AvroDeserializer, AvroSerializer, JsonDeserializer, JsonSerializer, ProtobufDeserializer, ProtobufSerializer, SchemaRegistryClient, SerdeType,
} from '@confluentinc/schemaregistry';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import type { RegistryClient, SchemaReference, SchemaType } from '../../src/kafka/registry/types';
import { createRecordDecoder, createSchemaEncoder } from '../../src/kafka/serde/serdeBundle';
import type { Decoded } from '../../src/kafka/serde/types';
import { peerClientConfig, useApicurio } from '../harness/apicurio';
import { uniqueTopic } from '../harness/sharedBroker';
import { ApicurioProtobufClient, descriptorOf } from './peerProtobufClient';

let url: string;
let release: () => Promise<void>;
let ours: RegistryClient;
let peer: SchemaRegistryClient;
let peerProto: ApicurioProtobufClient;
before(async () => {
  ({ url, release } = await useApicurio());
  ours = createRegistryClient({ url }, {}, { timeoutMs: 15_000 });
  peer = new SchemaRegistryClient(peerClientConfig(url));
  peerProto = new ApicurioProtobufClient(peerClientConfig(url));
});
after(async () => {
  ours.close();
  await release();
});

async function register(subject: string, schema: string, type: SchemaType, references: SchemaReference[] = []): Promise<number> {
  return (await ours.register(subject, schema, type, references)).id;
}

/** Apicurio gives content already registered the same id under every subject: each test's schema text is its own. */
const unique = (jsonSchema: string, topic: string): string => JSON.stringify({ ...(JSON.parse(jsonSchema) as object), [jsonSchema.includes('$schema') ? 'title' : 'doc']: topic });

async function decodeOurs(bytes: Buffer): Promise<Decoded | undefined> {
  const d = createRecordDecoder({ registry: ours, key: { kind: 'auto' }, value: { kind: 'registry' }, timeoutMs: 15_000 });
  await d.prepare([{ key: null, value: bytes }]);
  return d.decode(bytes, 'value');
}

const AVRO = JSON.stringify({
  type: 'record', name: 'Order', namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' }, { name: 'qty', type: 'int' }, { name: 'price', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } }, { name: 'raw', type: 'bytes' },
  ],
});

test('Avro: the peer serializes → our decoder gives Avro\'s JSON encoding; ours serializes → the peer reads the same record', async () => {
  const topic = uniqueTopic('avro-rt');
  const id = await register(`${topic}-value`, unique(AVRO, topic), 'AVRO');
  const ser = new AvroSerializer(peer, SerdeType.VALUE, { useLatestVersion: true });
  const record = { id: 1234567890123, qty: -7, price: 19.99, note: 'gift', status: 'PAID', tags: ['a', 'b'], raw: Buffer.from([0, 255]) };
  const bytes = await ser.serialize(topic, record);
  assert.deepEqual(await decodeOurs(bytes), {
    ok: true,
    json: '{"id":1234567890123,"qty":-7,"price":19.99,"note":{"string":"gift"},"status":"PAID","tags":["a","b"],"raw":"\\u0000ÿ"}',
    schema: { type: 'AVRO', id, subject: `${topic}-value`, version: 1 },
  });
  const enc = await createSchemaEncoder(ours, `${topic}-value`, 'latest');
  assert.deepEqual(enc.label, { type: 'AVRO', id, subject: `${topic}-value`, version: 1 });
  const mine = enc.encode('{"id": 1234567890123, "qty": -7, "price": 19.99, "note": null, "status": "NEW", "tags": [], "raw": "\\u0001"}');
  const back = await new AvroDeserializer(peer, SerdeType.VALUE, {}).deserialize(topic, mine) as Record<string, unknown>;
  assert.deepEqual({ ...back }, { id: 1234567890123, qty: -7, price: 19.99, note: null, status: 'NEW', tags: [], raw: Buffer.from([1]) });
  // And the example round-trips through the peer too.
  assert.ok(await new AvroDeserializer(peer, SerdeType.VALUE, {}).deserialize(topic, enc.encode(enc.example())));
});

const JSON_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
});

test('JSON Schema: the peer serializes → our decoder shows the payload\'s JSON; ours → the peer reads the same object', async () => {
  const topic = uniqueTopic('json-rt');
  const id = await register(`${topic}-value`, unique(JSON_SCHEMA, topic), 'JSON');
  const ser = new JsonSerializer(peer, SerdeType.VALUE, { useLatestVersion: true, validate: true });
  const obj = { id: 42, name: 'Theja', tags: ['x'] };
  const d = await decodeOurs(await ser.serialize(topic, obj));
  assert.equal(d?.ok, true);
  assert.deepEqual(d?.ok && JSON.parse(d.json), obj);
  assert.deepEqual(d?.schema, { type: 'JSON', id, subject: `${topic}-value`, version: 1 });
  const enc = await createSchemaEncoder(ours, `${topic}-value`, 'latest');
  assert.deepEqual(enc.validate('{"name": 5}').map((e) => e.path).sort(), ['/id', '/name']);
  const back = await new JsonDeserializer(peer, SerdeType.VALUE, { validate: true }).deserialize(topic, enc.encode('{"id": 7, "name": "n"}'));
  assert.deepEqual(back, { id: 7, name: 'n' });
});

const PROTO = `syntax = "proto3";
package shop;
message Order {
  int64 order_id = 1;
  string customer = 2;
  repeated Line lines = 3;
  Status status = 4;
  double total = 5;
  bytes raw = 6;
  message Line { string sku = 1; uint32 qty = 2; }
}
enum Status { NEW = 0; PAID = 1; }
message Refund { int64 order_id = 1; string reason = 2; }
`;

/** The peer's own descriptors for the schema (to build its messages and read its JSON). */
function peerMessage(name: string, text: string, imports = new Map<string, string>()): DescMessage {
  const deps = [...imports].map(([n, t]) => fromBinary(FileDescriptorProtoSchema, Buffer.from(descriptorOf(n, t, new Map()), 'base64')));
  const main = fromBinary(FileDescriptorProtoSchema, Buffer.from(descriptorOf('main.proto', text, imports), 'base64'));
  const reg = createFileRegistry(main, (n) => deps.find((d) => d.name === n));
  const m = reg.getMessage(name);
  if (!m) throw new Error(`no ${name} in the peer's registry`);
  return m;
}

test('Protobuf with several messages: indexes [0], [1] and [0, 0] both ways, int64 exact', async () => {
  const topic = uniqueTopic('proto-rt');
  const subject = `${topic}-value`;
  const id = await register(subject, `${PROTO}message Unique_${topic.replace(/\W/g, '_')} {}\n`, 'PROTOBUF');
  const orderDesc = peerMessage('shop.Order', PROTO);
  const refundDesc = peerMessage('shop.Refund', PROTO);
  const lineDesc = peerMessage('shop.Order.Line', PROTO);
  const ser = new ProtobufSerializer(peerProto, SerdeType.VALUE, { useLatestVersion: true, registry: createMutableRegistry(orderDesc, refundDesc, lineDesc) });
  const de = new ProtobufDeserializer(peerProto, SerdeType.VALUE, {});

  const order = create(orderDesc, { orderId: 9007199254740993n, customer: 'c', lines: [{ sku: 'a', qty: 2 }], status: 1, total: 0.5 } as never);
  const ob = await ser.serialize(topic, order);
  assert.equal(ob.subarray(0, 6).toString('hex'), `00${id.toString(16).padStart(8, '0')}00`, 'the peer frames [0] as one 0 byte');
  assert.deepEqual(await decodeOurs(ob), {
    ok: true,
    json: '{"orderId":"9007199254740993","customer":"c","lines":[{"sku":"a","qty":2}],"status":"PAID","total":0.5,"raw":""}',
    schema: { type: 'PROTOBUF', id, subject, version: 1, messageName: 'shop.Order' },
  });

  const refund = create(refundDesc, { orderId: -5n, reason: 'late' } as never);
  const rb = await ser.serialize(topic, refund);
  assert.equal(rb.subarray(5, 7).toString('hex'), '0202', 'Refund is the second top-level message: count 1, index 1');
  const rd = await decodeOurs(rb);
  assert.deepEqual(rd?.ok && [rd.json, rd.schema.messageName], ['{"orderId":"-5","reason":"late"}', 'shop.Refund']);

  const lb = await ser.serialize(topic, create(lineDesc, { sku: 'z', qty: 3 } as never));
  assert.equal(lb.subarray(5, 8).toString('hex'), '040000', 'Line is nested in the first message: [0, 0]');
  const ld = await decodeOurs(lb);
  assert.deepEqual(ld?.ok && [ld.json, ld.schema.messageName], ['{"sku":"z","qty":3}', 'shop.Order.Line']);

  // Ours → the peer, for the first message and for another one picked by name.
  const enc = await createSchemaEncoder(ours, subject, 'latest');
  const mine = enc.encode('{"orderId": "9223372036854775807", "lines": [{"sku": "q", "qty": 1}], "status": "PAID"}');
  const back = await de.deserialize(topic, mine) as never;
  assert.deepEqual(toJson(orderDesc, back), { orderId: '9223372036854775807', lines: [{ sku: 'q', qty: 1 }], status: 'PAID' });
  const refundEnc = await createSchemaEncoder(ours, subject, 'latest', 'shop.Refund');
  const rback = await de.deserialize(topic, refundEnc.encode('{"orderId": "3", "reason": "r"}')) as never;
  assert.deepEqual(toJson(refundDesc, rback), { orderId: '3', reason: 'r' });
  const lineEnc = await createSchemaEncoder(ours, subject, 'latest', 'shop.Order.Line');
  assert.deepEqual(toJson(lineDesc, await de.deserialize(topic, lineEnc.encode('{"sku": "k"}')) as never), { sku: 'k' });
});

test('Protobuf with a reference: the import resolved through the registry, both ways', async () => {
  const topic = uniqueTopic('proto-ref');
  const money = 'syntax = "proto3";\npackage common;\nmessage Money { string currency = 1; int64 units = 2; }\n';
  const pay = 'syntax = "proto3";\npackage app;\nimport "common/money.proto";\nmessage Pay { string id = 1; common.Money amount = 2; }\n';
  await register(`${topic}-money`, `${money}message Unique_${topic.replace(/\W/g, '_')} {}\n`, 'PROTOBUF');
  const id = await register(`${topic}-value`, `${pay}message Unique_${topic.replace(/\W/g, '_')} {}\n`, 'PROTOBUF', [{ name: 'common/money.proto', subject: `${topic}-money`, version: 1 }]);
  const imports = new Map([['common/money.proto', money]]);
  const payDesc = peerMessage('app.Pay', pay, imports);
  const ser = new ProtobufSerializer(peerProto, SerdeType.VALUE, { useLatestVersion: true, registry: createMutableRegistry(payDesc) });
  const bytes = await ser.serialize(topic, create(payDesc, { id: 'p1', amount: { currency: 'EUR', units: 12n } } as never));
  assert.deepEqual(await decodeOurs(bytes), {
    ok: true, json: '{"id":"p1","amount":{"currency":"EUR","units":"12"}}', schema: { type: 'PROTOBUF', id, subject: `${topic}-value`, version: 1, messageName: 'app.Pay' },
  });
  const enc = await createSchemaEncoder(ours, `${topic}-value`, 'latest');
  const back = await new ProtobufDeserializer(peerProto, SerdeType.VALUE, {}).deserialize(topic, enc.encode('{"id": "p2", "amount": {"units": "-3"}}')) as never;
  assert.deepEqual(toJson(payDesc, back), { id: 'p2', amount: { units: '-3' } });
});

test('an unknown schema id and bytes that do not match give markers, never a throw', async () => {
  const topic = uniqueTopic('serde-bad');
  const id = await register(`${topic}-value`, unique(AVRO, topic), 'AVRO');
  const d = createRecordDecoder({ registry: ours, key: { kind: 'auto' }, value: { kind: 'auto' }, timeoutMs: 15_000 });
  const unknown = Buffer.from([0, 0, 0x0f, 0x42, 0x40, 1, 2]);
  const broken = Buffer.from([0, 0, 0, 0, id, 0xff]);
  await d.prepare([{ key: null, value: unknown }, { key: null, value: broken }]);
  assert.deepEqual(d.decode(unknown, 'value'), { ok: false, marker: `schema id 1000000: not in the registry at ${url}` });
  const b = d.decode(broken, 'value');
  assert.equal(b?.ok, false);
  assert.match(b && !b.ok ? b.marker : '', new RegExp(`^bytes do not match the avro schema id ${id}: `));
  assert.equal(d.decode(Buffer.from('{"plain": true}'), 'value'), undefined, 'not framed under auto: shown as today');
});
