// Delivery hands every record over once, in order, in slices small enough to format without blocking:
// at most 2,000 records (the first slices fewer: 125, then doubling, while the formatter is still cold), and
// at most 256 KiB of keys and values unless one record alone is larger.
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
  // The first slices grow from 125 by doubling, then small records go 2,000 at a time (no batch is merged
  // with the next); the bytes bound ends the one after the first batch.
  assert.deepEqual(slices.slice(0, 7).map((s) => s.length), [125, 250, 500, 1000, 1125, 1501, 2]);
  // A record larger than the bound goes alone.
  assert.ok(slices.some((s) => s.length === 1 && s[0].value?.length === 1_000_000));
});

test('a record that says its held bytes is measured by them, its key and value never read', async () => {
  const slices: ConsumedRecord[][] = [];
  const q = new DeliveryQueue((r) => { slices.push(r); });
  // As LeanRecord: reading key or value would make Buffer views for records the throttle only counts.
  const held = (offset: number, heldBytes: number): ConsumedRecord => ({
    partition: 0, offset: String(offset), timestamp: '0', headers: {}, heldBytes,
    get key(): Buffer | null { throw new Error(`key of ${offset} read`); },
    get value(): Buffer | null { throw new Error(`value of ${offset} read`); },
  });
  const sizes = [...Array(4000).fill(50), ...Array(4).fill(100_000)];
  await q.deliver(sizes.map((n, i) => held(i, n)));
  assert.equal(q.delivered, sizes.length);
  // 125 + 250 + 500 + 1,000 + 2,000 small ones, then 125 small and two large (the bytes bound), then two large.
  assert.deepEqual(slices.map((s) => s.length), [125, 250, 500, 1000, 2000, 127, 2]);
});
