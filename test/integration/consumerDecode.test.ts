// Keys and values decoded in the consumer path (session → decoding → throttle → sink), checked line for line
// against bytes that code we did not write produced: Avro, Protobuf and JSON Schema values serialized by
// Confluent's own JS serdes (@confluentinc/schemaregistry) against a real registry (Apicurio, ccompat API);
// primitives written by Kafka's own serializers (LongSerializer, IntegerSerializer, … run from the Kafka jars).
// Bad input: an unknown schema id, bytes that do not match their schema, a registry stopped mid-consume:
// each record still shown, with a marker and its raw bytes, and the counts exact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka } from 'kafkajs';
import { create } from '@bufbuild/protobuf';
import { createFileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import {
  AvroSerializer, JsonSerializer, ProtobufSerializer, SchemaRegistryClient, SerdeType,
} from '@confluentinc/schemaregistry';
import { startConsumerPipeline } from '../../src/kafka/consume/consumerPipeline';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import type { RegistryClient } from '../../src/kafka/registry/types';
import type { DataFormat } from '../../src/kafka/serde/types';
import { Apicurio, peerClientConfig, startApicurio } from '../harness/apicurio';
import { ensureKafkaJars, kafkaVersion } from '../harness/kafka';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, createTopic, noTimestamp } from './consumerHelpers';

const run = promisify(execFile);
const AUTO: DataFormat = { kind: 'auto' };

let broker: BrokerHandle;
let kafka: Kafka;
let apicurio: Apicurio;
let registry: RegistryClient;
let peer: SchemaRegistryClient;

before(async () => {
  [broker, apicurio] = await Promise.all([useBroker(), startApicurio()]);
  kafka = client(broker.bootstrap);
  registry = createRegistryClient({ url: apicurio.url }, {}, { timeoutMs: 5_000 });
  peer = new SchemaRegistryClient(peerClientConfig(apicurio.url));
});
after(async () => {
  registry?.close();
  await apicurio?.stop();
  await broker?.release();
});

async function produce(topic: string, messages: Array<{ key: Buffer | string | null; value: Buffer | null }>): Promise<void> {
  const p = kafka.producer();
  await p.connect();
  try {
    await p.send({ topic, messages });
  } finally {
    await p.disconnect();
  }
}

/** Reads `count` records from the beginning through the pipeline; the record lines and the status lines. */
async function consume(topic: string, count: number, o: { formats?: { key: DataFormat; value: DataFormat }; registry?: RegistryClient; onText?: (t: string) => void } = {}):
  Promise<{ lines: string[]; status: string[]; consumed: number }> {
  let out = '';
  const { session, throttle } = await startConsumerPipeline({
    kafka, options: { topic, start: { kind: 'beginning' }, maxRecords: count },
    settings: { timeoutMs: 5_000, target: 'test cluster' }, sink: (t) => { out += t; o.onText?.(t); },
    throttle: { format: { ...noTimestamp, headers: false }, flushIntervalMs: 20 },
    formats: o.formats, registry: 'registry' in o ? o.registry : registry,
  });
  const end = await session.ended;
  throttle.close();
  assert.equal(end.kind, 'limit', `the consumer ended early: ${JSON.stringify(end)}`);
  // A pretty-printed value spans lines: records start with p<partition>@<offset>.
  const all = out.split('\n');
  const status = all.filter((l) => l.startsWith('--- '));
  const lines: string[] = [];
  for (const l of all.filter((x) => !x.startsWith('--- ') && x !== '')) {
    if (/^p\d+@\d+ /.test(l)) lines.push(l);
    else lines[lines.length - 1] += `\n${l}`;
  }
  return { lines, status, consumed: session.consumed };
}

describe('values serialized by Confluent\'s JS serdes are shown decoded, exactly', () => {
  test('Avro: «avro <subject> v1 id N» then the Avro JSON encoding (unions as {"type": value})', async () => {
    const topic = uniqueTopic('avro');
    await createTopic(kafka, topic);
    const schema = {
      type: 'record', name: 'Order', namespace: 'shop',
      fields: [{ name: 'id', type: 'long' }, { name: 'item', type: 'string' }, { name: 'note', type: ['null', 'string'], default: null }],
    };
    const id = await peer.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const ser = new AvroSerializer(peer, SerdeType.VALUE, { useLatestVersion: true });
    await produce(topic, [
      { key: 'o1', value: await ser.serialize(topic, { id: 4_000_000_123, item: 'tea', note: 'hot' }) },
      { key: 'o2', value: await ser.serialize(topic, { id: -1, item: 'caf\u00e9 «x»', note: null }) },
    ]);
    const { lines, consumed } = await consume(topic, 2);
    assert.equal(consumed, 2);
    assert.deepEqual(lines, [
      `p0@0 key=o1 «avro ${topic}-value v1 id ${id}» {\n  "id": 4000000123,\n  "item": "tea",\n  "note": {\n    "string": "hot"\n  }\n}`,
      `p0@1 key=o2 «avro ${topic}-value v1 id ${id}» {\n  "id": -1,\n  "item": "café \\u00abx»",\n  "note": null\n}`,
    ]);
  });

  test('JSON Schema: «json-schema <subject> v1 id N» then the payload\'s own JSON', async () => {
    const topic = uniqueTopic('jsonschema');
    await createTopic(kafka, topic);
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, required: ['a'] };
    const id = await peer.register(`${topic}-value`, { schemaType: 'JSON', schema: JSON.stringify(schema) });
    const ser = new JsonSerializer(peer, SerdeType.VALUE, { useLatestVersion: true });
    await produce(topic, [{ key: 'j1', value: await ser.serialize(topic, { a: 12, b: 'x' }) }]);
    const { lines } = await consume(topic, 1);
    assert.deepEqual(lines, [`p0@0 key=j1 «json-schema ${topic}-value v1 id ${id}» {\n  "a": 12,\n  "b": "x"\n}`]);
  });

  test('Protobuf (second message of the file, so the indexes are not [0]): the proto3 JSON mapping', async () => {
    const topic = uniqueTopic('proto');
    await createTopic(kafka, topic);
    const proto = 'syntax = "proto3";\npackage shop;\n\nmessage Other {\n  string x = 1;\n}\n\nmessage Order {\n  int64 id = 1;\n  string item = 2;\n  repeated int32 qty = 3;\n}\n';
    const id = await peer.register(`${topic}-value`, { schemaType: 'PROTOBUF', schema: proto });
    // The peer serializes a message of a descriptor built at run time (the same file, as protoc would describe it).
    const fdp = create(FileDescriptorProtoSchema, {
      name: 'order.proto', package: 'shop', syntax: 'proto3',
      messageType: [
        { name: 'Other', field: [{ name: 'x', number: 1, type: 9, label: 1, jsonName: 'x' }] },
        { name: 'Order', field: [
          { name: 'id', number: 1, type: 3, label: 1, jsonName: 'id' },
          { name: 'item', number: 2, type: 9, label: 1, jsonName: 'item' },
          { name: 'qty', number: 3, type: 5, label: 3, jsonName: 'qty' },
        ] },
      ],
    });
    const file = createFileRegistry(fdp, () => undefined).getFile('order.proto');
    assert.ok(file);
    const ser = new ProtobufSerializer(peer, SerdeType.VALUE, { useLatestVersion: true });
    for (const m of file.messages) ser.registry.add(m);
    const desc = file.messages[1];
    const msg = create(desc, { id: 9007199254740993n, item: 'tea', qty: [1, 2] } as never);
    await produce(topic, [{ key: 'p1', value: await ser.serialize(topic, msg) }]);
    const { lines } = await consume(topic, 1);
    assert.deepEqual(lines, [`p0@0 key=p1 «protobuf shop.Order ${topic}-value v1 id ${id}» {\n  "id": "9007199254740993",\n  "item": "tea",\n  "qty": [\n    1,\n    2\n  ]\n}`]);
  });
});

describe('bad input: a marker and the raw bytes, every record shown', () => {
  test('an unknown schema id and bytes that do not match their schema', async () => {
    const topic = uniqueTopic('badframes');
    await createTopic(kafka, topic);
    const schema = { type: 'record', name: 'N', fields: [{ name: 'n', type: 'long' }, { name: 's', type: 'string' }] };
    const id = await peer.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const ser = new AvroSerializer(peer, SerdeType.VALUE, { useLatestVersion: true });
    const good = await ser.serialize(topic, { n: 5, s: 'ok' });
    const unknown = Buffer.from([0, 0x00, 0x0f, 0x42, 0x3f, 2, 4]); // id 999999 was never registered
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    const garbage = Buffer.concat([header, Buffer.from([0x02, 0x20, 0x41])]); // long 1, then a string of 16 bytes with 1 left
    await produce(topic, [
      { key: 'a', value: good }, { key: 'b', value: unknown }, { key: 'c', value: garbage }, { key: 'd', value: Buffer.from('plain text') }, { key: 'e', value: good },
    ]);
    const { lines, consumed, status } = await consume(topic, 5);
    assert.equal(consumed, 5);
    assert.equal(lines.length, 5, lines.join('\n'));
    const label = `«avro ${topic}-value v1 id ${id}» {\n  "n": 5,\n  "s": "ok"\n}`;
    assert.equal(lines[0], `p0@0 key=a ${label}`);
    assert.match(lines[1], new RegExp(`^p0@1 key=b «schema id 999999: not in the registry at ${apicurio.url.replace(/[/.]/g, '\\$&')}» «hex:${unknown.toString('hex')}»$`));
    assert.match(lines[2], new RegExp(`^p0@2 key=c «bytes do not match the avro schema id ${id}[^»]*» «hex:${garbage.toString('hex')}»$`));
    // Not framed under auto: shown as it always was.
    assert.equal(lines[3], 'p0@3 key=d plain text');
    assert.equal(lines[4], `p0@4 key=e ${label}`);
    assert.ok(status.some((s) => /Keys read as auto, values as auto \(with the cluster's Schema Registry\)/.test(s)), status.join('\n'));
  });

  test('"registry" without a registry is refused before anything is read, saying what to do', async () => {
    const topic = uniqueTopic('noreg');
    await createTopic(kafka, topic);
    await assert.rejects(startConsumerPipeline({
      kafka, options: { topic, start: { kind: 'beginning' } }, settings: { timeoutMs: 5_000, target: 't' }, sink: () => undefined,
      formats: { key: AUTO, value: { kind: 'registry' } },
    }), /the value format is "Schema Registry" but this cluster has no registry: set its URL with Edit Cluster → Schema Registry/);
  });

  test('the registry stopped mid-consume: known schemas still decode, new ids get a marker, the consumer goes on', async () => {
    const own = await startApicurio();
    const reg = createRegistryClient({ url: own.url }, {}, { timeoutMs: 3_000 });
    const ownPeer = new SchemaRegistryClient(peerClientConfig(own.url));
    try {
      const topic = uniqueTopic('regdown');
      await createTopic(kafka, topic);
      const a = { type: 'record', name: 'A', fields: [{ name: 'a', type: 'int' }] };
      const b = { type: 'record', name: 'B', fields: [{ name: 'b', type: 'string' }] };
      const idA = await ownPeer.register(`${topic}-a`, { schemaType: 'AVRO', schema: JSON.stringify(a) });
      const idB = await ownPeer.register(`${topic}-b`, { schemaType: 'AVRO', schema: JSON.stringify(b) });
      const frame = (id: number, payload: number[]): Buffer => { const h = Buffer.alloc(5); h.writeInt32BE(id, 1); return Buffer.concat([h, Buffer.from(payload)]); };
      const recA = frame(idA, [0x0e]); // int 7
      const recB = frame(idB, [0x04, 0x68, 0x69]); // "hi"
      await produce(topic, [{ key: '1', value: recA }, { key: '2', value: recA }]);
      // The first batch is decoded and shown with the registry up; then it stops, and a second batch arrives.
      let stopped: Promise<void> | undefined;
      const consumed = consume(topic, 5, {
        registry: reg,
        onText: (t) => {
          if (t.includes('p0@1 ')) stopped ??= own.stop().then(() => produce(topic, [{ key: '3', value: recA }, { key: '4', value: recB }, { key: '5', value: recA }]));
        },
      });
      const { lines, consumed: n } = await consumed;
      await stopped;
      assert.equal(n, 5);
      const okA = (o: number, k: string): string => `p0@${o} key=${k} «avro ${topic}-a v1 id ${idA}» {\n  "a": 7\n}`;
      assert.equal(lines.length, 5, lines.join('\n'));
      assert.deepEqual([lines[0], lines[1], lines[2], lines[4]], [okA(0, '1'), okA(1, '2'), okA(2, '3'), okA(4, '5')]);
      assert.match(lines[3], new RegExp(`^p0@3 key=4 «[^»]*schema id ${idB}[^»]*» «hex:${recB.toString('hex')}»$`));
    } finally {
      reg.close();
      await own.stop();
    }
  });
});

/** Produces with Kafka's own serializers (kafka-clients from the harness's jars), run as a Java source file. */
async function javaProduce(topic: string, keySer: string, valueSer: string, pairs: Array<[string, string]>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kd-serializers-'));
  const src = join(dir, 'Produce.java');
  writeFileSync(src, `
import java.util.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.*;
public class Produce {
  static Object parse(String ser, String s) {
    switch (ser) {
      case "Long": return Long.parseLong(s);
      case "Integer": return Integer.parseInt(s);
      case "Short": return Short.parseShort(s);
      case "Float": return Float.parseFloat(s);
      case "Double": return Double.parseDouble(s);
      default: return s;
    }
  }
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void main(String[] a) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", a[0]);
    p.put("key.serializer", "org.apache.kafka.common.serialization." + a[2] + "Serializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization." + a[3] + "Serializer");
    try (KafkaProducer prod = new KafkaProducer(p)) {
      for (int i = 4; i < a.length; i += 2) prod.send(new ProducerRecord(a[1], parse(a[2], a[i]), parse(a[3], a[i + 1]))).get();
    }
  }
}
`);
  const libs = await ensureKafkaJars(kafkaVersion());
  await run('java', ['-Xmx128m', '-cp', join(libs, '*'), src, broker.bootstrap, topic, keySer, valueSer, ...pairs.flat()], { timeout: 120_000 });
}

describe('primitive formats read what Kafka\'s own serializers write', () => {
  test('LongSerializer keys and IntegerSerializer / DoubleSerializer / StringSerializer values', async () => {
    const t1 = uniqueTopic('prim-long-int');
    const t2 = uniqueTopic('prim-short-double');
    await Promise.all([createTopic(kafka, t1), createTopic(kafka, t2)]);
    await javaProduce(t1, 'Long', 'Integer', [['9223372036854775807', '-2147483648'], ['-1', '42']]);
    await javaProduce(t2, 'String', 'Double', [['pi', '3.141592653589793'], ['tiny', '5e-324'], ['half', '0.5']]);
    const r1 = await consume(t1, 2, { formats: { key: { kind: 'primitive', format: 'int64' }, value: { kind: 'primitive', format: 'int32' } }, registry: undefined });
    assert.deepEqual(r1.lines, ['p0@0 key=9223372036854775807 -2147483648', 'p0@1 key=-1 42']);
    const r2 = await consume(t2, 3, { formats: { key: { kind: 'primitive', format: 'string' }, value: { kind: 'primitive', format: 'float64' } }, registry: undefined });
    assert.deepEqual(r2.lines, ['p0@0 key=pi 3.141592653589793', 'p0@1 key=tiny 5e-324', 'p0@2 key=half 0.5']);
    // The wrong width: a marker naming the sizes, then the bytes; every record still shown.
    const r3 = await consume(t1, 2, { formats: { key: AUTO, value: { kind: 'primitive', format: 'int64' } }, registry: undefined });
    assert.equal(r3.lines.length, 2);
    assert.match(r3.lines[1], /^p0@1 key=«hex:ffffffffffffffff» «int64: 4 bytes, not an int64 \(8 bytes\)» «hex:0000002a»$/);
  });
});
