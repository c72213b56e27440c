// The decoder's schema cache against registries that fail: an id is fetched once per registry client (shared
// by every decoder of it), a failure is remembered so a down registry costs one bounded wait and then
// markers, and decode() never throws. A counting wrapper around the real REST client counts the requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistryClient } from '../../src/kafka/registry/restClient';
import type { RegistryClient } from '../../src/kafka/registry/types';
import { createRecordDecoder } from '../../src/kafka/serde/serdeBundle';
import { useApicurio } from '../harness/apicurio';
import { freePort } from '../harness/ports';
import { uniqueTopic } from '../harness/sharedBroker';
import { silentPort } from '../harness/registryProxy';

/** The real client, with schemaById calls counted. */
function counting(inner: RegistryClient): { client: RegistryClient; calls: () => number } {
  let n = 0;
  const client: RegistryClient = Object.create(inner) as RegistryClient;
  client.schemaById = (id) => { n++; return inner.schemaById(id); };
  return { client, calls: () => n };
}

const framed = (id: number, payload: number[]): Buffer => Buffer.from([0, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255, ...payload]);

let url: string;
let release: () => Promise<void>;
before(async () => { ({ url, release } = await useApicurio()); });
after(() => release());

test('one fetch per id per registry client, shared by its decoders; values decoded exactly', async () => {
  const real = createRegistryClient({ url }, {}, { timeoutMs: 15_000 });
  after(() => real.close());
  const topic = uniqueTopic('cache');
  const { id } = await real.register(`${topic}-value`, JSON.stringify({ type: 'record', name: 'R', doc: topic, fields: [{ name: 'n', type: 'long' }] }), 'AVRO');
  const { client, calls } = counting(real);
  const a = framed(id, [0x02]); // n = 1
  const b = framed(id, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]); // n = 2^63 - 1
  const d1 = createRecordDecoder({ registry: client, key: { kind: 'auto' }, value: { kind: 'auto' }, timeoutMs: 15_000 });
  const d2 = createRecordDecoder({ registry: client, key: { kind: 'auto' }, value: { kind: 'auto' }, timeoutMs: 15_000 });
  await Promise.all([d1.prepare([{ key: a, value: b }]), d2.prepare([{ key: null, value: a }])]);
  await d2.prepare([{ key: null, value: b }]);
  assert.equal(calls(), 1);
  assert.equal(d1.decode(b, 'value')?.ok && (d1.decode(b, 'value') as { json: string }).json, '{"n":9223372036854775807}');
  assert.equal(d2.decode(a, 'key')?.ok && (d2.decode(a, 'key') as { json: string }).json, '{"n":1}');
});

test('a registry that is down: one bounded attempt per id, then the remembered failure as the marker', async () => {
  const port = await freePort();
  const closed = counting(createRegistryClient({ url: `http://127.0.0.1:${port}/apis/ccompat/v7` }, {}, { timeoutMs: 2_000 }));
  after(() => closed.client.close());
  const d = createRecordDecoder({ registry: closed.client, key: { kind: 'auto' }, value: { kind: 'registry' }, timeoutMs: 2_000 });
  const v = framed(7, [1, 2]);
  for (let i = 0; i < 3; i++) await d.prepare([{ key: null, value: v }, { key: null, value: v }]);
  assert.equal(closed.calls(), 1);
  const m = d.decode(v, 'value');
  assert.equal(m?.ok, false);
  assert.match(m && !m.ok ? m.marker : '', new RegExp(`^schema id 7: .*127\\.0\\.0\\.1:${port}`));
  // Not framed under 'registry': its own marker; under 'auto': shown as today.
  assert.deepEqual(d.decode(Buffer.from('hi'), 'value'), { ok: false, marker: 'not in the schema registry\'s wire format (2 bytes, fewer than its 5-byte header)' });
  assert.equal(d.decode(Buffer.from('hi'), 'key'), undefined);
});

test('a registry that accepts and never answers: prepare ends at the bound and says so', async () => {
  const silent = await silentPort();
  after(() => silent.close());
  const client = createRegistryClient({ url: silent.url }, {}, { timeoutMs: 60_000 });
  after(() => client.close());
  const d = createRecordDecoder({ registry: client, key: { kind: 'auto' }, value: { kind: 'auto' }, timeoutMs: 1_000 });
  const v = framed(9, [0]);
  await d.prepare([{ key: null, value: v }]);
  assert.deepEqual(d.decode(v, 'value'), { ok: false, marker: `schema id 9: the registry at ${silent.url} did not give it (with its references) within 1000 ms` });
});
