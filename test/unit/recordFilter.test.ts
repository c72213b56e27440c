// The filter language: text, regex, scopes, JSON conditions (exact 64-bit integers), partitions, time;
// every kind of bad input with its exact message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, CompiledFilter, FilterSpec, recordSize } from '../../src/kafka/rules/recordFilter';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

const NOW = Date.UTC(2024, 4, 1, 12);
const rec = (value: string | Buffer | null, o: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  partition: 0, offset: '0', timestamp: String(NOW - 1000), key: null, headers: {},
  value: value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(value), ...o,
});
const sel = (spec: FilterSpec, records: ConsumedRecord[]): number[] => {
  const f = compileFilter(spec, NOW);
  assert.ok(f.ok, JSON.stringify(f));
  return records.map((r, i) => (f.test(r) ? i : -1)).filter((i) => i >= 0);
};
const err = (spec: FilterSpec): { field: string; error: string } => {
  const f: CompiledFilter = compileFilter(spec, NOW);
  assert.equal(f.ok, false, `expected an error for ${JSON.stringify(spec)}`);
  return f.ok ? { field: '', error: '' } : { field: f.field, error: f.error };
};

test('json: comparisons, paths, in, contains, exists, and/or/not', () => {
  const rs = [
    rec('{"user":{"id":42,"name":"Ada"},"amount":150.5,"status":"failed","items":[{"sku":"A"},{"sku":"B"}],"odd key":true}'),
    rec('{"user":{"id":7},"amount":99,"status":"ok","items":[]}'),
    rec('{"user":{"id":"42"},"amount":null,"status":"timeout"}'),
    rec('not json {"user":{"id":42}}'),
    rec(null),
    rec('[1,2,3]'),
  ];
  assert.deepEqual(sel({ json: 'user.id == 42' }, rs), [0]);
  assert.deepEqual(sel({ json: 'user.id == "42"' }, rs), [2]);
  assert.deepEqual(sel({ json: 'amount > 100' }, rs), [0]);
  assert.deepEqual(sel({ json: 'amount <= 99' }, rs), [1]);
  assert.deepEqual(sel({ json: 'status in ("failed","timeout")' }, rs), [0, 2]);
  assert.deepEqual(sel({ json: "status in ('failed')" }, rs), [0]);
  assert.deepEqual(sel({ json: 'items[1].sku == "B"' }, rs), [0]);
  assert.deepEqual(sel({ json: '["odd key"] == true' }, rs), [0]);
  assert.deepEqual(sel({ json: 'user.name contains "d"' }, rs), [0]);
  assert.deepEqual(sel({ json: 'amount exists' }, rs), [0, 1, 2]);
  // A missing field compares as null (as in jq); exists tells them apart.
  assert.deepEqual(sel({ json: 'amount == null' }, rs), [2, 5]);
  assert.deepEqual(sel({ json: 'not amount exists' }, rs), [5]);
  assert.deepEqual(sel({ json: '[0] == 1' }, rs), [5]);
  assert.deepEqual(sel({ json: 'status != "ok" && !(user.id == "42")' }, rs), [0, 5]); // 5: both fields missing
  assert.deepEqual(sel({ json: 'status == "ok" or amount > 150 and user.id == 42' }, rs), [0, 1]);
  assert.deepEqual(sel({ json: '.user.id < 10' }, rs), [1]);
});

test('json: 64-bit integers compare exactly, not through rounded numbers', () => {
  const rs = [rec('{"id":9007199254740993}'), rec('{"id":9007199254740992}'), rec('{"id":-9223372036854775808}'), rec('{"id":9007199254740993.0}')];
  // A decimal is compared as a double: 9007199254740993.0 is the double 9007199254740992, as is the literal.
  assert.deepEqual(sel({ json: 'id == 9007199254740993' }, rs), [0, 3]);
  assert.deepEqual(sel({ json: 'id > 9007199254740992' }, rs), [0]);
  assert.deepEqual(sel({ json: 'id < -9223372036854775807' }, rs), [2]);
  assert.deepEqual(sel({ json: 'id != 9007199254740993' }, rs), [1, 2]);
});

test('bad input: each a specific message, with its field', () => {
  assert.deepEqual(err({ text: '(', regex: true }), { field: 'text', error: 'not a valid regular expression: Unterminated group' });
  assert.deepEqual(err({ text: '/a/q', regex: true }), { field: 'text', error: 'not a valid regular expression: unknown flag in "q" (use d, i, m, s, u or v)' });
  assert.deepEqual(err({ json: 'user.id = 42' }), { field: 'json', error: 'column 9: "=" is not an operator: write == to compare' });
  assert.deepEqual(err({ json: 'user.id ==' }), { field: 'json', error: 'column 11: expected a value (a number, a "string", true, false or null) after "==", found the end of the condition' });
  assert.deepEqual(err({ json: 'status in "a"' }), { field: 'json', error: 'column 11: expected "(" after in, as in status in ("failed", "timeout"), found ""a""' });
  assert.deepEqual(err({ json: 'a == "x' }), { field: 'json', error: 'column 6: the string that starts here has no closing "' });
  assert.deepEqual(err({ json: 'a b' }), { field: 'json', error: 'column 3: expected an operator (==, !=, >, >=, <, <=, in (…), contains "…" or exists) after a, found "b"' });
  assert.deepEqual(err({ json: '(a == 1' }), { field: 'json', error: 'column 8: expected ")" or and/or, found the end of the condition' });
  assert.deepEqual(err({ partitions: [-1] }), { field: 'partitions', error: '-1 is not a partition number: partitions are whole numbers from 0' });
  assert.deepEqual(err({ partitions: [] }), { field: 'partitions', error: 'no partition selected: choose at least one, or leave the partitions unset for all' });
  assert.deepEqual(err({ fromMs: NOW + 3_600_000 }), { field: 'time', error: 'the time range starts at 2024-05-01T13:00:00.000Z, in the future: no record can have that timestamp yet' });
});

test('recordSize: key + value + header names and values, in UTF-8 bytes', () => {
  assert.equal(recordSize(rec(null)), 0);
  assert.equal(recordSize(rec('héllo', { key: Buffer.from([0xff, 0xfe]), headers: { 'ü': 'ab', h: [Buffer.from('x'), 'yz'] } })), 6 + 2 + (2 + 2) + (1 + 1) + (1 + 2));
});
