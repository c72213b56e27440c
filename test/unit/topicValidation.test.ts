// Every invalid Create Topic / Add Cluster / filter input gets its own specific message, decided without
// any network: these functions are what the input boxes and the command arguments are checked with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTopicConfigs, topicConfigValueError } from '../../src/kafka/rules/topicConfigs';
import { TOPIC_NAME_EXAMPLE, topicNameCollision, topicNameError, topicNameWarning } from '../../src/kafka/rules/topicName';
import { partitionsError, replicationFactorError, replicationFactorPrompt, validateCreateTopic } from '../../src/topics/createTopicInput';
import { compileTopicFilter } from '../../src/explorer/glob';
import { buildCluster, parseSshTarget } from '../../src/clusters/clusterInput';
import { advertisedListenersHint } from '../../src/kafka/client/connectionTest';
import { partitionDetails } from '../../src/kafka/admin/describeTopic';
import { partitionRow, topicRow } from '../../src/explorer/labels';

const err = (r: unknown): string => (r as { error: string }).error;

test('topic names: legal characters, length, . and ..', () => {
  for (const ok of ['orders', 'a.b_c-D9', 'x'.repeat(249), '...']) assert.equal(topicNameError(ok), undefined, ok);
  assert.match(topicNameError('')!, /Enter a topic name/);
  assert.match(topicNameError('.')!, /cannot be named "\."/);
  assert.match(topicNameError('..')!, /cannot be named "\.\."/);
  assert.match(topicNameError('x'.repeat(250))!, /250 characters long; Kafka allows at most 249/);
  assert.match(topicNameError('my topic')!, /Illegal character space/);
  assert.match(topicNameError('a/b:c')!, /Illegal characters "\/", ":"/);
  assert.match(topicNameError('tōpic')!, /"ō"/);
});

test('topic names: "." / "_" collisions are warnings naming the other topic', () => {
  assert.equal(topicNameCollision('a_b', ['a.b', 'zz']), 'a.b');
  assert.equal(topicNameCollision('a.b', ['a.b']), undefined);
  assert.match(topicNameWarning('a_b', ['a.b'])!, /collides with the existing topic "a\.b"/);
  assert.match(topicNameWarning('a.c', ['a.b'])!, /can collide/);
  assert.equal(topicNameWarning('plain', ['a.b']), undefined);
});

test('the name step\'s own examples draw no error and no warning (payments.v1 drew the "." warning)', () => {
  const examples = TOPIC_NAME_EXAMPLE.split(' or ');
  assert.ok(examples.length >= 2, TOPIC_NAME_EXAMPLE);
  assert.ok(topicNameError('')!.endsWith(`e.g. ${TOPIC_NAME_EXAMPLE}`), topicNameError(''));
  for (const e of examples) {
    assert.equal(topicNameError(e), undefined, e);
    assert.equal(topicNameWarning(e, []), undefined, e);
  }
});

test('partitions and replication factor', () => {
  assert.equal(partitionsError('3'), undefined);
  assert.match(partitionsError('0')!, /at least 1, got 0/);
  assert.match(partitionsError('-2')!, /at least 1, got -2/);
  assert.match(partitionsError('1.5')!, /whole number.*"1\.5"/);
  assert.match(partitionsError('abc')!, /whole number.*"abc"/);
  assert.match(partitionsError('')!, /whole number/);
  assert.equal(replicationFactorError('3', 3), undefined);
  assert.match(replicationFactorError('0', 3)!, /at least 1, got 0/);
  assert.match(replicationFactorError('4', 3)!, /more than the 3 brokers of this cluster: use 1 to 3/);
  // One broker: a sentence, not "use 1 to 1".
  assert.equal(replicationFactorError('2', 1), 'Replication factor 2 needs 2 brokers; this cluster has 1 broker, so the replication factor must be 1.');
  assert.equal(replicationFactorPrompt(1), 'Replication factor: this cluster has 1 broker, so the replication factor must be 1');
  assert.match(replicationFactorPrompt(3), /^Replication factor: 1 to 3 \(this cluster has 3 brokers/);
  for (const b of [1, 2, 3]) assert.doesNotMatch(`${replicationFactorError(String(b + 1), b)} ${replicationFactorPrompt(b)}`, /1 to 1\b/);
  assert.match(replicationFactorError('two', 1)!, /whole number from 1 to 1, got "two"/);
});

test('topic configs: known keys, typed values, suggestions', () => {
  assert.deepEqual(parseTopicConfigs('retention.ms=60000 cleanup.policy=compact,delete; min.insync.replicas=2'),
    { configs: { 'retention.ms': '60000', 'cleanup.policy': 'compact,delete', 'min.insync.replicas': '2' } });
  assert.deepEqual(parseTopicConfigs(''), { configs: {} });
  assert.deepEqual(parseTopicConfigs('retention.ms=1000,segment.ms=600000'), { configs: { 'retention.ms': '1000', 'segment.ms': '600000' } });
  assert.match(err(parseTopicConfigs('retention.msx=5')), /Unknown topic config "retention\.msx": did you mean "retention\.ms"\?/);
  assert.match(err(parseTopicConfigs('foo.bar.baz=1')), /Unknown topic config "foo\.bar\.baz"\. Known keys include/);
  assert.match(err(parseTopicConfigs('retention.ms')), /"retention\.ms" is not key=value/);
  assert.match(err(parseTopicConfigs('=5')), /has no key/);
  assert.match(err(parseTopicConfigs('retention.ms=')), /retention\.ms has no value/);
  assert.match(err(parseTopicConfigs('retention.ms=1 retention.ms=2')), /given twice/);
  assert.match(err(parseTopicConfigs('retention.ms=abc')), /retention\.ms must be a whole number \(milliseconds, -1 = keep forever\), got "abc"/);
  assert.match(err(parseTopicConfigs('retention.ms=-5')), /at least -1, got "-5"/);
  assert.match(err(parseTopicConfigs('min.insync.replicas=0')), /at least 1/);
  assert.match(err(parseTopicConfigs('max.message.bytes=99999999999')), /at most 2147483647/);
  assert.match(err(parseTopicConfigs('cleanup.policy=compacted')), /delete and\/or compact/);
  assert.match(err(parseTopicConfigs('compression.type=brotli')), /one of uncompressed, zstd/);
  assert.match(err(parseTopicConfigs('preallocate=yes')), /true or false, got "yes"/);
  assert.match(err(parseTopicConfigs('min.cleanable.dirty.ratio=1.5')), /between 0 and 1, got "1\.5"/);
  assert.match(err(parseTopicConfigs('segment.bytes=100')), /at least 1048576/);
  assert.equal(topicConfigValueError('message.timestamp.type', 'LogAppendTime'), undefined);
});

test('validateCreateTopic checks the whole request (argument form)', () => {
  assert.deepEqual(validateCreateTopic({ clusterId: 'c', name: 't', partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '1000' } }, 1),
    { name: 't', partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '1000' } });
  assert.deepEqual(validateCreateTopic({ clusterId: 'c', name: 't' }, undefined), { name: 't', partitions: 1, replicationFactor: undefined, configs: {} });
  assert.match(err(validateCreateTopic({ clusterId: 'c', name: 'bad name' }, 1)), /Illegal character space/);
  assert.match(err(validateCreateTopic({ clusterId: 'c', name: 't', partitions: 0 }, 1)), /at least 1/);
  assert.match(err(validateCreateTopic({ clusterId: 'c', name: 't', replicationFactor: 2 }, 1)), /this cluster has 1 broker, so the replication factor must be 1/);
  assert.match(err(validateCreateTopic({ clusterId: 'c', name: 't', configs: 'retention.ms=x' }, 1)), /whole number/);
  assert.match(err(validateCreateTopic({ clusterId: 'c', name: 't', configs: { 'no.such': '1' } }, 1)), /Unknown topic config/);
});

test('topic filter globs', () => {
  const f = compileTopicFilter('orders-*, pay?.v1 !*-dlq') as { matches(n: string): boolean; text: string };
  assert.equal(f.text, 'orders-*, pay?.v1, !*-dlq');
  assert.ok(f.matches('orders-eu'));
  assert.ok(f.matches('pays.v1'));
  assert.ok(!f.matches('orders-eu-dlq'));
  assert.ok(!f.matches('paysxv1'), '"." is literal');
  assert.ok(!f.matches('other'));
  const onlyExclude = compileTopicFilter('!__*') as { matches(n: string): boolean };
  assert.ok(onlyExclude.matches('orders') && !onlyExclude.matches('__consumer_offsets'));
  assert.equal(compileTopicFilter('  '), undefined);
  assert.match(err(compileTopicFilter('orders/*')), /can never match/);
  assert.match(err(compileTopicFilter('!')), /needs a pattern/);
});

test('cluster input: name, bootstrap, SASL, TLS files, SSH target', () => {
  const existing = [{ id: 'x', name: 'Local', bootstrapServers: ['localhost:9092'] }];
  assert.match(err(buildCluster({ name: ' ', bootstrapServers: 'a:1' }, existing)), /Enter a name/);
  assert.match(err(buildCluster({ name: 'local', bootstrapServers: 'a:1' }, existing)), /"Local" already exists/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a' }, existing)), /Bootstrap servers: "a" has no port/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'scram-sha-256' }, existing)), /needs a user name/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'scram-sha-256', username: 'u' }, existing)), /needs a password/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'plain', username: 'u', password: '' }, existing)), /password is empty/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'kerberos' as never }, existing)), /Unknown security "kerberos"/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', tls: { enabled: true, caFile: '/no/such/ca.pem' } }, existing)), /CA file "\/no\/such\/ca\.pem" does not exist/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', tls: { enabled: true, clientCertFile: __filename } }, existing)), /both a client certificate and its key/);
  const ok = buildCluster({ name: 'n', bootstrapServers: 'a:1, b:2', security: 'scram-sha-512', username: 'u', password: 'p' }, existing);
  assert.deepEqual(ok, { cluster: { id: undefined, name: 'n', bootstrapServers: ['a:1', 'b:2'], sasl: { mechanism: 'scram-sha-512', username: 'u' } }, secrets: { saslPassword: 'p' } });
  assert.ok(!JSON.stringify((ok as { cluster: unknown }).cluster).includes('"p"'), 'the password is not part of the settings object');
  assert.deepEqual(parseSshTarget('bastion'), { alias: 'bastion' });
  assert.deepEqual(parseSshTarget('me@jump.example.com:2222'), { host: 'jump.example.com', user: 'me', port: 2222 });
  assert.match(err(parseSshTarget('me@host:70000')), /not between 1 and 65535/);
  assert.match(err(parseSshTarget('a b')), /not a Host alias/);
});

test('advertised.listeners hint only when the brokers answer with other hosts', () => {
  assert.equal(advertisedListenersHint(['kafka.local:9092'], [{ host: 'kafka.local', port: 9092 }]), undefined);
  assert.match(advertisedListenersHint(['1.2.3.4:9092'], [{ host: 'kafka-0.internal', port: 9092 }])!,
    /advertises its brokers as kafka-0\.internal:9092, not as the bootstrap host 1\.2\.3\.4.*advertised\.listeners/);
});

test('tree rows mark under-replicated and offline partitions', () => {
  const parts = partitionDetails([
    { partitionId: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 1] },
    { partitionId: 0, leader: 1, replicas: [1, 2, 3], isr: [3, 1, 2] },
    { partitionId: 2, leader: -1, replicas: [3], isr: [], offlineReplicas: [3] },
  ], new Map([[0, { low: '5', high: '12' }], [1, { low: '0', high: '0' }]]));
  assert.deepEqual(parts.map((p) => [p.partition, p.underReplicated, p.messages]), [[0, false, '7'], [1, true, '0'], [2, true, undefined]]);
  // The offset range first; leader, replicas and ISR in the tooltip's table.
  assert.equal(partitionRow(parts[0]).description, '5…12 · leader 1');
  assert.match(partitionRow(parts[0]).tooltip, /^\| Replicas \| 1, 2, 3 \|$/m);
  assert.match(partitionRow(parts[0]).tooltip, /^\| In-sync replicas \(ISR\) \| 3, 1, 2 \|$/m);
  assert.equal(partitionRow(parts[0]).warning, false);
  assert.equal(partitionRow(parts[1]).description, '0…0 · under-replicated');
  assert.equal(partitionRow(parts[1]).warning, true);
  assert.equal(partitionRow(parts[2]).description, 'offline · no leader');
  assert.match(partitionRow(parts[2]).tooltip, /^\| Offline replicas \| 3 \|$/m);
  assert.equal(topicRow({ name: 't', partitions: 3, internal: false, underReplicated: 2 }).description, '2 under-replicated · 3 partitions');
  assert.equal(topicRow({ name: 't', partitions: 1, internal: false }).warning, false);
});
