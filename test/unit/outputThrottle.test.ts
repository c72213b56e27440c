// The throttle under a fake clock: every record is either shown or counted, the count is exact,
// writes happen at most once per interval, and memory is bounded by the burst.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clock, OutputThrottle } from '../../src/kafka/consume/outputThrottle';
import { ConsumedRecord, DEFAULT_FORMAT } from '../../src/kafka/rules/recordFormat';

class FakeClock implements Clock {
  t = 0;
  timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { const id = ++this.ids; this.timers.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown): void { this.timers = this.timers.filter((x) => x.id !== h); }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

const fmt = { ...DEFAULT_FORMAT, timestamp: false, key: false, headers: false };
const recs = (partition: number, from: number, n: number): ConsumedRecord[] =>
  Array.from({ length: n }, (_, i) => ({ partition, offset: String(from + i), timestamp: '0', key: null, value: Buffer.from(`v${from + i}`), headers: {} }));

test('lines are batched into one write per flush interval', () => {
  const clock = new FakeClock();
  const writes: string[] = [];
  const t = new OutputThrottle((s) => writes.push(s), { format: fmt, flushIntervalMs: 100 }, clock);
  t.push(recs(0, 0, 3));
  t.push(recs(0, 3, 2));
  assert.equal(writes.length, 0);
  clock.advance(99);
  assert.equal(writes.length, 0);
  clock.advance(1);
  assert.deepEqual(writes, ['p0@0 v0\np0@1 v1\np0@2 v2\np0@3 v3\np0@4 v4\n']);
  assert.deepEqual(t.stats, { received: 5, shown: 5, skipped: 0 });
});

test('faster than readable: exact counts and a summary with the offsets reached', () => {
  const clock = new FakeClock();
  let out = '';
  const t = new OutputThrottle((s) => { out += s; }, { format: fmt, linesPerSecond: 100, burstLines: 10, summaryIntervalMs: 1000 }, clock);
  t.push(recs(0, 0, 50));
  t.push(recs(1, 1000, 50));
  assert.deepEqual(t.stats, { received: 100, shown: 10, skipped: 90 });
  clock.advance(100); // first flush: 10 lines, summary not yet due (interval counts from start)
  clock.advance(1000);
  assert.match(out, /… 90 records not shown \(arriving faster than readable; 90 in total\), offsets reached: p0@49, p1@1049; start again from offsets 0:10, 1:1000 \(partition:offset\) to see them\n$/);
  assert.equal(out.split('\n').filter((l) => l.startsWith('p0@')).length, 10);
  // After a quiet second the bucket has refilled: 100 more may be shown.
  t.push(recs(0, 50, 150));
  assert.deepEqual(t.stats, { received: 250, shown: 20, skipped: 230 });
  t.close();
  assert.match(out, /… 140 records not shown .*230 in total.*p0@199; start again from offset 60 \(partition 0\) to see them\n$/);
  assert.equal(t.stats.received, t.stats.shown + t.stats.skipped);
});

test('memory stays bounded: a million records leave at most the burst pending', () => {
  const clock = new FakeClock();
  let written = 0;
  const t = new OutputThrottle((s) => { written += s.length; }, { format: fmt, burstLines: 500 }, clock);
  for (let i = 0; i < 1000; i++) t.push(recs(i % 3, i * 1000, 1000));
  assert.equal(t.stats.received, 1_000_000);
  assert.equal(t.stats.shown, 500);
  t.close();
  assert.ok(written < 500 * 40 + 500, `wrote ${written} chars`);
});

test('status notes are always written, in order, and nothing is accepted after close', () => {
  const clock = new FakeClock();
  const writes: string[] = [];
  const t = new OutputThrottle((s) => writes.push(s), { format: fmt }, clock);
  t.note('reconnecting');
  t.push(recs(0, 7, 1));
  t.note('stopped');
  t.close();
  assert.deepEqual(writes, ['--- reconnecting\np0@7 v7\n--- stopped\n']);
  t.push(recs(0, 8, 1));
  t.note('late');
  clock.advance(1000);
  assert.equal(writes.length, 1);
});

test('a sink that throws (closed channel) does not break the consumer', () => {
  const clock = new FakeClock();
  const t = new OutputThrottle(() => { throw new Error('channel disposed'); }, { format: fmt }, clock);
  t.push(recs(0, 0, 2));
  assert.doesNotThrow(() => clock.advance(200));
  assert.doesNotThrow(() => t.close());
});

test('the last "not shown" line comes before the final status line, and counts use one style', () => {
  const clock = new FakeClock();
  let out = '';
  const t = new OutputThrottle((s) => { out += s; }, { format: fmt, linesPerSecond: 10, burstLines: 2 }, clock);
  t.push(recs(0, 0, 100_103));
  t.note('Stopped after 100,103 records as asked.');
  t.close();
  const lines = out.trimEnd().split('\n');
  assert.deepEqual(lines.slice(-2), [
    '… 100,101 records not shown (arriving faster than readable; 100,101 in total), offsets reached: p0@100102; start again from offset 2 (partition 0) to see them',
    '--- Stopped after 100,103 records as asked.',
  ]);
});

test('0 = no limit: every record is shown, however many and however long', () => {
  const clock = new FakeClock();
  let lines = 0;
  const t = new OutputThrottle((s) => { lines += s.split('\n').length - 1; }, { format: fmt, linesPerSecond: 0, charsPerSecond: 0 }, clock);
  const big = Buffer.from('x'.repeat(60_000));
  for (let i = 0; i < 50; i++) {
    t.push([...recs(0, i * 1000, 1000), { partition: 1, offset: String(i), timestamp: '0', key: null, value: big, headers: {} }]);
    clock.advance(100); // each flush writes what arrived: pending never holds more than one interval
  }
  t.close();
  assert.deepEqual(t.stats, { received: 50_050, shown: 50_050, skipped: 0 });
  assert.equal(lines, 50_050);
});

test('the character budget is an option: a small one skips, a large one does not', () => {
  const clock = new FakeClock();
  const value = Buffer.from('y'.repeat(1000));
  const big = Array.from({ length: 100 }, (_, i) => ({ partition: 0, offset: String(i), timestamp: '0', key: null, value, headers: {} }));
  const small = new OutputThrottle(() => undefined, { format: fmt, charsPerSecond: 10_000, burstChars: 10_000 }, clock);
  small.push(big);
  assert.ok(small.stats.skipped > 80, JSON.stringify(small.stats));
  const large = new OutputThrottle(() => undefined, { format: fmt, charsPerSecond: 10_000_000, burstChars: 20_000_000 }, clock);
  large.push(big);
  assert.equal(large.stats.skipped, 0);
});

/** Records that count how often their value and offset are read (a decoder may compute both on access). */
function watched(partitions: number[], perRun: number, runs: number): { records: ConsumedRecord[]; reads: { value: number; offset: number } } {
  const reads = { value: 0, offset: 0 };
  const records: ConsumedRecord[] = [];
  const next = new Map<number, number>();
  for (let r = 0; r < runs; r++) {
    for (const partition of partitions) {
      for (let k = 0; k < perRun; k++) {
        const off = next.get(partition) ?? 0;
        next.set(partition, off + 1);
        const value = Buffer.from(`{"p":${partition},"o":${off}}`);
        records.push({
          partition, timestamp: '0', key: null, headers: {},
          get value() { reads.value++; return value; },
          get offset() { reads.offset++; return String(off); },
        });
      }
    }
  }
  return { records, reads };
}

test('only the lines shown are formatted; skipped records are counted exactly, their offsets read only at run edges', () => {
  const clock = new FakeClock();
  let out = '';
  const t = new OutputThrottle((s) => { out += s; }, { format: { ...fmt, prettyJson: false }, linesPerSecond: 100, burstLines: 250, summaryIntervalMs: 1000 }, clock);
  // 3 partitions, runs of 500 records each, 4 rounds: 6,000 records in slices of 2,000 (as delivered).
  const { records, reads } = watched([0, 1, 2], 500, 4);
  const decoded: number[] = [];
  for (let i = 0; i < records.length; i += 2000) t.push(records.slice(i, i + 2000), (r) => { decoded.push(r.partition); return undefined; });
  assert.deepEqual(t.stats, { received: 6000, shown: 250, skipped: 5750 });
  // Each shown record's value read once (by the formatter), no skipped record's value read at all.
  assert.equal(reads.value, 250);
  assert.equal(decoded.length, 250);
  // Offsets: one per shown line, and per run of skipped records at most its first and last.
  assert.ok(reads.offset <= 250 + 2 * 12 + 2, `offsets read ${reads.offset} times`);
  t.close();
  const lines = out.trimEnd().split('\n');
  assert.equal(lines.length, 251);
  assert.deepEqual(lines.slice(0, 2), ['p0@0 {"p":0,"o":0}', 'p0@1 {"p":0,"o":1}']);
  assert.equal(lines[249], 'p0@249 {"p":0,"o":249}');
  // Where to start again is the first record not shown in each partition; reached is each one's last.
  assert.equal(lines[250], '… 5,750 records not shown (arriving faster than readable; 5,750 in total), offsets reached: p0@1999, p1@1999, p2@1999; ' +
    'start again from offsets 0:250, 1:0, 2:0 (partition:offset) to see them');
});

test('partitions interleaved record by record: the summary offsets are still exact', () => {
  const clock = new FakeClock();
  let out = '';
  const t = new OutputThrottle((s) => { out += s; }, { format: fmt, linesPerSecond: 10, burstLines: 5 }, clock);
  const { records } = watched([3, 1], 1, 1000); // 3,1,3,1,…: every record starts a run
  t.push(records);
  t.close();
  assert.deepEqual(t.stats, { received: 2000, shown: 5, skipped: 1995 });
  assert.match(out, /… 1,995 records not shown .* offsets reached: p1@999, p3@999; start again from offsets 1:2, 3:3 \(partition:offset\) to see them\n$/);
});

test('with no line limit, lines are written once enough is pending, not held for the whole interval', () => {
  const clock = new FakeClock();
  const writes: string[] = [];
  const t = new OutputThrottle((s) => writes.push(s), { format: fmt, linesPerSecond: 0, charsPerSecond: 0, maxPendingChars: 1000 }, clock);
  t.push(recs(0, 0, 500)); // "p0@123 v123" ≈ 12 chars a line: ~6,000 chars
  assert.ok(writes.length >= 5, `${writes.length} writes`);
  assert.ok(writes.every((w) => w.length < 1100 && w.endsWith('\n')));
  t.close();
  const lines = writes.join('').trimEnd().split('\n');
  assert.deepEqual(lines, Array.from({ length: 500 }, (_, i) => `p0@${i} v${i}`));
});
