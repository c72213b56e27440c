// The producer's schema and primitive encodings against real parts: our ClusterProducer writes Avro,
// Protobuf and JSON Schema values (and an Avro key) with subjects of a real Apicurio Registry, and Confluent's
// own JS deserializers (@confluentinc/schemaregistry, the independent peer) read the same objects back from
// the bytes kcat fetched; primitives are read back by Kafka's own Java deserializers (ConsoleConsumer).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AvroDeserializer, JsonDeserializer, ProtobufDeserializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Kafka } from 'kafkajs';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { ClusterProducer, ProduceError } from '../../src/kafka/produce/producer';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import type { RegistryClient } from '../../src/kafka/registry/types';
import { emptySchemaRef } from '../../src/kafka/rules/produceEncoding';
import { emptyDraft, ProduceDraft, ProduceSpec, validateDraft } from '../../src/kafka/rules/produceValidation';
import { peerClientConfig, useApicurio } from '../harness/apicurio';
import { ensureKafkaJars, kafkaVersion } from '../harness/kafka';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { ApicurioProtobufClient } from './peerProtobufClient';

const run = promisify(execFile);
const TIMEOUT = 10_000;

let broker: BrokerHandle;
let kafka: Kafka;
let admin: ClusterAdmin;
let producer: ClusterProducer;
let registry: RegistryClient;
let peer: SchemaRegistryClient;

before(async () => {
  broker = await useBroker();
  const { url } = await useApicurio();
  kafka = createKafkaClient({ id: 'ps', name: 'ps', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: TIMEOUT });
  admin = new ClusterAdmin(kafka, TIMEOUT, broker.bootstrap);
  producer = new ClusterProducer(kafka, admin, TIMEOUT, broker.bootstrap);
  registry = createRegistryClient({ url }, {}, { timeoutMs: TIMEOUT });
  peer = new SchemaRegistryClient(peerClientConfig(url));
});
after(async () => {
  await producer?.close();
  await admin?.close();
  registry?.close();
  await broker?.release();
});

async function topicNamed(prefix: string): Promise<string> {
  const topic = uniqueTopic(prefix);
  await admin.createTopic({ name: topic, partitions: 1 });
  return topic;
}

function spec(d: Partial<ProduceDraft> & { topic: string }): ProduceSpec {
  const r = validateDraft({ ...emptyDraft(d.topic), ...d });
  if (!r.ok) throw new Error(`unexpected validation errors: ${JSON.stringify(r.errors)}`);
  return r.spec;
}

const subjectRef = (subject: string, version = 'latest'): ProduceDraft['valueSchema'] => ({ ...emptySchemaRef(), subject, version });

/** Every record's raw key and value, fetched by kcat with explicit lengths (binary safe). */
async function kcatRaw(topic: string, n: number): Promise<Array<{ key: Buffer | null; value: Buffer | null }>> {
  const { stdout } = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-c', String(n), '-e', '-q', '-f', '%K %S %k%s\n'],
    { encoding: 'buffer', maxBuffer: 16 << 20, timeout: 30_000 });
  const out: Array<{ key: Buffer | null; value: Buffer | null }> = [];
  let pos = 0;
  const num = (): number => { const sp = stdout.indexOf(0x20, pos); const v = Number(stdout.subarray(pos, sp).toString()); pos = sp + 1; return v; };
  const bytes = (len: number): Buffer | null => { if (len < 0) return null; const b = stdout.subarray(pos, pos + len); pos += len; return Buffer.from(b); };
  while (pos < stdout.length) {
    const kl = num();
    const vl = num();
    out.push({ key: bytes(kl), value: bytes(vl) });
    pos += 1; // the newline
  }
  return out;
}

/** Kafka's ConsoleConsumer with the given Java deserializers: "key<TAB>value" per record, as Kafka prints them. */
async function javaRead(topic: string, n: number, keyDeserializer: string, valueDeserializer: string): Promise<string[]> {
  const libs = await ensureKafkaJars(kafkaVersion());
  const prop = kafkaVersion().startsWith('3.') ? '--property' : '--formatter-property';
  const ser = (c: string): string => `org.apache.kafka.common.serialization.${c}`;
  const { stdout } = await run('java', ['-Xmx128m', '-XX:TieredStopAtLevel=1', '-cp', join(libs, '*'), 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server', broker.bootstrap, '--topic', topic, '--from-beginning', '--max-messages', String(n), '--timeout-ms', '30000',
    '--key-deserializer', ser(keyDeserializer), '--value-deserializer', ser(valueDeserializer), prop, 'print.key=true'], { timeout: 90_000 });
  return stdout.split('\n').filter((l) => l !== '');
}

async function endOffset(topic: string): Promise<string> {
  const o = await admin.run('offsets', (a) => a.fetchTopicOffsets(topic));
  return o[0].offset;
}

describe('values and keys encoded with a registry subject, read back by Confluent\'s deserializers', () => {
  test('Avro value ×3 from a template, with an Avro key of its own subject', async () => {
    const topic = await topicNamed('ps-avro');
    await peer.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify({
      type: 'record', name: 'Order', namespace: 'shop',
      fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }, { name: 'price', type: 'double' }, { name: 'tags', type: { type: 'array', items: 'string' } }],
    }) });
    await peer.register(`${topic}-key`, { schemaType: 'AVRO', schema: '"string"' });
    const r = await producer.produce(spec({
      topic, count: '3',
      key: '"k{{seq}}"', keyFormat: 'schema', keySchema: subjectRef(`${topic}-key`),
      value: '{"id": {{seq}}, "name": "n{{seq}}", "price": 9.5, "tags": ["a", "b"]}', valueFormat: 'schema', valueSchema: subjectRef(`${topic}-value`),
    }), { registry });
    assert.equal(r.sent, 3);
    const raw = await kcatRaw(topic, 3);
    const values = new AvroDeserializer(peer, SerdeType.VALUE, {});
    const keys = new AvroDeserializer(peer, SerdeType.KEY, {});
    for (let i = 0; i < 3; i++) {
      assert.equal(raw[i].value?.[0], 0, 'Confluent framing: magic byte 0');
      // avsc gives a record instance: its own fields are what the schema says.
      assert.deepEqual({ ...(await values.deserialize(topic, raw[i].value as Buffer) as object) }, { id: i + 1, name: `n${i + 1}`, price: 9.5, tags: ['a', 'b'] });
      assert.equal(await keys.deserialize(topic, raw[i].key as Buffer), `k${i + 1}`);
    }
  });

  test('Protobuf value (proto3 JSON mapping in, the message out)', async () => {
    const topic = await topicNamed('ps-proto');
    await peer.register(`${topic}-value`, { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string name = 2;\n  double price = 3;\n}\n' });
    await producer.produce(spec({ topic, value: '{"id": "9007199254740993", "name": "proto", "price": 2.25}', valueFormat: 'schema', valueSchema: subjectRef(`${topic}-value`, '1') }), { registry });
    const [rec] = await kcatRaw(topic, 1);
    // The peer's Protobuf reads through serde's adapter client: Apicurio's ccompat API cannot give the peer the
    // base64 descriptor it asks for (see peerProtobufClient.ts); the decoding itself is the peer's own.
    const msg = await new ProtobufDeserializer(new ApicurioProtobufClient(peerClientConfig(registry.url)), SerdeType.VALUE, {}).deserialize(topic, rec.value as Buffer) as Record<string, unknown>;
    assert.equal(msg.$typeName, 'shop.Order');
    assert.equal(msg.id, 9007199254740993n, 'int64 exact, beyond 2^53');
    assert.equal(msg.name, 'proto');
    assert.equal(msg.price, 2.25);
  });

  test('JSON Schema value', async () => {
    const topic = await topicNamed('ps-json');
    await peer.register(`${topic}-value`, { schemaType: 'JSON', schema: JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#', type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'], additionalProperties: false,
    }) });
    await producer.produce(spec({ topic, value: '{"id": 7, "name": "json"}', valueFormat: 'schema', valueSchema: subjectRef(`${topic}-value`) }), { registry });
    const [rec] = await kcatRaw(topic, 1);
    assert.deepEqual(await new JsonDeserializer(peer, SerdeType.VALUE, {}).deserialize(topic, rec.value as Buffer), { id: 7, name: 'json' });
  });

  test('×N: the first message that does not fit its schema is named, and nothing is sent', async () => {
    const topic = await topicNamed('ps-bad');
    await peer.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'Q', fields: [{ name: 'qty', type: 'int' }] }) });
    // 2147483641…2147483647 fit an Avro int; message 8 (2147483648) does not.
    const s = spec({ topic, count: '10', value: '{"qty": 214748364{{seq}}}', valueFormat: 'schema', valueSchema: subjectRef(`${topic}-value`) });
    await assert.rejects(producer.produce(s, { registry }), (e: unknown) => {
      assert.ok(e instanceof ProduceError);
      assert.equal(e.field, 'value');
      assert.match(e.message, /^Message 8 of 10: value .*\/qty.*Nothing was sent\.$/);
      return true;
    });
    assert.equal(await endOffset(topic), '0');
    // A subject that does not exist, and a cluster without a registry: said in words, nothing sent.
    await assert.rejects(producer.produce(spec({ topic, value: '{}', valueFormat: 'schema', valueSchema: subjectRef('no-such-subject-ps') }), { registry }),
      { message: /^Value schema: subject "no-such-subject-ps" is not in the registry at .*Nothing was sent\.$/ });
    await assert.rejects(producer.produce(spec({ topic, value: '{}', valueFormat: 'schema', valueSchema: subjectRef(`${topic}-value`) })),
      { message: /^Value schema: this cluster has no Schema Registry to take subject .* Edit Cluster → Schema Registry, or choose a local schema file\. Nothing was sent\.$/ });
    assert.equal(await endOffset(topic), '0');
  });
});

describe('primitive keys and values, read back by Kafka\'s own deserializers', () => {
  test('int64 key + float64 value, int32 + float32, int16 + int64 from a template', async () => {
    const a = await topicNamed('ps-prim-a');
    await producer.produce(spec({ topic: a, key: '-9007199254740993', keyFormat: 'int64', value: '3.141592653589793', valueFormat: 'float64' }));
    assert.deepEqual(await javaRead(a, 1, 'LongDeserializer', 'DoubleDeserializer'), ['-9007199254740993\t3.141592653589793']);
    const b = await topicNamed('ps-prim-b');
    await producer.produce(spec({ topic: b, key: '-2147483648', keyFormat: 'int32', value: '1.5', valueFormat: 'float32' }));
    assert.deepEqual(await javaRead(b, 1, 'IntegerDeserializer', 'FloatDeserializer'), ['-2147483648\t1.5']);
    const c = await topicNamed('ps-prim-c');
    await producer.produce(spec({ topic: c, key: '-32768', keyFormat: 'int16', value: '1{{seq}}', valueFormat: 'int64', count: '3' }));
    assert.deepEqual(await javaRead(c, 3, 'ShortDeserializer', 'LongDeserializer'), ['-32768\t11', '-32768\t12', '-32768\t13']);
  });

  test('hex and base64 bytes arrive exactly; an int16 template out of range at message 8 sends nothing', async () => {
    const t = await topicNamed('ps-bytes');
    await producer.produce(spec({ topic: t, key: '00 ff 10', keyFormat: 'hex', value: 'AAEC/w==', valueFormat: 'base64' }));
    const [rec] = await kcatRaw(t, 1);
    assert.deepEqual(rec.key, Buffer.from([0x00, 0xff, 0x10]));
    assert.deepEqual(rec.value, Buffer.from([0x00, 0x01, 0x02, 0xff]));
    const bad = await topicNamed('ps-bytes-bad');
    await assert.rejects(producer.produce(spec({ topic: bad, value: '3276{{seq}}', valueFormat: 'int16', count: '9' })), { message: /^Message 8 of 9: value as int16: 32768 is out of int16's range .*Nothing was sent\.$/ });
    assert.equal(await endOffset(bad), '0');
  });
});
