// The Fetch decoder (src/kafka/protocol/recordBatch.ts, legacyMessageSet.ts) on hand-built record sets and
// on sets kafkajs's own encoders wrote: every codec, nulls, headers, compaction gaps, control records,
// aborted transactions, a batch cut at the response limit, the legacy formats; and takeRecords on top.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { decodeRecordSet, DecodedRecords } from '../../src/kafka/protocol/recordBatch';
import { inflateBatch } from '../../src/kafka/client/codecs';
import { takeRecords, FetchedPartition } from '../../src/kafka/consume/fetchAnswer';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';
import { batch, Codec, legacy, marker, record } from './recordBatchBytes';

const decode = (set: Buffer, aborted: Array<{ producerId: bigint; firstOffset: bigint }> = []): DecodedRecords =>
  decodeRecordSet(set, { partition: 3, inflate: inflateBatch, aborted });

const offsets = (d: DecodedRecords): string[] => d.records.map((r) => r.offset);
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString());

const plain = [
  { offsetDelta: 0, timestampDelta: 0, key: 'k0', value: '{"a":1}', headers: [['h', 'x'], ['h', 'y'], ['solo', 'z']] as Array<[string, string]> },
  { offsetDelta: 1, timestampDelta: 5, key: null, value: 'v1' },
  { offsetDelta: 2, timestampDelta: -3, key: 'k2', value: null, headers: [['n', null]] as Array<[string, null]> },
  { offsetDelta: 3, timestampDelta: 70_000_000_000, key: '', value: '' },
];

for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as Codec[]) {
  test(`a ${codec} batch: offsets, timestamps, nulls, empty bytes, duplicate headers`, () => {
    const d = decode(batch({ baseOffset: 100n, records: plain, codec, baseTimestamp: 1_700_000_000_000 }));
    assert.deepEqual(offsets(d), ['100', '101', '102', '103']);
    assert.deepEqual(d.offsets, [100, 101, 102, 103]);
    assert.equal(d.next, 104n);
    assert.deepEqual(d.records.map((r) => r.timestamp), ['1700000000000', '1700000000005', '1699999999997', '1770000000000']);
    assert.deepEqual(d.records.map((r) => [text(r.key), text(r.value)]), [['k0', '{"a":1}'], [null, 'v1'], ['k2', null], ['', '']]);
    const h0 = d.records[0].headers;
    assert.deepEqual(Object.keys(h0), ['h', 'solo']);
    assert.deepEqual((h0.h as Buffer[]).map((b) => b.toString()), ['x', 'y']);
    assert.equal((h0.solo as Buffer).toString(), 'z');
    assert.equal(d.records[2].headers.n, null);
    assert.ok(d.records.every((r) => r.partition === 3 && r.compression === codec && r.timestampType === 'CreateTime'));
  });
}

test('snappy as librdkafka writes it (one raw block, no xerial framing)', () => {
  const raw = Buffer.concat(plain.map((r) => record(r)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const snappy = require('snappyjs') as { compress(b: Uint8Array): Uint8Array };
  const set = batch({ baseOffset: 0n, records: plain });
  const block = Buffer.from(snappy.compress(raw));
  const b = Buffer.concat([set.subarray(0, 61), block]);
  b.writeInt32BE(61 - 12 + block.length, 8);
  b.writeInt16BE(2, 21);
  assert.deepEqual(offsets(decode(b)), ['0', '1', '2', '3']);
});

test('LogAppendTime: every record carries the batch max timestamp', () => {
  const d = decode(batch({ baseOffset: 0n, records: plain, logAppendTime: true, baseTimestamp: 5, maxTimestamp: 1_700_000_000_123 }));
  assert.ok(d.records.every((r) => r.timestamp === '1700000000123' && r.timestampType === 'LogAppendTime'));
});

test('compaction gaps: offsets as written, next after the batch\'s last offset delta, empty batches advance too', () => {
  const set = Buffer.concat([
    batch({ baseOffset: 10n, records: [{ offsetDelta: 0, value: 'a' }, { offsetDelta: 3, value: 'b' }], lastOffsetDelta: 7 }),
    batch({ baseOffset: 18n, records: [], lastOffsetDelta: 4 }), // every record compacted away
    batch({ baseOffset: 30n, records: [{ offsetDelta: 2, value: 'c' }], codec: 'gzip', lastOffsetDelta: 5 }),
  ]);
  const d = decode(set);
  assert.deepEqual(offsets(d), ['10', '13', '32']);
  assert.equal(d.next, 36n);
});

test('a batch cut at the response limit is left for the next fetch, never misread', () => {
  const whole = batch({ baseOffset: 0n, records: plain });
  const second = batch({ baseOffset: 4n, records: plain, codec: 'lz4' });
  for (let cut = 0; cut < second.length; cut += 7) {
    const d = decode(Buffer.concat([whole, second.subarray(0, cut)]));
    assert.deepEqual(offsets(d), ['0', '1', '2', '3'], `cut at ${cut}`);
    assert.equal(d.next, 4n);
  }
  // Nothing whole: no records and no position.
  const none = decode(second.subarray(0, 40));
  assert.deepEqual([none.records.length, none.next], [0, undefined]);
});

test('control records are never shown; aborted transactions are hidden until their producer\'s abort marker', () => {
  const set = Buffer.concat([
    batch({ baseOffset: 0n, records: [{ offsetDelta: 0, value: 'plain' }] }),
    batch({ baseOffset: 1n, producerId: 7n, transactional: true, records: [{ offsetDelta: 0, value: 'aborted-1' }, { offsetDelta: 1, value: 'aborted-2' }] }),
    batch({ baseOffset: 3n, producerId: 8n, transactional: true, records: [{ offsetDelta: 0, value: 'committed-1' }] }),
    batch({ baseOffset: 4n, producerId: 7n, transactional: true, codec: 'zstd', records: [{ offsetDelta: 0, value: 'aborted-3' }] }),
    marker(5n, 7n, 'abort'),
    marker(6n, 8n, 'commit'),
    batch({ baseOffset: 7n, producerId: 7n, transactional: true, records: [{ offsetDelta: 0, value: 'committed-2' }] }),
    marker(8n, 7n, 'commit'),
    batch({ baseOffset: 9n, producerId: 9n, transactional: true, records: [{ offsetDelta: 0, value: 'aborted-later' }] }),
    marker(10n, 9n, 'abort'),
  ]);
  const d = decode(set, [{ producerId: 9n, firstOffset: 9n }, { producerId: 7n, firstOffset: 1n }]);
  assert.deepEqual(d.records.map((r) => text(r.value)), ['plain', 'committed-1', 'committed-2']);
  assert.deepEqual(offsets(d), ['0', '3', '7']);
  assert.equal(d.next, 11n);
  // read_uncommitted (no aborted list): every data record, still no control record.
  assert.deepEqual(decode(set, []).records.map((r) => text(r.value)),
    ['plain', 'aborted-1', 'aborted-2', 'committed-1', 'aborted-3', 'committed-2', 'aborted-later']);
});

test('legacy message sets: magic 0 and 1, uncompressed and compressed (relative and absolute inner offsets)', () => {
  const inner1 = Buffer.concat([0, 1, 2].map((i) => legacy(BigInt(i), 1, { key: `k${i}`, value: `v${i}`, timestamp: 1000 + i })));
  const inner0 = Buffer.concat([20, 21].map((i) => legacy(BigInt(i), 0, { key: null, value: `w${i}` })));
  const set = Buffer.concat([
    legacy(10n, 0, { key: 'a', value: 'b' }),
    legacy(11n, 1, { key: null, value: 'c', timestamp: 1234 }),
    // magic 1 wrapper: its offset is the last inner one's (14), inner offsets 0..2 are relative
    legacy(14n, 1, { value: zlib.gzipSync(inner1), codec: 'gzip', timestamp: 9999 }),
    legacy(17n, 1, { value: Buffer.from(inner1), codec: 'none', timestamp: 5 }),
    legacy(21n, 0, { value: zlib.gzipSync(inner0), codec: 'gzip' }),
    legacy(24n, 1, { value: zlib.gzipSync(inner1), codec: 'gzip', timestamp: 4242, logAppendTime: true }),
    legacy(25n, 1, { value: 'cut' }).subarray(0, 20),
  ]);
  const d = decode(set);
  assert.deepEqual(offsets(d), ['10', '11', '12', '13', '14', '17', '20', '21', '22', '23', '24']);
  assert.deepEqual(d.records.map((r) => text(r.value)).slice(0, 5), ['b', 'c', 'v0', 'v1', 'v2']);
  assert.deepEqual(d.records.map((r) => r.timestamp), ['-1', '1234', '1000', '1001', '1002', '5', '-1', '-1', '4242', '4242', '4242']);
  assert.deepEqual(d.records.map((r) => r.timestampType ?? '-'), ['-', 'CreateTime', 'CreateTime', 'CreateTime', 'CreateTime', 'CreateTime', '-', '-', 'LogAppendTime', 'LogAppendTime', 'LogAppendTime']);
  assert.deepEqual(d.records.map((r) => r.compression), ['none', 'none', 'gzip', 'gzip', 'gzip', 'none', 'gzip', 'gzip', 'gzip', 'gzip', 'gzip']);
  assert.equal(d.next, 25n);
});

test('legacy message sets written by kafkajs\'s own encoders (magic 0 and 1), then a v2 batch after them', async () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const MessageSet = require('kafkajs/src/protocol/messageSet') as (o: object) => { buffer: Buffer };
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> };
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => unknown;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const entries = [{ key: 'a', value: 'one', timestamp: 111 }, { key: null, value: 'two', timestamp: 222 }];
  const v0 = MessageSet({ messageVersion: 0, compression: 0, entries });
  const v1 = MessageSet({ messageVersion: 1, compression: 0, entries });
  // kafkajs writes offset −1 for uncompressed entries (the broker assigns them): give them the log's.
  const renumber = (set: Buffer, from: bigint): Buffer => {
    const b = Buffer.from(set);
    for (let pos = 0, o = from; pos < b.length; pos += 12 + b.readInt32BE(pos + 8), o++) b.writeBigInt64BE(o, pos);
    return b;
  };
  const v2 = (await RecordBatch({ firstOffset: '4', firstTimestamp: 333, maxTimestamp: 333, lastOffsetDelta: 0, records: [Record({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from('b'), value: Buffer.from('three'), headers: { h: Buffer.from('1') } })] })).buffer;
  const d = decode(Buffer.concat([renumber(v0.buffer, 0n), renumber(v1.buffer, 2n), v2]));
  assert.deepEqual(d.records.map((r) => [r.offset, r.timestamp, text(r.key), text(r.value)]), [
    ['0', '-1', 'a', 'one'], ['1', '-1', null, 'two'], ['2', '111', 'a', 'one'], ['3', '222', null, 'two'], ['4', '333', 'b', 'three'],
  ]);
  assert.equal((d.records[4].headers.h as Buffer).toString(), '1');
  assert.equal(d.next, 5n);
});

test('a malformed batch is an error, not a misread', () => {
  const b = batch({ baseOffset: 0n, records: plain });
  const broken = Buffer.from(b);
  broken[61] = 0x7f; // the first record's length now runs far past the batch
  assert.throws(() => decode(broken), /malformed record batch/);
  const magic = Buffer.from(b);
  magic[16] = 3;
  assert.throws(() => decode(magic), /magic 3/);
});

const part = (set: Buffer, aborted: Array<{ producerId: bigint; firstOffset: bigint }> = []): FetchedPartition =>
  ({ partition: 3, highWatermark: 100n, decoded: decode(set, aborted) });

test('takeRecords: from inside a batch, room, stop offsets, and past hidden records', () => {
  const set = Buffer.concat([
    batch({ baseOffset: 10n, records: [0, 1, 2, 3].map((i) => ({ offsetDelta: i, value: `r${i}` })), codec: 'gzip' }),
    batch({ baseOffset: 14n, producerId: 5n, transactional: true, records: [{ offsetDelta: 0, value: 'x' }] }),
    marker(15n, 5n, 'abort'),
  ]);
  const vals = (rs: ConsumedRecord[]): Array<string | null> => rs.map((r) => text(r.value));
  // Asked from 12: the batch starts at 10, records before 12 are not shown again.
  let next = new Map([[3, 12n]]);
  let t = takeRecords(next, new Map(next), [part(set, [{ producerId: 5n, firstOffset: 14n }])]);
  assert.deepEqual([vals(t.records), t.limited, next.get(3)], [['r2', 'r3'], false, 16n]);
  // Room for one: the position is the first record not taken.
  next = new Map([[3, 10n]]);
  t = takeRecords(next, new Map(next), [part(set)], 1);
  assert.deepEqual([vals(t.records), t.limited, next.get(3)], [['r0'], true, 11n]);
  // A stop offset inside the answer.
  next = new Map([[3, 10n]]);
  t = takeRecords(next, new Map(next), [part(set)], Infinity, new Map([[3, 12n]]));
  assert.deepEqual([vals(t.records), next.get(3)], [['r0', 'r1'], 12n]);
  // A stop offset past the shown records but inside the hidden ones: the session still reaches it.
  next = new Map([[3, 10n]]);
  t = takeRecords(next, new Map(next), [part(set, [{ producerId: 5n, firstOffset: 14n }])], Infinity, new Map([[3, 15n]]));
  assert.deepEqual([vals(t.records), next.get(3)], [['r0', 'r1', 'r2', 'r3'], 15n]);
  // A stale answer (the position moved meanwhile) is not taken.
  next = new Map([[3, 11n]]);
  t = takeRecords(next, new Map([[3, 10n]]), [part(set)]);
  assert.deepEqual([t.records.length, next.get(3)], [0, 11n]);
  // Nothing whole came back: the position stays.
  next = new Map([[3, 10n]]);
  t = takeRecords(next, new Map(next), [part(set.subarray(0, 30))]);
  assert.deepEqual([t.records.length, next.get(3)], [0, 10n]);
});
