// A damaged Avro array or map count must become a failure message, never an out-of-memory death of the
// process (avsc fills an array for as many items as the count says, past the end of the bytes). The crash
// case runs in a child Node with a small heap, so without the guard this test fails in seconds (the child
// dies) instead of taking the test runner's memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { avroCodec, avroType } from '../../src/kafka/serde/avroCodec';
import { avroBoundsProblem, MAX_EMPTY_ITEMS } from '../../src/kafka/serde/avroBounds';
import { prng } from '../harness/prng';

/** A varint of an already zig-zagged value. */
function zz(z: number): number[] {
  const out: number[] = [];
  while (z >= 128) {
    out.push((z % 128) | 0x80);
    z = Math.floor(z / 128);
  }
  out.push(z);
  return out;
}
/** Avro's encoding of a count: `varint(n)`; a block with its byte size first states -n (zig-zag 2n - 1). */
const varint = (n: number): number[] => zz(n * 2);
const negative = (n: number): number[] => zz(n * 2 - 1);

const ARRAY_OF_LONG = JSON.stringify({ type: 'array', items: 'long' });

test('an array count of 2^31 in five bytes is refused with what was wrong, in a child with a 96 MB heap', () => {
  const payload = Buffer.from([...varint(2 ** 31), 2, 0]);
  const codec = join(__dirname, '../../src/kafka/serde/avroCodec.js');
  const script = `
    const { avroCodec } = require(${JSON.stringify(codec)});
    try { avroCodec(${JSON.stringify(ARRAY_OF_LONG)}).decode(Buffer.from(${JSON.stringify([...payload])})); console.log('decoded'); }
    catch (e) { console.log('refused: ' + e.message); }`;
  const r = spawnSync(process.execPath, ['--max-old-space-size=96', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `the child died (signal ${String(r.signal)}): ${r.stderr.slice(-400)}`);
  assert.match(r.stdout, /^refused: an Avro array block says it holds 2147483648 items, but only 2 bytes are left and each item takes at least 1: the bytes are damaged or not this schema's \(7 bytes\)/);
});

test('maps, nested blocks, negative (sized) blocks and items of no bytes: each refused with its own figures', () => {
  const map = avroType(JSON.stringify({ type: 'map', values: 'string' }));
  assert.match(avroBoundsProblem(map, Buffer.from([...varint(1e9), 0, 0]))!, /Avro map block says it holds 1000000000 items, but only 2 bytes are left and each item takes at least 2/);
  // A record whose second field's array is damaged, inside a valid first array.
  const rec = avroType(JSON.stringify({ type: 'record', name: 'R', fields: [
    { name: 'a', type: { type: 'array', items: 'int' } },
    { name: 'b', type: { type: 'array', items: { type: 'fixed', name: 'F', size: 4 } } },
  ] }));
  assert.match(avroBoundsProblem(rec, Buffer.from([...varint(2), 2, 4, 0, ...varint(3), 1, 2, 3, 4, 5, 6, 7, 8]))!, /holds 3 items, but only 8 bytes are left and each item takes at least 4/);
  // A block with its byte size (negative count), as Java's encoder can write it.
  assert.match(avroBoundsProblem(avroType(ARRAY_OF_LONG), Buffer.from([...negative(2 ** 40), ...varint(3), 4, 0]))!, /holds 1099511627776 items, but only 2 bytes are left/);
  const nulls = avroType(JSON.stringify({ type: 'array', items: 'null' }));
  assert.equal(avroBoundsProblem(nulls, Buffer.from([...varint(5), 0])), undefined, 'five nulls take no bytes and are fine');
  assert.match(avroBoundsProblem(nulls, Buffer.from([...varint(MAX_EMPTY_ITEMS + 1), 0]))!, /holds 1000001 items of a type that takes no bytes; more than 1,000,000 is refused/);
  // Many blocks of nulls add up: avsc keeps them all.
  const blocks = Buffer.from([...Array.from({ length: 3 }, () => varint(400_000)).flat(), 0]);
  assert.match(avroBoundsProblem(nulls, blocks)!, /holds 1200000 items/);
});

test('what avsc writes is never refused: generated values of nested types, and every cut of them left to avsc', () => {
  const schemas = [
    { type: 'array', items: 'long' },
    { type: 'map', values: ['null', 'string', { type: 'array', items: 'double' }] },
    { type: 'record', name: 'Order', fields: [
      { name: 'id', type: 'long' }, { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'n', type: 'int' }, { name: 'none', type: 'null' }] } } },
      { name: 'attrs', type: { type: 'map', values: { type: 'fixed', name: 'Four', size: 4 } } },
      { name: 'when', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
      { name: 'empty', type: { type: 'array', items: 'null' } },
    ] },
  ];
  const r = prng(7);
  let refused = 0;
  let left = 0;
  for (const s of schemas) {
    const t = avroType(JSON.stringify(s));
    for (let k = 0; k < 200; k++) {
      const bytes = t.toBuffer(t.random());
      assert.equal(avroBoundsProblem(t, bytes), undefined, `${JSON.stringify(s)}: ${bytes.toString('hex')}`);
      // A cut value may be refused (a block's count no longer fits in what is left) or left to avsc, which
      // then reports it ("truncated"); either way the guard never refuses bytes avsc reads whole.
      const cut = bytes.subarray(0, Math.floor(r() * bytes.length));
      const problem = avroBoundsProblem(t, cut);
      if (problem !== undefined) {
        assert.match(problem, /block says it holds|takes no bytes/);
        assert.throws(() => t.fromBuffer(cut), Error, `refused what avsc reads: ${bytes.toString('hex')} cut to ${cut.length}`);
        refused++;
      } else left++;
    }
  }
  // Both kinds of cut occur, so each branch above was exercised.
  assert.ok(refused > 0 && left > 0, `refused ${refused}, left to avsc ${left}`);
});

test('the codec still decodes valid values and reports other damage as avsc does', () => {
  const c = avroCodec(ARRAY_OF_LONG);
  const t = avroType(ARRAY_OF_LONG);
  assert.equal(c.decode(t.toBuffer([1n, -2n, 9007199254740993n])).json, '[1,-2,9007199254740993]');
  // A count that cannot fit is named; a string cut short is avsc's to report.
  assert.throws(() => c.decode(Buffer.from([...varint(3), 2])), /block says it holds 3 items, but only 1 bytes are left/);
  assert.throws(() => avroCodec(JSON.stringify({ type: 'array', items: 'string' })).decode(Buffer.from([...varint(1), 10, 0x61, 0x62])), /truncated/);
});
