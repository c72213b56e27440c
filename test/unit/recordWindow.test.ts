// The browser's window: a ring buffer with exact counts of what was read and what fell out, and the
// filter's indexes into it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordWindow } from '../../src/kafka/browse/recordWindow';
import { compileFilter, CompiledFilter } from '../../src/kafka/rules/recordFilter';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

const rec = (i: number, value: string | null = `v${i}`): ConsumedRecord => ({
  partition: i % 3, offset: String(i), timestamp: String(1_700_000_000_000 + i), key: null, value: value === null ? null : Buffer.from(value), headers: {},
});
const ok = (f: CompiledFilter): CompiledFilter & { ok: true } => { assert.ok(f.ok, JSON.stringify(f)); return f; };

test('window: holds up to its bound, oldest fall out, counts exact', () => {
  const w = new RecordWindow(5);
  assert.equal(w.maxRecords, 5);
  w.push([rec(0), rec(1), rec(2)]);
  assert.deepEqual([w.size, w.read, w.evicted], [3, 3, 0]);
  w.push([rec(3), rec(4), rec(5), rec(6)]);
  assert.deepEqual([w.size, w.read, w.evicted], [5, 7, 2]);
  assert.deepEqual(Array.from({ length: w.size }, (_, i) => w.at(i).offset), ['2', '3', '4', '5', '6']);
  // A batch larger than the window: only its last records stay.
  w.push(Array.from({ length: 12 }, (_, i) => rec(7 + i)));
  assert.deepEqual([w.size, w.read, w.evicted], [5, 19, 14]);
  assert.deepEqual(Array.from({ length: w.size }, (_, i) => w.at(i).offset), ['14', '15', '16', '17', '18']);
  w.push([]);
  assert.equal(w.read, 19);
  w.clear();
  assert.deepEqual([w.size, w.read, w.evicted], [0, 0, 0]);
});

test('window: bounds and indexes are checked with a specific message', () => {
  assert.throws(() => new RecordWindow(0), /the window holds 1 to 100,000 records, not 0/);
  assert.throws(() => new RecordWindow(100_001), /not 100001/);
  assert.throws(() => new RecordWindow(2.5), /not 2.5/);
  const w = new RecordWindow(3);
  w.push([rec(0)]);
  assert.throws(() => w.at(1), /no record 1 in the window: it holds 1 \(0 to 0\)/);
  assert.throws(() => w.at(-1), /no record -1/);
});

test('window filter: exact indexes in window order, after wrapping', () => {
  const w = new RecordWindow(10);
  w.push(Array.from({ length: 25 }, (_, i) => rec(i, i % 4 === 0 ? `{"n":${i}}` : i % 7 === 0 ? null : `text ${i}`)));
  const idx = w.filter(ok(compileFilter({ json: 'n >= 16' })));
  assert.deepEqual(Array.from(idx, (i) => w.at(i).offset), ['16', '20', '24']);
  assert.ok(idx instanceof Uint32Array);
  const all = w.filter(ok(compileFilter({})));
  assert.deepEqual(Array.from(all), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const p1 = w.filter(ok(compileFilter({ partitions: [1] })));
  assert.deepEqual(Array.from(p1, (i) => w.at(i).partition), [1, 1, 1]);
  // Case-insensitive: "text 15", "text 17", "text 18", "text 19" (16 is JSON, 21 a tombstone).
  assert.deepEqual(Array.from(w.filter(ok(compileFilter({ text: 'TEXT 1' }))), (i) => w.at(i).offset), ['15', '17', '18', '19']);
});
