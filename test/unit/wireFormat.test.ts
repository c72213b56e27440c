// The Confluent frame: magic 0, big-endian id, and for Protobuf the message indexes as zigzag varints
// ([0] as the single byte 0) — byte for byte as Confluent's serializers write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, parseFrame } from '../../src/kafka/serde/wireFormat';

test('Avro/JSON frame: magic 0, int32 id big-endian, payload', () => {
  const b = frame(0x01020304, Buffer.from('ab'));
  assert.equal(b.toString('hex'), '00010203046162');
  assert.deepEqual(parseFrame(b), { id: 0x01020304, payload: Buffer.from('ab') });
  assert.equal(parseFrame(Buffer.from('7b7d', 'hex')), undefined);
  assert.equal(parseFrame(Buffer.from('00000001', 'hex')), undefined, 'shorter than the 5-byte header');
});

test('Protobuf message indexes: [0] is one 0 byte; [1] is count 1 (0x02) then 1 (0x02); nested [2,1,70] zigzag', () => {
  assert.equal(frame(7, Buffer.from([0x08, 0x01]), [0]).toString('hex'), '0000000007000801');
  assert.equal(frame(7, Buffer.alloc(0), [1]).toString('hex'), '00000000070202');
  assert.equal(frame(7, Buffer.alloc(0), [2, 1, 70]).toString('hex'), '0000000007060402' + '8c01');
  for (const idx of [[0], [1], [0, 0], [3, 2], [2, 1, 70], [300]]) {
    const f = parseFrame(frame(9, Buffer.from([0x0a, 0x00]), idx), true);
    assert.deepEqual(f?.indexes, idx);
    assert.deepEqual(f?.payload, Buffer.from([0x0a, 0x00]));
    assert.equal(f?.badIndexes, undefined);
  }
  // A count that is negative (a protobuf field tag where the indexes should be) or indexes cut short.
  assert.equal(parseFrame(Buffer.from('00000000070a0161', 'hex'), true)?.badIndexes, true);
  assert.equal(parseFrame(Buffer.from('000000000704', 'hex'), true)?.badIndexes, true);
});
