// The line's prefix written as bytes (prefixBytes.ts) must be recordPrefix's string, byte for byte: the ISO
// timestamp reused within a second (only its milliseconds patched), across second, minute, day and year
// boundaries, back and forth in time, for timestamps Date cannot show, and for odd offsets and partitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineBytes } from '../../src/kafka/rules/lineBytes';
import { positionInto, timestampInto } from '../../src/kafka/rules/prefixBytes';
import { ConsumedRecord, DEFAULT_FORMAT, formatRecord, formatRecordInto, FormatOptions } from '../../src/kafka/rules/recordFormat';
import { prng } from '../harness/prng';

/** What isoTime shows for a timestamp string: its ISO text, or ts=… when Date cannot show it. */
function expectedTime(ms: string): string {
  const n = Number(ms);
  return !Number.isFinite(n) || n < 0 || n > 8.64e15 ? `ts=${ms}` : new Date(n).toISOString();
}

const edges = [
  0, 1, 999, 1000, 1001, 59_999, 60_000, 86_399_999, 86_400_000, 946_684_799_999, 946_684_800_000, 1_700_000_000_000,
  1_764_768_078_478, 1_764_768_079_000, 1_764_806_399_999, 1_764_806_400_000, 253_402_300_799_999, 253_402_300_800_000,
  8.64e15 - 1, 8.64e15,
];
const odd = ['-1', '-1000', '8640000000000001', '1e400', 'NaN', '', ' ', '1.5', '1000.999', '999.5', '0x10', '1e3', 'abc', '１２', 'grüße',
  '-0', '00001700000000000', '1700000000000.0'];

function timestamps(): string[] {
  const out: string[] = [];
  for (const e of edges) for (const d of [-2, -1, 0, 1, 2]) if (e + d >= 0) out.push(String(e + d));
  out.push(...odd);
  // Runs within one second and over its end, as a batch's records are, then back to an earlier second.
  const r = prng(7);
  let t = 1_764_768_078_400;
  for (let k = 0; k < 3000; k++) {
    t += Math.floor(r() * 4);
    out.push(String(t));
    if (k % 500 === 499) out.push(String(t - 1500), String(t - 1000), String(t - 999), odd[k % odd.length], String(t));
  }
  for (let k = 0; k < 2000; k++) out.push(String(Math.floor(r() * 8.64e15)), String(Math.floor(r() * 2e12)), String(Math.floor(r() * 3000)));
  return out;
}

test('timestampInto writes isoTime\'s text then a space, in any order of timestamps', () => {
  const out = new LineBytes();
  let expected = '';
  let n = 0;
  for (const ms of timestamps()) {
    const text = `${expectedTime(ms)} `;
    assert.equal(timestampInto(out, ms), text.length, ms);
    expected += text;
    // The same timestamp twice in a row (the cached text) and a line break between.
    assert.equal(timestampInto(out, ms), text.length, ms);
    expected += `${text}\n`;
    out.byte(0x0a);
    if (++n % 301 === 0) { assert.equal(out.take(), expected); expected = ''; }
  }
  assert.equal(out.take(), expected);
});

test('positionInto writes recordPrefix\'s partition and offset part', () => {
  const out = new LineBytes();
  for (const partition of [0, 3, 9, 10, 127, 2 ** 31 - 1, -1]) {
    for (const offset of ['0', '42', '9007199254740993', '9223372036854775807', '-1', 'ß', '']) {
      for (const [p, o] of [[true, true], [true, false], [false, true], [false, false]] as const) {
        const text = p && o ? `p${partition}@${offset} ` : p ? `p${partition} ` : o ? `@${offset} ` : '';
        assert.equal(positionInto(out, partition, offset, p, o), text.length);
        assert.equal(out.take(), Buffer.from(text).toString('utf8'));
      }
    }
  }
});

test('formatRecordInto\'s prefix is formatRecord\'s for generated timestamps, positions and options', () => {
  const options: FormatOptions[] = [
    DEFAULT_FORMAT, { ...DEFAULT_FORMAT, partition: false }, { ...DEFAULT_FORMAT, offset: false }, { ...DEFAULT_FORMAT, timestamp: false },
    { ...DEFAULT_FORMAT, showAbsent: true }, { ...DEFAULT_FORMAT, partition: false, offset: false, prettyJson: false },
  ];
  const all = timestamps();
  const out = new LineBytes();
  let expected = '';
  all.forEach((ts, k) => {
    const o = options[k % options.length];
    const r: ConsumedRecord = {
      partition: k % 5, offset: String(k * 7919), timestamp: ts, key: k % 3 === 0 ? Buffer.from(`k${k}`) : null,
      value: k % 2 === 0 ? Buffer.from(`{"id":${k},"s":"grüße"}`) : Buffer.from('plain'), headers: k % 4 === 0 ? { h: Buffer.from('v') } : {},
    };
    const line = formatRecord(r, o);
    assert.equal(formatRecordInto(out, r, o), line.length, line);
    out.byte(0x0a);
    expected += `${line}\n`;
    if (k % 211 === 0) { assert.equal(out.take(), expected); expected = ''; }
  });
  assert.equal(out.take(), expected);
});
