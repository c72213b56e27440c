// The export range a person types, as scan positions, and every refusal's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from '../../src/kafka/rules/exportRange';

const NOW = Date.parse('2026-01-01T12:00:00Z');

test('ranges become a start position and an end', () => {
  assert.deepEqual(parseRange({ kind: 'all' }, NOW), { value: { from: { kind: 'beginning' }, to: { kind: 'end' }, text: 'from the beginning to the end' } });
  assert.deepEqual(parseRange({ kind: 'last', count: '1,000' }, NOW), { value: { from: { kind: 'last', count: 1000 }, to: { kind: 'end' }, text: 'the last 1,000 of each partition' } });
  assert.deepEqual(parseRange({ kind: 'since', from: '15 minutes ago' }, NOW), { value: { from: { kind: 'timestamp', timestampMs: NOW - 900_000 }, to: { kind: 'end' }, text: 'from 2026-01-01T11:45:00.000Z to the end' } });
  assert.deepEqual(parseRange({ kind: 'between', from: '2 hours ago', to: 'now' }, NOW), { value: { from: { kind: 'timestamp', timestampMs: NOW - 7_200_000 }, to: { kind: 'timestamp', ms: NOW }, text: 'from 2026-01-01T10:00:00.000Z to 2026-01-01T12:00:00.000Z' } });
});

test('a bad range says what is wrong', () => {
  assert.deepEqual(parseRange({ kind: 'between', from: '1 hour ago', to: '2 hours ago' }, NOW), { error: 'the range ends (2026-01-01T10:00:00.000Z) before it starts (2026-01-01T11:00:00.000Z): the end comes after the start' });
  assert.deepEqual(parseRange({ kind: 'between', from: '2027-01-01T00:00Z', to: 'now' }, NOW), { error: 'from: 2027-01-01T00:00:00.000Z is in the future: no record can have that timestamp yet. Use "latest" to wait for new records.' });
  assert.deepEqual(parseRange({ kind: 'between', from: '1 hour ago', to: 'soon' }, NOW), { error: 'to: "soon" is not a date/time: write e.g. 2024-05-01T13:00, 2024-05-01 13:00:00Z, 1714568400000 or "15 minutes ago"' });
  assert.deepEqual(parseRange({ kind: 'last', count: '0' }, NOW), { error: '"0" is not a positive whole number: enter how many of the newest records of each partition to show, e.g. 100' });
  assert.deepEqual(parseRange({ kind: 'nope' } as never, NOW), { error: '"nope" is not a range: use all, last, since or between' });
});
