// fewBytes.ts's writers against what they stand in for: String(n)'s digits and Buffer#copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFew, digitCount, writeDigits } from '../../src/kafka/rules/fewBytes';
import { prng } from '../harness/prng';

test('writeDigits spells every non-negative safe integer as String(n) does, at any position', () => {
  const r = prng(16);
  const edges = [0, -0, 1, 9, 10, 99, 100, 2147483647, 2147483648, 4294967296, 1764772200123, 9007199254740990, 9007199254740991];
  for (let p = 0; p < 16; p++) edges.push(10 ** p, 10 ** p - 1);
  const values = [...edges, ...Array.from({ length: 5000 }, (_, k) => Math.floor(r() * 10 ** (1 + (k % 16))) % (Number.MAX_SAFE_INTEGER + 1))];
  const o = Buffer.alloc(40, 0x78);
  for (const n of values) {
    const len = digitCount(n);
    const at = n % 7;
    o.fill(0x78);
    assert.equal(writeDigits(o, at, n, len), at + len);
    assert.equal(o.toString('latin1'), 'x'.repeat(at) + String(n) + 'x'.repeat(40 - at - len), `n = ${n}`);
  }
});

test('copyFew copies short and long byte runs exactly, and nothing past them', () => {
  for (const n of [0, 1, 15, 64, 65, 300]) {
    const b = Buffer.from(Array.from({ length: n }, (_, k) => (k * 31 + 7) & 0xff));
    const o = Buffer.alloc(n + 10, 0xee);
    assert.equal(copyFew(b, o, 3), 3 + n);
    assert.deepEqual(o.subarray(3, 3 + n), b);
    assert.ok(o.subarray(0, 3).every((x) => x === 0xee) && o.subarray(3 + n).every((x) => x === 0xee));
  }
});
