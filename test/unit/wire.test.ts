// Kafka's wire encodings as our own requests use them: ConsumerGroupDescribe (API 69, flexible) and
// OffsetDelete (API 47, classic), checked byte for byte against the message schemas, including unknown
// tagged fields (which a newer broker may add and we must skip) and v1's MemberType.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WireReader, WireWriter } from '../../src/kafka/protocol/wire';
import { decodeConsumerGroupDescribe, encodeConsumerGroupDescribe } from '../../src/kafka/protocol/consumerGroupDescribe';
import { decodeOffsetDelete, encodeOffsetDelete } from '../../src/kafka/protocol/offsetDelete';

test('wire primitives: uvarint, compact and classic strings, nulls, tags', () => {
  const b = new WireWriter().uvarint(300).compactString('ab').compactString(null).string('xy').string(null).int64(-2n).bytes();
  assert.deepEqual([...b], [0xac, 0x02, 3, 0x61, 0x62, 0, 0, 2, 0x78, 0x79, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
  const r = new WireReader(b);
  assert.deepEqual([r.uvarint(), r.compactString(), r.compactString(), r.string(), r.string(), r.int64()], [300, 'ab', null, 'xy', null, -2n]);
  assert.throws(() => new WireReader(Buffer.from([5, 0x61])).compactString(), /malformed response: compact string needs 4 bytes at offset 1, 1 left/);
});

test('ConsumerGroupDescribe request: compact array of group ids, IncludeAuthorizedOperations, empty tags', () => {
  assert.deepEqual([...encodeConsumerGroupDescribe(['g1', 'g'])], [3, 3, 0x67, 0x31, 2, 0x67, 0, 0]);
});

const tp = (w: WireWriter, name: string, parts: number[], tags = false): void => {
  w.int64(0x0123456789abcdefn).int64(-1n).compactString(name).compactArray(parts, (x, p) => { x.int32(p); });
  // An unknown tagged field (tag 7, 2 bytes) inside a struct: must be skipped.
  if (tags) w.uvarint(1).uvarint(7).uvarint(2).int16(0); else w.noTags();
};

function response(version: number): Buffer {
  const w = new WireWriter().int32(0);
  w.compactArray([0], (g) => {
    g.int16(0).compactString(null).compactString('orders-app').compactString('Stable').int32(5).int32(5).compactString('uniform');
    g.compactArray([0], (m) => {
      m.compactString('m-1').compactString(null).compactString('rack-a').int32(5).compactString('java-848').compactString('/127.0.0.1');
      m.compactArray(['orders'], (x, t) => { x.compactString(t); }).compactString(null);
      m.compactArray([0], (a) => { tp(a, 'orders', [1, 0], true); }).noTags(); // Assignment
      m.compactArray([0], (a) => { tp(a, 'orders', [0, 1]); }).noTags(); // TargetAssignment
      if (version >= 1) m.int8(1);
      m.noTags();
    });
    g.int32(-2147483648).noTags();
  });
  return w.noTags().bytes();
}

test('ConsumerGroupDescribe response v0 and v1: members, assignments with topic ids and names, unknown tags skipped', () => {
  for (const v of [0, 1]) {
    const res = decodeConsumerGroupDescribe(response(v), v);
    assert.equal(res.groups.length, 1);
    const g = res.groups[0];
    assert.deepEqual([g.errorCode, g.groupId, g.groupState, g.groupEpoch, g.assignorName, g.authorizedOperations], [0, 'orders-app', 'Stable', 5, 'uniform', -2147483648]);
    const m = g.members[0];
    assert.deepEqual([m.memberId, m.instanceId, m.rackId, m.clientId, m.clientHost, m.subscribedTopicNames, m.memberType],
      ['m-1', null, 'rack-a', 'java-848', '/127.0.0.1', ['orders'], v >= 1 ? 1 : undefined]);
    assert.deepEqual(m.assignment, [{ topicId: '0123456789abcdefffffffffffffffff', topicName: 'orders', partitions: [1, 0] }]);
    assert.deepEqual(m.targetAssignment[0].partitions, [0, 1]);
  }
  // A v1 body read as v0 leaves MemberType where the member's tags should be: a clear error, not garbage.
  assert.throws(() => decodeConsumerGroupDescribe(response(1), 0), /malformed response/);
});

test('ConsumerGroupDescribe error for a classic group: GROUP_ID_NOT_FOUND with its message', () => {
  const w = new WireWriter().int32(0).compactArray([0], (g) => {
    g.int16(69).compactString('Group g is not a consumer group.').compactString('g').compactString('').int32(0).int32(0).compactString('');
    g.compactArray([], () => undefined).int32(-2147483648).noTags();
  }).noTags();
  const g = decodeConsumerGroupDescribe(w.bytes(), 1).groups[0];
  assert.deepEqual([g.errorCode, g.errorMessage, g.members], [69, 'Group g is not a consumer group.', []]);
});

test('OffsetDelete v0: classic strings and arrays; partition errors decoded', () => {
  assert.deepEqual([...encodeOffsetDelete('g', [{ name: 't', partitions: [0, 2] }])],
    [0, 1, 0x67, 0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2]);
  const body = new WireWriter().int16(0).int32(0).array([0], (w) => {
    w.string('t').array([[0, 0], [2, 86]], (p, [i, e]) => { p.int32(i).int16(e); });
  }).bytes();
  assert.deepEqual(decodeOffsetDelete(body), { errorCode: 0, throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partition: 0, errorCode: 0 }, { partition: 2, errorCode: 86 }] }] });
});
