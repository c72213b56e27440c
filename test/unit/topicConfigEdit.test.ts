// Topic changes decided without any network: config edits parsed, typed and planned against the configs
// in force (with the reset value in the unit of the key), the IncrementalAlterConfigs wire format, the
// new partition count, and the purge spec planned against offsets (beyond the end refused, never clamped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  brokerSynonymsOf, changesNotShown, configPreviewText, currentConfig, CurrentConfig, editsFromRequest, parseConfigEdits, planConfigEdit, withBrokerDefaults,
} from '../../src/kafka/rules/topicConfigEdit';
import { decodeIncrementalAlterConfigs, encodeIncrementalAlterConfigs } from '../../src/kafka/protocol/incrementalAlterConfigs';
import { WireReader, WireWriter } from '../../src/kafka/protocol/wire';
import { addPartitionsWarning, newPartitionCountError, parsePurgeSpec, planPurge, purgePreviewText } from '../../src/kafka/rules/partitionChanges';
import { alterConfigsRefusal } from '../../src/kafka/admin/topicChanges';

const err = (r: unknown): string => (r as { error: string }).error;

const CURRENT: CurrentConfig[] = [
  { name: 'retention.ms', value: '3600000', source: 'topic', sensitive: false, readOnly: false, inherited: { value: '604800000', source: 'default', name: 'log.retention.hours' } },
  { name: 'segment.bytes', value: '67108864', source: 'static broker', sensitive: false, readOnly: false, inherited: { value: '67108864', source: 'static broker', name: 'log.segment.bytes' } },
  { name: 'cleanup.policy', value: 'delete', source: 'default', sensitive: false, readOnly: false, inherited: { value: 'delete', source: 'default', name: 'log.cleanup.policy' } },
  { name: 'message.downconversion.enable', value: 'true', source: 'default', sensitive: false, readOnly: false },
];

test('edits: key=value sets, -key resets, list values keep their commas, several in one line', () => {
  assert.deepEqual(parseConfigEdits('retention.ms=60000 cleanup.policy=compact,delete -segment.bytes'), { edits: [
    { op: 'set', key: 'retention.ms', value: '60000' },
    { op: 'set', key: 'cleanup.policy', value: 'compact,delete' },
    { op: 'reset', key: 'segment.bytes' },
  ] });
  assert.deepEqual(editsFromRequest({ set: { 'min.insync.replicas': 1, preallocate: true }, reset: ['retention.ms'] }), { edits: [
    { op: 'set', key: 'min.insync.replicas', value: '1' }, { op: 'set', key: 'preallocate', value: 'true' }, { op: 'reset', key: 'retention.ms' },
  ] });
});

test('edits: wrong type, unknown key (with the near one), no value, twice: each its own message', () => {
  assert.equal(err(parseConfigEdits('retention.ms=abc')), 'retention.ms must be a whole number (milliseconds, -1 = keep forever), got "abc".');
  assert.equal(err(parseConfigEdits('retention.mss=5')), 'Unknown topic config "retention.mss": did you mean "retention.ms"?');
  assert.equal(err(parseConfigEdits('preallocate=yes')), 'preallocate must be true or false, got "yes".');
  assert.equal(err(parseConfigEdits('cleanup.policy=compact,remove')), 'cleanup.policy must be delete and/or compact (comma-separated); got "compact,remove".');
  assert.match(err(parseConfigEdits('retention.ms=')), /no value after "=".*-retention\.ms to reset/);
  assert.match(err(parseConfigEdits('retention.ms')), /not key=value.*-retention\.ms to reset/);
  assert.match(err(parseConfigEdits('-nope.key')), /Unknown topic config "nope\.key"/);
  assert.equal(err(parseConfigEdits('retention.ms=1 -retention.ms')), 'retention.ms is given twice: keep one change.');
  assert.match(err(parseConfigEdits('  ')), /at least one change/);
  assert.match(err(editsFromRequest({ set: { 'retention.ms': '1 2' } })), /no spaces/);
});

test('edits: a key the broker reports (another Kafka version) is accepted and left to the broker to check', () => {
  assert.match(err(parseConfigEdits('message.downconversion.enable=false')), /Unknown topic config/);
  assert.deepEqual(parseConfigEdits('message.downconversion.enable=false', new Set(['message.downconversion.enable'])),
    { edits: [{ op: 'set', key: 'message.downconversion.enable', value: 'false' }] });
});

test('plan: change, add, reset to the inherited value, and unchanged rows; nothing to change is an error', () => {
  const e = parseConfigEdits('retention.ms=60000 cleanup.policy=compact -segment.bytes');
  assert.ok('edits' in e);
  const plan = planConfigEdit('orders', CURRENT, e.edits);
  assert.ok(!('error' in plan));
  assert.deepEqual(plan.rows.map((r) => [r.key, r.kind, r.old, r.new]), [
    ['retention.ms', 'change', '3600000', '60000'],
    ['cleanup.policy', 'add', 'delete', 'compact'],
    ['segment.bytes', 'unchanged', '67108864', '67108864'],
  ]);
  const reset = planConfigEdit('orders', CURRENT, [{ op: 'reset', key: 'retention.ms' }]);
  assert.ok(!('error' in reset));
  assert.deepEqual(reset.rows[0], { key: 'retention.ms', kind: 'reset', old: '3600000', oldSource: 'topic', new: '604800000', newSource: 'default' });
  const text = configPreviewText(plan, 'local');
  assert.match(text, /^Edit configs of topic orders on cluster local: 2 changes$/m);
  assert.match(text, /^retention\.ms +3600000 \(topic\) +→ +60000 \(set on topic\)$/m);
  assert.match(configPreviewText(reset, 'local'), /→ +reset to default \(604800000, default\)$/m);
  assert.match(err(planConfigEdit('orders', CURRENT, [{ op: 'set', key: 'retention.ms', value: '3600000' }])), /^Nothing to change on topic "orders": retention\.ms is already set to this value on the topic\.$/);
  assert.match(err(planConfigEdit('orders', CURRENT, [{ op: 'reset', key: 'cleanup.policy' }])), /cleanup\.policy is not set on the topic/);
  assert.match(err(planConfigEdit('orders', [{ ...CURRENT[0], readOnly: true }], [{ op: 'set', key: 'retention.ms', value: '1' }])), /read-only/);
});

test('read back: a set key shows once it holds the new value on the topic, a reset key once no longer on the topic', () => {
  const plan = planConfigEdit('orders', CURRENT, [{ op: 'set', key: 'cleanup.policy', value: 'compact' }, { op: 'reset', key: 'retention.ms' }]);
  if ('error' in plan) throw new Error(plan.error);
  assert.deepEqual(changesNotShown(plan, CURRENT), ['cleanup.policy', 'retention.ms']);
  const half = CURRENT.map((c) => (c.name === 'retention.ms' ? { ...c, value: '604800000', source: 'default' } : c));
  assert.deepEqual(changesNotShown(plan, half), ['cleanup.policy']);
  const wrongValue = half.map((c) => (c.name === 'cleanup.policy' ? { ...c, value: 'delete', source: 'topic' } : c));
  assert.deepEqual(changesNotShown(plan, wrongValue), ['cleanup.policy']);
  const shown = half.map((c) => (c.name === 'cleanup.policy' ? { ...c, value: 'compact', source: 'topic' } : c));
  assert.deepEqual(changesNotShown(plan, shown), []);
});

test('the value a reset leaves is the next synonym, in the key\'s unit (log.retention.hours=168 → 604800000 ms)', () => {
  const c = currentConfig({ configName: 'retention.ms', configValue: '3600000', configSource: 1, isSensitive: false, readOnly: false, configSynonyms: [
    { configName: 'retention.ms', configValue: '3600000', configSource: 1 },
    { configName: 'log.retention.hours', configValue: '168', configSource: 5 },
  ] });
  assert.deepEqual(c.inherited, { value: '604800000', source: 'default', name: 'log.retention.hours' });
  assert.equal(c.source, 'topic');
  const s = currentConfig({ configName: 'segment.bytes', configValue: '1048576', configSource: 1, isSensitive: false, readOnly: false, configSynonyms: [
    { configName: 'segment.bytes', configValue: '1048576', configSource: 1 },
    { configName: 'log.segment.bytes', configValue: '67108864', configSource: 4 },
    { configName: 'log.segment.bytes', configValue: '1073741824', configSource: 5 },
  ] });
  assert.deepEqual(s.inherited, { value: '67108864', source: 'static broker', name: 'log.segment.bytes' });
});

test('IncrementalAlterConfigs: v0 classic and v1 flexible bodies, byte for byte; responses decoded', () => {
  const res = [{ type: 2, name: 't', configs: [{ name: 'a', op: 'set' as const, value: '1' }, { name: 'b', op: 'delete' as const }] }];
  const v0 = new WireWriter().int32(1).int8(2).string('t').int32(2).string('a').int8(0).string('1').string('b').int8(1).string(null).bool(true).bytes();
  assert.deepEqual(encodeIncrementalAlterConfigs(0, res, true), v0);
  const v1 = new WireWriter().uvarint(2).int8(2).compactString('t').uvarint(3)
    .compactString('a').int8(0).compactString('1').noTags()
    .compactString('b').int8(1).compactString(null).noTags()
    .noTags().bool(false).noTags().bytes();
  assert.deepEqual(encodeIncrementalAlterConfigs(1, res, false), v1);
  const a0 = new WireWriter().int32(0).int32(1).int16(40).string('Invalid value x').int8(2).string('t').bytes();
  assert.deepEqual(decodeIncrementalAlterConfigs(0, a0), { throttleMs: 0, results: [{ errorCode: 40, errorMessage: 'Invalid value x', resourceType: 2, resourceName: 't' }] });
  const a1 = new WireWriter().int32(5).uvarint(2).int16(0).compactString(null).int8(2).compactString('t').noTags().noTags().bytes();
  assert.deepEqual(decodeIncrementalAlterConfigs(1, a1), { throttleMs: 5, results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't' }] });
  assert.throws(() => decodeIncrementalAlterConfigs(1, a1.subarray(0, 8)), /malformed response/);
  assert.ok(new WireReader(a1).int32() === 5);
});

test('broker refusals keep the broker\'s words: invalid config, policy, unknown topic', () => {
  assert.equal(alterConfigsRefusal(40, 'Invalid value x for configuration retention.ms', 't', 'local'),
    'The broker refused the config change of topic "t": Invalid value x for configuration retention.ms. Nothing was changed.');
  assert.match(alterConfigsRefusal(44, 'no retention below 1h', 't', 'local'), /alter\.config\.policy on local refused .*: no retention below 1h\./);
  assert.match(alterConfigsRefusal(3, null, 't', 'local'), /Topic "t" does not exist on local/);
  assert.match(alterConfigsRefusal(77, null, 't', 'local'), /\(error 77\)/);
});

test('new partition count: more than now, whole, bounded; the warning names keys, cluster and topic', () => {
  assert.equal(newPartitionCountError('4', 3), undefined);
  assert.match(newPartitionCountError('2', 3) ?? '', /cannot remove partitions: the topic has 3, so the new total must be more than 3 \(got 2\)/);
  assert.match(newPartitionCountError('3', 3) ?? '', /already has 3 partitions: give a larger total, e.g\. 4/);
  assert.match(newPartitionCountError('four', 3) ?? '', /whole number above 3 \(the topic has 3 now\)/);
  assert.match(newPartitionCountError('200000', 3) ?? '', /at most 100000/);
  const w = addPartitionsWarning('orders', 'local', 3, 5);
  assert.equal(w.message, 'Add 2 partitions to topic "orders" on cluster "local" (3 → 5)?');
  assert.match(w.detail, /Records with a key will map to other partitions/);
});

test('purge: end, one offset, pairs; beyond the end refused naming the partition; below the start is a no-op row', () => {
  const offs = [{ partition: 0, low: '0', high: '10' }, { partition: 1, low: '4', high: '6' }, { partition: 2, low: '0', high: '0' }];
  const plan = (t: string) => { const s = parsePurgeSpec(t); assert.ok('spec' in s, t); return planPurge('orders', offs, s.spec); };
  const end = plan('end');
  assert.ok(!('error' in end));
  assert.deepEqual(end.rows.map((r) => [r.partition, r.low, r.newLow, r.removed]), [[0, '0', '10', '10'], [1, '4', '6', '2'], [2, '0', '0', '0']]);
  const text = purgePreviewText(end, 'local');
  assert.match(text, /^Purge records of topic orders on cluster local: 12 records in 2 partitions$/m);
  assert.match(text, /^0 +0 → 10 +10$/m);
  assert.match(text, /^2 +0 → 0 +0 \(empty\)$/m);
  const five = plan('5');
  assert.ok('error' in five, 'offset 5 is beyond partition 2 (empty)');
  assert.match(err(five), /Cannot purge beyond the end of topic "orders": partition 2 ends at offset 0, asked 5\. .*nothing was deleted/);
  const pairs = plan('0:5, 1:end');
  assert.ok(!('error' in pairs));
  assert.deepEqual(pairs.rows.map((r) => [r.partition, r.newLow, r.removed]), [[0, '5', '5'], [1, '6', '2']]);
  const low = plan('1:3 0:1');
  assert.ok(!('error' in low));
  assert.deepEqual(low.rows.map((r) => [r.partition, r.removed, r.note]), [[0, '1', undefined], [1, '0', 'already starts at 4']]);
  assert.match(err(plan('0:11')), /partition 0 ends at offset 10, asked 11/);
  assert.match(err(plan('7:1')), /has partitions 0–2; there is no partition 7/);
  assert.match(err(plan('1:4')), /Nothing to purge in topic "orders": partition 1 already starts at 4/);
  assert.match(err(parsePurgeSpec('0=5')), /"0=5" is not partition:offset/);
  assert.match(err(parsePurgeSpec('0:1,0:2')), /Partition 0 is given twice/);
  assert.match(err(parsePurgeSpec('')), /Say which records to delete/);
});

test('a topic override\'s reset value from the broker\'s settings when the topic\'s answer lacks it (Kafka 4 sends only the topic synonym)', () => {
  const c = currentConfig({ configName: 'retention.ms', configValue: '60000', configSource: 1, isSensitive: false, readOnly: false,
    configSynonyms: [{ configName: 'retention.ms', configValue: '60000', configSource: 1 }] });
  assert.equal(c.inherited, undefined);
  const broker = new Map([['log.retention.ms', { value: null, source: 5 }], ['log.retention.hours', { value: '168', source: 5 }]]);
  assert.deepEqual(withBrokerDefaults([c], broker)[0].inherited, { value: '604800000', source: 'default', name: 'log.retention.hours' });
  const m = { ...c, name: 'max.message.bytes', value: '2000000' };
  assert.deepEqual(withBrokerDefaults([m], new Map([['message.max.bytes', { value: '1048588', source: 4 }]]))[0].inherited,
    { value: '1048588', source: 'static broker', name: 'message.max.bytes' });
  assert.deepEqual(brokerSynonymsOf('cleanup.policy'), ['log.cleanup.policy', 'cleanup.policy']);
});
