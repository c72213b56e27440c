// Delivery hands every record over once, in order, in slices small enough to format without blocking:
// at most 2,000 records, and at most 256 KiB of keys and values unless one record alone is larger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryQueue } from '../../src/kafka/consume/deliveryQueue';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

const rec = (offset: number, bytes: number): ConsumedRecord => ({
  partition: 0, offset: String(offset), timestamp: '0', key: offset % 2 ? null : Buffer.alloc(10), value: bytes < 0 ? null : Buffer.alloc(bytes), headers: {},
});

test('slices: by count for small records, by bytes for large ones, every record once and in order', async () => {
  const slices: ConsumedRecord[][] = [];
  const q = new DeliveryQueue((r) => { slices.push(r); });
  const sizes = [...Array(4500).fill(100), ...Array(10).fill(100_000), 1_000_000, -1, ...Array(30).fill(20_000), 300_000];
  let offset = 0;
  const batches = [sizes.slice(0, 3000), sizes.slice(3000)].map((b) => b.map((s) => rec(offset++, s)));
  await Promise.all(batches.map((b) => q.deliver(b)));
  const seen = slices.flat().map((r) => Number(r.offset));
  assert.deepEqual(seen, Array.from({ length: sizes.length }, (_, i) => i));
  assert.equal(q.delivered, sizes.length);
  const bytes = (s: ConsumedRecord[]): number => s.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0);
  for (const s of slices) {
    assert.ok(s.length <= 2000, `${s.length} records`);
    assert.ok(s.length === 1 || bytes(s) <= 256 * 1024, `${s.length} records, ${bytes(s)} bytes`);
  }
  // The small records go 2,000 at a time (no batch is merged with the next); the bytes bound ends the third.
  assert.deepEqual(slices.slice(0, 3).map((s) => s.length), [2000, 1000, 1501]);
  // A record larger than the bound goes alone.
  assert.ok(slices.some((s) => s.length === 1 && s[0].value?.length === 1_000_000));
});
