// Watch Lag's history: a ring buffer of lag samples that keeps the last 30 minutes (and never more than its
// capacity), sums per-partition lag exactly as int64, orders partitions as people count them, and the
// setting and webview messages it depends on refuse bad input with a specific message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  comparePartitionKeys, DEFAULT_WINDOW_MS, LagHistory, lagTrend, sampleOf, sampleSecondsFrom,
} from '../../src/kafka/rules/lagHistory';
import { parseToHost } from '../../src/lag/protocol';

const MIN = 60_000;
const s = (t: number, total: number, per: Record<string, string> = {}): ReturnType<typeof sampleOf> => ({ t, total: String(total), perPartition: per });

test('a sample sums its partitions exactly (int64 beyond 2^53) and keys them topic/partition', () => {
  const x = sampleOf(5, [
    { topic: 'orders', partition: 0, lag: '9007199254740993' },
    { topic: 'orders', partition: 1, lag: '7' },
    { topic: 'pay.v1', partition: 0, lag: '0' },
  ]);
  assert.deepEqual(x, { t: 5, total: '9007199254741000', perPartition: { 'orders/0': '9007199254740993', 'orders/1': '7', 'pay.v1/0': '0' } });
  assert.deepEqual(sampleOf(1, []), { t: 1, total: '0', perPartition: {} });
});

test('keeps the last 30 minutes: older samples fall out as new ones arrive, oldest first', () => {
  assert.equal(DEFAULT_WINDOW_MS, 30 * MIN);
  const h = new LagHistory();
  for (let i = 0; i <= 40; i++) h.push(s(i * MIN, i));
  const kept = h.samples();
  assert.equal(kept[0].t, 10 * MIN, 'exactly 30 minutes back from the newest is still kept');
  assert.equal(kept[kept.length - 1].t, 40 * MIN);
  assert.equal(h.size, 31);
  assert.deepEqual(kept.map((x) => x.t), [...kept.map((x) => x.t)].sort((a, b) => a - b));
  h.prune(45 * MIN);
  assert.equal(h.samples()[0].t, 15 * MIN, 'prune(now) drops what the window left behind even without a new sample');
  h.prune(100 * MIN);
  assert.equal(h.size, 0);
  assert.equal(h.latest(), undefined);
});

test('the capacity bounds memory whatever the rate: the oldest sample goes first, and wrapping keeps the order', () => {
  const h = new LagHistory(DEFAULT_WINDOW_MS, 5);
  for (let i = 0; i < 12; i++) h.push(s(i * 1000, i));
  assert.equal(h.size, 5);
  assert.deepEqual(h.samples().map((x) => x.total), ['7', '8', '9', '10', '11']);
  assert.equal(h.latest()?.total, '11');
  assert.throws(() => new LagHistory(0), /positive window and capacity/);
  assert.throws(() => new LagHistory(1000, 0), /positive window and capacity/);
});

test('a clock set back starts the history afresh (the time axis only goes forward)', () => {
  const h = new LagHistory();
  h.push(s(10 * MIN, 1));
  h.push(s(11 * MIN, 2));
  h.push(s(5 * MIN, 3));
  assert.deepEqual(h.samples().map((x) => x.total), ['3']);
  h.clear();
  assert.equal(h.size, 0);
});

test('partitions: every key seen in the window, by topic then partition number (2 before 10)', () => {
  const h = new LagHistory();
  h.push(s(1, 0, { 'b/10': '1', 'b/2': '1' }));
  h.push(s(2, 0, { 'a/1': '1', 'b/2': '3' }));
  assert.deepEqual(h.partitions(), ['a/1', 'b/2', 'b/10']);
  assert.ok(comparePartitionKeys('t.x/9', 't.x/10') < 0);
  assert.ok(comparePartitionKeys('a/b/3', 'a/c/0') < 0, 'a topic name may not contain "/", but the key splits at the last one anyway');
});

test('trend: rising, falling or steady between the first and last sample held', () => {
  assert.equal(lagTrend([]), 'unknown');
  assert.equal(lagTrend([s(1, 5)]), 'unknown');
  assert.equal(lagTrend([s(1, 5), s(2, 9)]), 'rising');
  assert.equal(lagTrend([s(1, 5), s(2, 9), s(3, 0)]), 'falling');
  assert.equal(lagTrend([s(1, 5), s(2, 5)]), 'steady');
});

test('kafkaDev.lag.sampleSeconds: 1 to 300 seconds; anything else falls back to 5 and says why', () => {
  assert.deepEqual(sampleSecondsFrom(undefined), { value: 5 });
  assert.deepEqual(sampleSecondsFrom(1), { value: 1 });
  assert.deepEqual(sampleSecondsFrom(2.5), { value: 2.5 });
  for (const bad of [0, 301, '5', Number.NaN, true]) {
    const r = sampleSecondsFrom(bad);
    assert.equal(r.value, 5);
    assert.match(r.problem!.message, /^kafkaDev\.lag\.sampleSeconds must be a number of seconds from 1 to 300 \(without quotes\), got .+\. Using 5 until it is fixed\.$/);
  }
});

test('the webview may only say it is ready; anything else is named and ignored', () => {
  assert.deepEqual(parseToHost({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseToHost({ type: 'sample' }), { invalid: 'unknown message type "sample"' });
  assert.deepEqual(parseToHost(null), { invalid: 'not an object' });
  assert.deepEqual(parseToHost([]), { invalid: 'not an object' });
});
