// The lean producer's encodings, checked against independent references: CRC-32C against the published
// vectors (RFC 3720 B.4, the "123456789" check value) and a bit-by-bit CRC; murmur2 against Kafka's own
// test vectors (UtilsTest.testMurmur2) and kafkajs's Long-based murmur2; RecordBatch v2 byte for byte
// against kafkajs's encoder and read back by kafkajs's decoder with every codec; Produce/InitProducerId
// against the message schemas; the error table against kafkajs's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { registerCodecs } from '../../src/kafka/client/codecs';
import { crc32c } from '../../src/kafka/protocol/crc32c';
import { decodeInitProducerId, decodeProduce, encodeInitProducerId, encodeProduce } from '../../src/kafka/protocol/produce';
import { KafkaProtocolError, KNOWN_PRODUCE_ERROR_CODES } from '../../src/kafka/protocol/produceErrors';
import { BatchCompression, Bytes, encodeHeaders, RecordBatchBuilder, RecordHeader } from '../../src/kafka/protocol/recordBatchEncoder';
import { WireWriter } from '../../src/kafka/protocol/wire';
import { DefaultPartitioner, murmur2 } from '../../src/kafka/produce/partitioner';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internals, as references */
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (k: Buffer | string) => number;
const kafkajsPartitioner = require('kafkajs/src/producer/partitioners/default') as () => (a: { topic: string; partitionMetadata: Array<{ partitionId: number; leader: number }>; message: { key: Buffer | null } }) => number;
const kafkajsRecordBatch = (require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> }).RecordBatch;
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => object;
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => object;
const kafkajsBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: object) => Promise<{ records: Array<{ key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]>; timestamp: string; offset: string }>; producerId: string; producerEpoch: number; firstSequence: number; lastOffsetDelta: number; firstTimestamp: string; maxTimestamp: string }>;
const kafkajsErrors = (require('kafkajs/src/protocol/error') as { errorCodes: Array<{ code: number; type: string; retriable: boolean; message: string }> }).errorCodes;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

function crcBitwise(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

test('crc32c: published vectors and a bit-by-bit reference over random slices', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
  assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
  assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
  assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c);
  assert.equal(crc32c(Buffer.alloc(0)), 0);
  for (let i = 0; i < 200; i++) {
    const b = randomBytes(1 + Math.floor(Math.random() * 300));
    const from = Math.floor(Math.random() * b.length);
    const to = from + Math.floor(Math.random() * (b.length - from + 1));
    assert.equal(crc32c(b, from, to), crcBitwise(b.subarray(from, to)), `slice ${from}..${to} of ${b.length}`);
  }
});

test("murmur2: Kafka's UtilsTest vectors and kafkajs's implementation agree", () => {
  const java: Array<[string, number]> = [['21', -973932308], ['foobar', -790332482], ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829], ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971], ['abc', 479470107]];
  for (const [k, h] of java) assert.equal(murmur2(Buffer.from(k)), h, k);
  for (let i = 0; i < 500; i++) {
    const b = randomBytes(i % 70);
    assert.equal(murmur2(b), kafkajsMurmur2(b) | 0, b.toString('hex'));
  }
  for (const s of ['', 'order-42 ✓ Zoë 🚀', 'user-7', 'ключ']) assert.equal(murmur2(Buffer.from(s)), kafkajsMurmur2(s) | 0, s);
});

test("the partitioner sends a key where kafkajs's DefaultPartitioner does; no key round-robins over partitions with a leader", () => {
  const meta = [0, 1, 2, 3, 4].map((partitionId) => ({ partitionId, leader: partitionId === 2 ? -1 : 1 }));
  const theirs = kafkajsPartitioner();
  const ours = new DefaultPartitioner();
  for (let i = 0; i < 300; i++) {
    const key = randomBytes(1 + (i % 20));
    assert.equal(ours.partition('t', meta, key), theirs({ topic: 't', partitionMetadata: meta, message: { key } }));
    assert.equal(ours.partition('t', meta, key.toString('latin1')), theirs({ topic: 't', partitionMetadata: meta, message: { key: Buffer.from(key.toString('latin1')) } }));
  }
  const seen = Array.from({ length: 8 }, () => ours.partition('t', meta, null));
  assert.ok(!seen.includes(2), 'never the leaderless partition');
  for (let i = 1; i < seen.length; i++) assert.equal([0, 1, 3, 4].indexOf(seen[i]), ([0, 1, 3, 4].indexOf(seen[i - 1]) + 1) % 4, `round robin: ${seen.join(',')}`);
});

interface R { key: Bytes; value: Bytes; headers: RecordHeader[]; ts: number }
const RECORDS: R[] = [
  { key: 'order-42 ✓ Zoë 🚀', value: '{"id":42,"name":"Zoë"}', headers: [{ name: 'trace-id', value: 'abc' }, { name: 'note', value: 'größe=½' }], ts: 1_700_000_000_123 },
  { key: null, value: 'no key', headers: [], ts: 1_700_000_000_100 },
  { key: Buffer.from([0, 255, 1]), value: null, headers: [{ name: 'h', value: null }], ts: 1_700_000_200_000 },
  { key: '', value: '', headers: [{ name: 'dup', value: 'a' }, { name: 'dup', value: Buffer.from([1, 2]) }], ts: 1_699_000_000_000 },
  { key: 'k', value: 'x'.repeat(300), headers: [], ts: 1_700_000_000_000 + 2 ** 33 },
];

function build(records: R[]): RecordBatchBuilder {
  const b = new RecordBatchBuilder(64);
  for (const r of records) assert.equal(b.append(r.key, r.value, r.headers.length ? encodeHeaders(r.headers) : null, r.ts), true);
  return b;
}
const STAMP = { producerId: 4242n, producerEpoch: 3, baseSequence: 17 };

/** kafkajs's header object: a name given several values maps to their array. */
function headerObject(hs: RecordHeader[]): Record<string, Buffer | null | Array<Buffer | null>> {
  const out: Record<string, Buffer | null | Array<Buffer | null>> = {};
  for (const h of hs) {
    const v = h.value === null ? null : Buffer.from(h.value);
    const prev = out[h.name];
    out[h.name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

test("RecordBatch v2 (uncompressed) is byte for byte what kafkajs's encoder writes", async () => {
  // kafkajs cannot write a null header value (the decoding test covers ours).
  const records = RECORDS.map((r) => ({ ...r, headers: r.headers.filter((h) => h.value !== null) }));
  const ours = build(records).finish(STAMP, 'none');
  const first = records[0].ts;
  const toBuf = (v: Bytes): Buffer | null => (v === null ? null : Buffer.from(v));
  const theirs = await kafkajsRecordBatch({
    firstTimestamp: first, maxTimestamp: Math.max(...records.map((r) => r.ts)), partitionLeaderEpoch: -1, lastOffsetDelta: records.length - 1,
    producerId: Long.fromValue('4242'), producerEpoch: 3, firstSequence: 17,
    records: records.map((r, i) => kafkajsRecord({
      offsetDelta: i, timestampDelta: Long.fromValue(r.ts - first), key: toBuf(r.key), value: toBuf(r.value),
      headers: headerObject(r.headers),
    })),
  });
  assert.equal(ours.toString('hex'), theirs.buffer.toString('hex'));
});

test('text values whose UTF-8 length moves a varint boundary are written as kafkajs writes them', async () => {
  // 'é' is 2 bytes: around 32–70 characters the value's and the record's length varints grow from 1 to 2 bytes.
  const records: R[] = [];
  for (let n = 25; n < 75; n++) {
    records.push({ key: null, value: 'é'.repeat(n), headers: [], ts: 5 });
    records.push({ key: 'κ', value: 'a'.repeat(n) + '€', headers: [{ name: 'h', value: 'v' }], ts: 6 });
  }
  records.push({ key: 'big', value: '✓'.repeat(5000), headers: [], ts: 7 });
  const ours = build(records).finish(STAMP, 'none');
  const theirs = await kafkajsRecordBatch({
    firstTimestamp: 5, maxTimestamp: 7, partitionLeaderEpoch: -1, lastOffsetDelta: records.length - 1,
    producerId: Long.fromValue('4242'), producerEpoch: 3, firstSequence: 17,
    records: records.map((r, i) => kafkajsRecord({
      offsetDelta: i, timestampDelta: Long.fromValue(r.ts - 5), key: r.key === null ? null : Buffer.from(r.key), value: Buffer.from(r.value!), headers: headerObject(r.headers),
    })),
  });
  assert.equal(ours.toString('hex'), theirs.buffer.toString('hex'));
});

test('RecordBatch v2 with every codec reads back through kafkajs (keys, nulls, headers, Unicode, timestamps)', async () => {
  registerCodecs();
  for (const c of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as BatchCompression[]) {
    const batch = build(RECORDS).finish(STAMP, c);
    assert.equal(batch.readInt32BE(8), batch.length - 12, `${c}: batch length`);
    assert.equal(batch.readUInt32BE(17), crc32c(batch, 21), `${c}: crc`);
    assert.equal(batch.readInt16BE(21) & 7, ['none', 'gzip', 'snappy', 'lz4', 'zstd'].indexOf(c), `${c}: codec bits`);
    const d = await kafkajsBatchDecoder(new KafkajsDecoder(batch));
    assert.equal(d.producerId, '4242');
    assert.deepEqual([d.producerEpoch, d.firstSequence, d.lastOffsetDelta], [3, 17, RECORDS.length - 1]);
    assert.equal(d.maxTimestamp, String(1_700_000_000_000 + 2 ** 33));
    assert.equal(d.records.length, RECORDS.length);
    d.records.forEach((got, i) => {
      const want = RECORDS[i];
      const b = (v: Bytes): Buffer | null => (v === null ? null : Buffer.from(v));
      assert.deepEqual(got.key, b(want.key), `${c} #${i} key`);
      assert.deepEqual(got.value, b(want.value), `${c} #${i} value`);
      assert.equal(got.timestamp, String(want.ts), `${c} #${i} timestamp`);
      assert.equal(got.offset, String(i));
      const hs = Object.entries(got.headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((x) => [name, x]));
      assert.deepEqual(hs, want.headers.map((h) => [h.name, b(h.value)]), `${c} #${i} headers`);
    });
  }
});

test('a batch refuses the record that would take it past the limit, never its first', () => {
  const b = new RecordBatchBuilder(128);
  assert.equal(b.append(null, 'x'.repeat(500), null, 1, 300), true, 'the first record always fits');
  assert.equal(b.append(null, 'y', null, 1, 300), false);
  assert.equal(b.count, 1);
  assert.equal(b.append(null, 'y', null, 1), true);
  assert.equal(b.count, 2);
});

test('Produce request: classic v3 and flexible v9 layouts', () => {
  const batch = Buffer.from([9, 8, 7]);
  const v3 = encodeProduce(3, -1, 5000, [{ topic: 'tp', partitions: [{ partition: 2, batch }] }]);
  assert.equal(v3.toString('hex'), new WireWriter().string(null).int16(-1).int32(5000).int32(1).string('tp').int32(1).int32(2).int32(3).bytes().toString('hex') + '090807');
  const v9 = encodeProduce(9, 1, 5000, [{ topic: 'tp', partitions: [{ partition: 2, batch }] }]);
  assert.equal(v9.toString('hex'), new WireWriter().compactString(null).int16(1).int32(5000).uvarint(2).compactString('tp').uvarint(2).int32(2).uvarint(4).bytes().toString('hex') + '090807' + '000000');
});

test('Produce response: v3, v5, v8 and v9 (with an unknown tag a newer broker adds) decode alike', () => {
  const partition = (w: WireWriter, v: number): void => {
    w.int32(1).int16(46).int64(1234n).int64(-1n);
    if (v >= 5) w.int64(0n);
    if (v >= 8 && v < 9) w.int32(1).int32(0).string('bad record').string('the batch');
    if (v >= 9) w.uvarint(2).int32(0).compactString('bad record').noTags().compactString('the batch').uvarint(1).uvarint(0).uvarint(2).int16(7);
  };
  for (const v of [3, 5, 8, 9]) {
    const w = new WireWriter();
    if (v >= 9) { w.uvarint(2).compactString('tp').uvarint(2); partition(w, v); w.noTags().int32(0).noTags(); } else { w.int32(1).string('tp').int32(1); partition(w, v); w.int32(0); }
    const a = decodeProduce(v, w.bytes());
    assert.deepEqual(a.topics, [{ topic: 'tp', partitions: [{ partition: 1, errorCode: 46, baseOffset: 1234n, errorMessage: v >= 8 ? 'the batch' : null }] }], `v${v}`);
  }
});

test('InitProducerId: v0 classic, v2 flexible, v3+ asks for a new id', () => {
  assert.equal(encodeInitProducerId(0, 60000).toString('hex'), 'ffff0000ea60');
  assert.equal(encodeInitProducerId(2, 60000).toString('hex'), '000000ea6000');
  assert.equal(encodeInitProducerId(4, 60000).toString('hex'), '000000ea60ffffffffffffffffffff00');
  const body = new WireWriter().int32(0).int16(0).int64(77n).int16(2).noTags().bytes();
  assert.deepEqual(decodeInitProducerId(4, body), { errorCode: 0, producerId: 77n, producerEpoch: 2 });
});

test("the refusals read as kafkajs's did: same type, text and retriable flag for every code listed", () => {
  for (const code of KNOWN_PRODUCE_ERROR_CODES) {
    const theirs = kafkajsErrors.find((e) => e.code === code);
    const ours = new KafkaProtocolError(code);
    assert.deepEqual({ type: ours.type, message: ours.message, retriable: ours.retriable }, { type: theirs?.type, message: theirs?.message, retriable: theirs?.retriable }, `code ${code}`);
  }
  assert.equal(new KafkaProtocolError(9999).message, 'Unknown error code 9999');
});
