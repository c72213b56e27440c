// Our Fetch request (src/kafka/protocol/fetch.ts) against kafkajs's own encoders of the same versions (v4,
// v7, v11), v12's flexible encoding against the schema by hand, and responses of each shape decoded,
// including unknown tagged fields a newer broker may add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFetch, encodeFetch, FetchRequest } from '../../src/kafka/protocol/fetch';
import { WireWriter } from '../../src/kafka/protocol/wire';
import { fetchError } from '../../src/kafka/client/fetchErrors';
import { describeKafkaError, errorText, OUT_OF_RANGE, RETRIABLE_FETCH, UNKNOWN_TOPIC } from '../../src/kafka/client/errors';

const q: FetchRequest = {
  maxWaitMs: 500, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 1, topic: 'orders',
  partitions: [{ partition: 2, fetchOffset: 1234567890123n, maxBytes: 262144 }, { partition: 0, fetchOffset: 0n, maxBytes: 262144 }],
};

for (const v of [4, 5, 7, 9, 11]) {
  test(`Fetch v${v} request: the bytes kafkajs's own v${v} encoder writes`, async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kafkajsRequest = require(`kafkajs/src/protocol/requests/fetch/v${v}/request`) as (o: object) => { encode(): Promise<{ buffer: Buffer }> };
    const theirs = await kafkajsRequest({
      replicaId: -1, maxWaitTime: q.maxWaitMs, minBytes: q.minBytes, maxBytes: q.maxBytes, isolationLevel: 1, rackId: '',
      topics: [{ topic: q.topic, partitions: q.partitions.map((p) => ({ partition: p.partition, fetchOffset: p.fetchOffset.toString(), maxBytes: p.maxBytes })) }],
    }).encode();
    assert.deepEqual([...encodeFetch(v, q)], [...theirs.buffer]);
  });
}

test('Fetch v12 request: compact strings and arrays, last fetched epoch, tags', () => {
  const w = new WireWriter().int32(-1).int32(500).int32(1).int32(1 << 20).int8(1).int32(0).int32(-1)
    .compactArray(['orders'], (x, t) => {
      x.compactString(t).compactArray(q.partitions, (y, p) => { y.int32(p.partition).int32(-1).int64(p.fetchOffset).int32(-1).int64(-1n).int32(p.maxBytes).noTags(); }).noTags();
    })
    .compactArray([], () => undefined).compactString('').noTags();
  assert.deepEqual([...encodeFetch(12, q)], [...w.bytes()]);
});

/** A classic (non-flexible) response of version `v`. */
function response(v: number): Buffer {
  const w = new WireWriter().int32(7);
  if (v >= 7) w.int16(0).int32(0);
  w.array(['orders'], (_, t) => {
    w.string(t).array([{ p: 0, err: 0, recs: Buffer.from('abc') }, { p: 1, err: 1, recs: null }], (__, p) => {
      w.int32(p.p).int16(p.err).int64(100n).int64(90n);
      if (v >= 5) w.int64(3n);
      w.array(p.p === 0 ? [{ id: 5n, first: 80n }] : [], (___, a) => { w.int64(a.id).int64(a.first); });
      if (v >= 11) w.int32(-1);
      if (p.recs) w.int32(p.recs.length).int8(0x61).int8(0x62).int8(0x63); else w.int32(-1);
    });
  });
  return w.bytes();
}

for (const v of [4, 7, 11]) {
  test(`Fetch v${v} response: partitions, errors, aborted transactions, records as a view`, () => {
    const r = decodeFetch(v, response(v));
    assert.equal(r.throttleTimeMs, 7);
    const [p0, p1] = r.topics[0].partitions;
    assert.deepEqual([r.topics[0].topic, p0.partition, p0.errorCode, p0.highWatermark, p0.lastStableOffset], ['orders', 0, 0, 100n, 90n]);
    assert.deepEqual(p0.abortedTransactions, [{ producerId: 5n, firstOffset: 80n }]);
    assert.equal(p0.records?.toString(), 'abc');
    assert.deepEqual([p1.errorCode, p1.records], [1, null]);
  });
}

test('Fetch v12 response: compact fields and unknown tags skipped', () => {
  // Built by hand: the compact records field is uvarint(len + 1) then the bytes.
  const w = new WireWriter().int32(0).int16(0).int32(0).uvarint(2).compactString('orders').uvarint(2)
    .int32(0).int16(0).int64(100n).int64(90n).int64(3n).uvarint(1).int32(-1).uvarint(4);
  const head = w.bytes();
  const tail = new WireWriter().uvarint(1).uvarint(9).uvarint(2).int16(0).noTags().noTags().bytes();
  const r = decodeFetch(12, Buffer.concat([head, Buffer.from('abc'), tail]));
  const p = r.topics[0].partitions[0];
  assert.deepEqual([p.highWatermark, p.lastStableOffset, p.abortedTransactions, p.records?.toString()], [100n, 90n, [], 'abc']);
});

test('a partition error is the error kafkajs threw for it, so the session decides as before', () => {
  const oor = fetchError(1, 'orders', 3) as Error & { partition?: number; type?: string; retriable?: boolean };
  assert.equal(oor.name, 'KafkaJSOffsetOutOfRange');
  assert.deepEqual([oor.partition, oor.type, oor.retriable], [3, 'OFFSET_OUT_OF_RANGE', false]);
  assert.match(errorText(oor), OUT_OF_RANGE);
  for (const code of [6, 5, 74, 75, 56]) assert.match(errorText(fetchError(code, 'orders', 0)), RETRIABLE_FETCH, `code ${code}`);
  assert.match(errorText(fetchError(3, 'orders', 0)), UNKNOWN_TOPIC);
  assert.match(describeKafkaError(fetchError(29, 'orders', 0)).message, /TOPIC_AUTHORIZATION_FAILED/);
  const odd = fetchError(4242, 'orders', 0) as Error & { type?: string };
  assert.deepEqual([odd.name, odd.type, odd.message], ['KafkaJSProtocolError', 'KAFKAJS_UNKNOWN_ERROR_CODE', 'Unknown error code 4242']);
});
