// What a person types for a reset (a time, an offset, a shift) becomes a ResetKind or a message that
// says what was wrong and gives an example; times read as Kafka's tools read them (no zone = UTC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResetKind, resetKindText } from '../../src/kafka/rules/resetSpec';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const err = (r: ReturnType<typeof parseResetKind>): string => ('error' in r ? r.error : `no error: ${JSON.stringify(r.value)}`);

test('earliest and latest take no input', () => {
  assert.deepEqual(parseResetKind('earliest', 'whatever'), { value: { kind: 'earliest' } });
  assert.deepEqual(parseResetKind('latest', ''), { value: { kind: 'latest' } });
});

test('timestamp: ISO with or without zone (none = UTC, as Kafka), epoch ms, "N unit ago"', () => {
  assert.deepEqual(parseResetKind('timestamp', '2024-05-01T10:00:00Z', NOW), { value: { kind: 'timestamp', ms: Date.UTC(2024, 4, 1, 10) } });
  assert.deepEqual(parseResetKind('timestamp', '2024-05-01T10:00:00.000', NOW), { value: { kind: 'timestamp', ms: Date.UTC(2024, 4, 1, 10) } });
  assert.deepEqual(parseResetKind('timestamp', '2024-05-01T10:00:00+02:00', NOW), { value: { kind: 'timestamp', ms: Date.UTC(2024, 4, 1, 8) } });
  assert.deepEqual(parseResetKind('timestamp', '2024-05-01', NOW), { value: { kind: 'timestamp', ms: Date.UTC(2024, 4, 1) } });
  assert.deepEqual(parseResetKind('timestamp', '1714564800000', NOW), { value: { kind: 'timestamp', ms: 1714564800000 } });
  assert.deepEqual(parseResetKind('timestamp', '1 hour ago', NOW), { value: { kind: 'timestamp', ms: NOW - 3_600_000 } });
  assert.deepEqual(parseResetKind('timestamp', ' 30 min ago ', NOW), { value: { kind: 'timestamp', ms: NOW - 1_800_000 } });
  assert.deepEqual(parseResetKind('timestamp', '2 days ago', NOW), { value: { kind: 'timestamp', ms: NOW - 2 * 86_400_000 } });
  assert.match(err(parseResetKind('timestamp', '', NOW)), /^Enter a time\. Use an ISO date-time such as 2024-05-01T12:00:00Z/);
  assert.match(err(parseResetKind('timestamp', 'yesterday', NOW)), /^"yesterday" is not a time Kafka Dev understands\. .*"1 hour ago"/);
  assert.match(err(parseResetKind('timestamp', '3 fortnights ago', NOW)), /^"fortnights" is not a unit of time\. Use seconds, minutes, hours, days or weeks/);
  assert.match(err(parseResetKind('timestamp', '2024-13-45T10:00:00Z', NOW)), /^"2024-13-45T10:00:00Z" is not a real date or time/);
});

test('offset: a whole number 0 … 2^63−1, exact as a string; negative or text gets its own message', () => {
  assert.deepEqual(parseResetKind('offset', '42'), { value: { kind: 'offset', offset: '42' } });
  assert.deepEqual(parseResetKind('offset', '0042'), { value: { kind: 'offset', offset: '42' } });
  assert.deepEqual(parseResetKind('offset', '9223372036854775807'), { value: { kind: 'offset', offset: '9223372036854775807' } });
  assert.match(err(parseResetKind('offset', '9223372036854775808')), /larger than Kafka's largest offset/);
  assert.match(err(parseResetKind('offset', '-5')), /^An offset is 0 or more; "-5" is negative\. To move back from the current offset, use "Shift by" with e\.g\. -5\.$/);
  assert.match(err(parseResetKind('offset', '4.5')), /^"4.5" is not an offset: use a whole number, 0 or more, e\.g\. 42\.$/);
  assert.match(err(parseResetKind('offset', '')), /^Enter an offset/);
});

test('shift: signed, normalised to "+N" / "-N"', () => {
  assert.deepEqual(parseResetKind('shift', '-5'), { value: { kind: 'shift', by: '-5' } });
  assert.deepEqual(parseResetKind('shift', '10'), { value: { kind: 'shift', by: '+10' } });
  assert.deepEqual(parseResetKind('shift', '+10'), { value: { kind: 'shift', by: '+10' } });
  assert.match(err(parseResetKind('shift', 'back 5')), /^"back 5" is not a shift: use a signed whole number, e\.g\. -5/);
  assert.match(err(parseResetKind('shift', '-99999999999999999999')), /outside Kafka's offset range/);
});

test('kinds in words', () => {
  assert.equal(resetKindText({ kind: 'timestamp', ms: Date.UTC(2024, 4, 1) }), 'to time 2024-05-01T00:00:00.000Z');
  assert.equal(resetKindText({ kind: 'shift', by: '-5' }), 'shift by -5');
  assert.equal(resetKindText({ kind: 'offset', offset: '7' }), 'to offset 7');
});
