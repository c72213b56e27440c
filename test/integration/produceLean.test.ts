// Our own Produce path (RecordBatch v2 of our own, idempotent, several requests in flight) against a real
// broker, read back by three independent clients: kcat -J, kafka-python and Kafka's Java console consumer.
// Every record is identified by its "n" header (or its {{seq}}) and must arrive exactly once, in its
// partition in the order sent, with key, value and headers byte for byte; keyed records must sit in the
// partition kafka-python's own murmur2 partitioner (Java's) names. Each codec, keys and null keys, null
// values, repeated and Unicode headers, several MB per topic so that requests overlap.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { ClusterProducer, OutgoingRecord } from '../../src/kafka/produce/producer';
import { COMPRESSIONS, emptyDraft, validateDraft } from '../../src/kafka/rules/produceValidation';
import { BrokerHandle, uniqueTopic } from '../harness/sharedBroker';
import { producerFixture } from './producerFixture';
import { PeerRecord, readWithConsoleConsumer, readWithKafkaPython, readWithKcat } from './peerReaders';

const TIMEOUT = 15_000;
const PARTITIONS = 3;
let broker: BrokerHandle;
let admin: ClusterAdmin;
let producer: ClusterProducer;

producerFixture('lean', TIMEOUT, (f) => ({ broker, admin, producer } = f));

interface Expected { key: Buffer | null; value: Buffer | null; headers: Array<[string, Buffer | null]> }
const buf = (v: Buffer | string | null): Buffer | null => (v === null ? null : Buffer.from(v));

/** `count` records of every kind: keyed and not, tombstones, empty key and value, headers repeated and Unicode, sizes up to ~4 kB. */
function records(count: number): OutgoingRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const headers = [{ name: 'n', value: String(i) }];
    if (i % 3 === 0) headers.push({ name: 'trace-ïd', value: `t-${i} ✓ ½` });
    if (i % 5 === 0) headers.push({ name: 'trace-ïd', value: 'repeated' }, { name: 'empty', value: '' });
    const key = i % 7 === 0 ? null : i % 13 === 0 ? '' : `user-${i % 50}-ключ`;
    const value = i % 11 === 0 ? null : i % 17 === 0 ? '' : JSON.stringify({ i, name: 'Zoë Ölçer 🚀', pad: 'x'.repeat((i * 37) % 4000) });
    return { key, value, headers };
  });
}

/** Every expected record once, in its partition in order, byte for byte; keyed ones where murmur2 puts them. */
function check(who: string, sent: OutgoingRecord[], got: Array<PeerRecord & { keyPartition?: number | null }>, indexOf: (r: PeerRecord) => number): void {
  assert.equal(got.length, sent.length, `${who}: ${got.length} records read, ${sent.length} sent`);
  const seen = new Set<number>();
  const lastIndex = new Map<number, number>();
  const byOffset = [...got].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  for (const r of byOffset) {
    const i = indexOf(r);
    assert.ok(i >= 0 && i < sent.length, `${who}: record at p${r.partition}@${r.offset} is not one we sent`);
    assert.ok(!seen.has(i), `${who}: record ${i} read twice`);
    seen.add(i);
    assert.ok((lastIndex.get(r.partition) ?? -1) < i, `${who}: record ${i} out of order in partition ${r.partition}`);
    lastIndex.set(r.partition, i);
    const want: Expected = { key: buf(sent[i].key), value: buf(sent[i].value), headers: (sent[i].headers ?? []).map((h) => [h.name, buf(h.value)]) };
    assert.deepEqual({ key: r.key, value: r.value, headers: r.headers }, want, `${who}: record ${i} differs`);
    if (r.keyPartition !== undefined && r.keyPartition !== null) assert.equal(r.partition, r.keyPartition, `${who}: keyed record ${i} not where murmur2 puts it`);
  }
  for (const [p, last] of lastIndex) assert.ok(last >= 0, `partition ${p}`);
}

const nHeader = (r: PeerRecord): number => Number(r.headers.find(([k]) => k === 'n')?.[1]?.toString() ?? -1);

describe('lean producer: what it writes, read back by kcat, kafka-python and the Java console consumer', () => {
  for (const compression of COMPRESSIONS) {
    test(`${compression}: 3,000 records of every kind, idempotent, several requests in flight`, async () => {
      const topic = uniqueTopic(`lean-${compression}`);
      await admin.createTopic({ name: topic, partitions: PARTITIONS });
      const sent = records(3000);
      const meta = await producer.partitions(topic);
      let progress = 0;
      const sink = await producer.openSink(topic, meta, { acks: 'all', compression, onProgress: () => { progress++; } });
      for (const r of sent) {
        sink.push(r);
        if (sink.mustWait) await sink.ready();
      }
      const ranges = await sink.close();
      assert.equal(ranges.reduce((n, r) => n + r.count, 0), sent.length);
      for (const r of ranges) assert.equal(BigInt(r.lastOffset) - BigInt(r.firstOffset) + 1n, BigInt(r.count), `p${r.partition} offsets contiguous`);
      assert.ok(progress > PARTITIONS, `acknowledged in several batches (${progress})`);
      check('kcat -J', sent, await readWithKcat(broker.bootstrap, topic), nHeader);
      check('kafka-python', sent, await readWithKafkaPython(broker.bootstrap, topic, sent.length), nHeader);
      check('ConsoleConsumer', sent, await readWithConsoleConsumer(broker.bootstrap, topic, sent.length), nHeader);
    });
  }

  test('a templated send ×20,000 through produce() (keys, headers, Unicode, zstd) reads back the same', async () => {
    const topic = uniqueTopic('lean-templated');
    await admin.createTopic({ name: topic, partitions: PARTITIONS });
    const v = validateDraft({
      ...emptyDraft(topic), key: 'k-{{seq}}-ü', value: '{"seq":{{seq}},"name":"Zoë 🚀","pad":"' + 'y'.repeat(200) + '"}', valueFormat: 'json',
      headers: [{ name: 'source', value: 'kafka-dev ✓' }, { name: 'source', value: 'twice' }], count: '20000', compression: 'zstd',
    });
    assert.ok(v.ok);
    const r = await producer.produce(v.spec);
    assert.equal(r.sent, 20000);
    const sent: OutgoingRecord[] = Array.from({ length: 20000 }, (_, i) => ({
      key: `k-${i + 1}-ü`, value: `{"seq":${i + 1},"name":"Zoë 🚀","pad":"${'y'.repeat(200)}"}`,
      headers: [{ name: 'source', value: 'kafka-dev ✓' }, { name: 'source', value: 'twice' }],
    }));
    const seqOf = (x: PeerRecord): number => (JSON.parse(x.value?.toString() ?? '{}') as { seq?: number }).seq! - 1;
    check('kcat -J', sent, await readWithKcat(broker.bootstrap, topic), seqOf);
    check('kafka-python', sent, await readWithKafkaPython(broker.bootstrap, topic, sent.length), seqOf);
    check('ConsoleConsumer', sent, await readWithConsoleConsumer(broker.bootstrap, topic, sent.length), seqOf);
  });
});
