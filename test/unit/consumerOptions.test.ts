// What a person types for start position, partitions and limits: accepted forms and specific errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGroupOptions, describeStart, MAX_LAST, parseGroupId, parseLastCount, parseMaxRecords, parseOffsetSpec, parsePartitionList, parseTimestamp } from '../../src/kafka/rules/consumerOptions';

test('offsets: one for all partitions, or partition:offset pairs; int64 kept exact', () => {
  assert.deepEqual(parseOffsetSpec(' 42 '), { value: { kind: 'offset', offset: '42' } });
  assert.deepEqual(parseOffsetSpec('9223372036854775807'), { value: { kind: 'offset', offset: '9223372036854775807' } });
  assert.deepEqual(parseOffsetSpec('0:5, 2:17'), { value: { kind: 'offsets', offsets: { 0: '5', 2: '17' } } });
  assert.match((parseOffsetSpec('-3') as { error: string }).error, /negative/);
  assert.match((parseOffsetSpec('0:1,0:2') as { error: string }).error, /partition 0 is given twice/);
  assert.match((parseOffsetSpec('abc') as { error: string }).error, /"abc" is not an offset/);
  assert.match((parseOffsetSpec('') as { error: string }).error, /enter an offset/);
});

test('partitions: lists, ranges, all', () => {
  assert.deepEqual(parsePartitionList(''), { value: undefined });
  assert.deepEqual(parsePartitionList('all'), { value: undefined });
  assert.deepEqual(parsePartitionList('2, 0 1-3'), { value: [0, 1, 2, 3] });
  assert.match((parsePartitionList('3-1') as { error: string }).error, /from low to high/);
  assert.match((parsePartitionList('x') as { error: string }).error, /"x" is not a partition number/);
});

test('stop after: positive whole numbers, empty for none', () => {
  assert.deepEqual(parseMaxRecords(''), { value: undefined });
  assert.deepEqual(parseMaxRecords('1_000'), { value: 1000 });
  assert.match((parseMaxRecords('0') as { error: string }).error, /positive whole number/);
  assert.match((parseMaxRecords('2.5') as { error: string }).error, /positive whole number/);
});

test('timestamps: relative, ISO (local or zoned), epoch; the future is refused', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.deepEqual(parseTimestamp('15 minutes ago', now), { value: now - 15 * 60_000 });
  assert.deepEqual(parseTimestamp('2h ago', now), { value: now - 2 * 3_600_000 });
  assert.deepEqual(parseTimestamp('2024-05-01T10:00:00Z', now), { value: Date.parse('2024-05-01T10:00:00Z') });
  assert.deepEqual(parseTimestamp('2024-05-01 10:00Z', now), { value: Date.parse('2024-05-01T10:00Z') });
  assert.deepEqual(parseTimestamp('2024-04-30', now), { value: new Date(2024, 3, 30).getTime() });
  assert.deepEqual(parseTimestamp('1714550000000', now), { value: 1714550000000 });
  assert.deepEqual(parseTimestamp('1714550000', now), { value: 1714550000000 });
  assert.match((parseTimestamp('2030-01-01T00:00Z', now) as { error: string }).error, /is in the future/);
  assert.match((parseTimestamp('3 fortnights ago', now) as { error: string }).error, /"fortnights" is not a unit/);
  assert.match((parseTimestamp('yesterday-ish', now) as { error: string }).error, /is not a date\/time/);
});

test('start positions are described in words', () => {
  assert.equal(describeStart({ kind: 'beginning' }), 'from the beginning');
  assert.equal(describeStart({ kind: 'offsets', offsets: { 0: '5', 1: '6' } }), 'from offsets 0:5, 1:6');
  assert.equal(describeStart({ kind: 'timestamp', timestampMs: 0 }), 'from 1970-01-01T00:00:00.000Z');
});

test('the last N records: a positive whole number, bounded, with specific messages', () => {
  assert.deepEqual(parseLastCount(' 100 '), { value: 100 });
  assert.deepEqual(parseLastCount('1,000'), { value: 1000 });
  assert.match((parseLastCount('') as { error: string }).error, /how many of the newest records of each partition/);
  assert.match((parseLastCount('0') as { error: string }).error, /"0" is not a positive whole number/);
  assert.match((parseLastCount('-5') as { error: string }).error, /"-5" is not a positive whole number/);
  assert.match((parseLastCount('2.5') as { error: string }).error, /not a positive whole number/);
  assert.match((parseLastCount(String(MAX_LAST + 1)) as { error: string }).error, /is more than 1,000,000 records per partition/);
  assert.equal(describeStart({ kind: 'last', count: 100 }), 'from the last 100 records of each partition');
});

test('consumer group option: an id Kafka accepts (not empty, no control characters, within the protocol\'s length), trimmed', () => {
  assert.deepEqual(parseGroupId('  billing-replay '), { value: 'billing-replay' });
  assert.deepEqual(parseGroupId('team.a_b-1 ü'), { value: 'team.a_b-1 ü' });
  assert.deepEqual(parseGroupId(''), { error: 'enter a consumer group id, e.g. my-service (Kafka refuses an empty group id)' });
  assert.deepEqual(parseGroupId('   '), { error: 'enter a consumer group id, e.g. my-service (Kafka refuses an empty group id)' });
  assert.match((parseGroupId('a\tb') as { error: string }).error, /control character \(U\+0009\)/);
  assert.match((parseGroupId('x'.repeat(32_768)) as { error: string }).error, /longer than Kafka allows \(32767 bytes\)/);
  assert.deepEqual(parseGroupId('x'.repeat(32_767)), { value: 'x'.repeat(32_767) });
});

test('consumer group option: the group decides partitions and resume points, so only beginning/latest and a stop-after apply', () => {
  const base = { topic: 't', group: 'g' };
  assert.equal(checkGroupOptions({ ...base, start: { kind: 'beginning' }, maxRecords: 10 }), undefined);
  assert.equal(checkGroupOptions({ ...base, start: { kind: 'latest' } }), undefined);
  assert.equal(checkGroupOptions({ topic: 't', start: { kind: 'offset', offset: '5' }, partitions: [0] }), undefined, 'without a group anything goes');
  assert.match(checkGroupOptions({ ...base, start: { kind: 'offset', offset: '5' } })!, /^as consumer group "g" the group's committed offsets decide where reading resumes; choose "From the beginning" or "Latest" .* to start from offset 5$/);
  assert.match(checkGroupOptions({ ...base, start: { kind: 'last', count: 3 } })!, /from the last 3 records of each partition$/);
  assert.match(checkGroupOptions({ ...base, start: { kind: 'beginning' }, partitions: [1] })!, /the group assigns the partitions; clear "Partitions…"/);
});
