// Decoding cost: the same records consumed through the consumer pipeline (every record formatted) as Avro
// values in the Confluent wire format, decoded with their schema from a real registry (Apicurio), and as
// the plain JSON text of the same objects. Same broker, same run, back to back; the ratio is Avro / JSON.
import { join } from 'node:path';
import { Type } from 'avsc';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import { startApicurio } from '../../test/harness/apicurio';
import { paths, runs, sizes } from '../config';
import { runOurs } from '../proc';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, recordCount } from '../seed';
import { benchClient } from '../ours/kafkaClient';
import type { DecodeInput, DecodeOutput } from '../ours/decode';
import { BenchContext, CaseRow } from './types';

const AVRO_TOPIC = 'bench-decode-avro';
const JSON_TOPIC = 'bench-decode-json';
const fmt = (n: number): string => n.toLocaleString('en-US');

const SCHEMA = {
  type: 'record', name: 'Order', namespace: 'bench',
  fields: [
    { name: 'id', type: 'long' }, { name: 'customer', type: 'string' }, { name: 'amount', type: 'double' },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['new', 'paid', 'failed', 'timeout'] } },
    { name: 'items', type: { type: 'array', items: 'string' } }, { name: 'note', type: ['null', 'string'], default: null },
  ],
};

const order = (seq: number): Record<string, unknown> => ({
  id: seq, customer: `customer-${seq % 997}`, amount: (seq % 10_000) / 100 + 0.25,
  status: ['new', 'paid', 'failed', 'timeout'][seq % 4], items: [`sku-${seq % 31}`, `sku-${seq % 17}`], note: seq % 3 === 0 ? null : 'gift',
});

async function seed(ctx: BenchContext, registryUrl: string, n: number): Promise<number> {
  const registry = createRegistryClient({ url: registryUrl }, {}, { timeoutMs: 10_000 });
  try {
    const { id } = await registry.register(`${AVRO_TOPIC}-value`, JSON.stringify(SCHEMA), 'AVRO');
    const type = Type.forSchema(SCHEMA as Parameters<typeof Type.forSchema>[0]);
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    await createTopics(ctx.admin, [{ topic: AVRO_TOPIC, numPartitions: 1 }, { topic: JSON_TOPIC, numPartitions: 1 }]);
    const kafka = benchClient(ctx.bootstrap, 'bench-decode-seed');
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (let from = 0; from < n; from += 5_000) {
        const seqs = Array.from({ length: Math.min(5_000, n - from) }, (_, k) => from + k);
        // Avro's JSON encoding of the union is {"string": "gift"}; the plain JSON carries the same object.
        await producer.send({ topic: AVRO_TOPIC, messages: seqs.map((s) => ({ key: `o${s}`, value: Buffer.concat([header, type.toBuffer(order(s))]) })) });
        await producer.send({ topic: JSON_TOPIC, messages: seqs.map((s) => ({ key: `o${s}`, value: JSON.stringify(order(s)) })) });
      }
    } finally {
      await producer.disconnect();
    }
    for (const t of [AVRO_TOPIC, JSON_TOPIC]) {
      const c = await recordCount(ctx.admin, t);
      if (c !== n) throw new Error(`${t} holds ${c} records, not ${n}`);
    }
    return id;
  } finally {
    registry.close();
  }
}

export async function decodeCase(ctx: BenchContext): Promise<CaseRow[]> {
  const n = sizes.decodeRecords;
  const apicurio = await startApicurio();
  try {
    const id = await seed(ctx, apicurio.url, n);
    ctx.log(`decode: seeded ${fmt(n)} Avro (schema id ${id}) and ${fmt(n)} JSON records; Apicurio started in ${(apicurio.startMs / 1000).toFixed(1)} s`);
    const script = join(paths.outBench, 'ours', 'decode.js');
    const input = (topic: string, registryUrl?: string): DecodeInput => ({ bootstrap: ctx.bootstrap, topic, count: n, registryUrl });
    const samples: Sample[] = [];
    for (let i = 0; i < runs.slow; i++) {
      const avro = await runOurs<DecodeOutput>(script, input(AVRO_TOPIC, apicurio.url));
      const json = await runOurs<DecodeOutput>(script, input(JSON_TOPIC));
      if (avro.records !== n || json.records !== n) throw new Error(`decode: consumed ${avro.records} Avro and ${json.records} JSON records of ${n}`);
      if (!/«avro bench-decode-avro-value v1 id \d+» \{/.test(avro.sample)) throw new Error(`decode: the Avro values were not decoded: ${avro.sample}`);
      samples.push({ ours: avro.recordsPerSecond, peer: json.recordsPerSecond });
      ctx.log(`decode run ${i + 1}: Avro ${fmt(Math.round(avro.recordsPerSecond))}/s, JSON ${fmt(Math.round(json.recordsPerSecond))}/s`);
    }
    return [{
      row: rowFromSamples({
        name: `consume ${fmt(n)} Avro records decoded through the registry, every record formatted`, unit: 'rec/s',
        peerName: 'ours, the same records as plain JSON', higherIsBetter: true, goal: { kind: 'ratioAtLeast', min: 0.5, text: '≥ 0.5× plain JSON' },
        notes: 'same consumer pipeline (session → prepare(batch): schema fetched once → formatRecord with the decoded value → sink), throttle lifted; ' +
          '6-field record (long, string, double, enum, array, union), ~80 B Avro / ~130 B JSON; Apicurio 3.3.3 on loopback; connect → last record, in process',
      }, samples),
      profile: { script, input: input(AVRO_TOPIC, apicurio.url) },
    }];
  } finally {
    await apicurio.stop();
  }
}
