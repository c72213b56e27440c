// The `vm` member of kafkaDev.clusters (where Kafka lives on the cluster's SSH host) as settings.json may
// hold it, and a directory on the VM as typed: plain absolute or ~/ paths only, since they reach /bin/sh.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readClusters } from '../../src/kafka/rules/settings';
import { vmPathError } from '../../src/kafka/rules/vmEntry';

const entry = (vm: unknown, ssh: unknown = { alias: 'course-vm' }): unknown[] => [{ name: 'vm', bootstrapServers: ['localhost:9092'], ssh, vm }];

test('a vm entry with ssh is read as written (dataDir optional)', () => {
  const r = readClusters(entry({ kafkaDir: '~/kafka', dataDir: '/srv/kafka-data' }));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.clusters[0].vm, { kafkaDir: '~/kafka', dataDir: '/srv/kafka-data' });
  assert.deepEqual(readClusters(entry({ kafkaDir: '/opt/kafka' })).clusters[0].vm, { kafkaDir: '/opt/kafka' });
});

test('a vm entry without ssh, or with a path the shell would misread, is left out and named', () => {
  const noSsh = readClusters(entry({ kafkaDir: '~/kafka' }, null));
  assert.equal(noSsh.clusters.length, 0);
  assert.equal(noSsh.problems[0].setting, 'kafkaDev.clusters[0].vm');
  assert.match(noSsh.problems[0].message, /needs "ssh" too/);
  for (const [vm, field, re] of [
    [{ kafkaDir: 'kafka' }, 'vm.kafkaDir', /absolute .* or in the SSH user's home/],
    [{ kafkaDir: '~/my kafka' }, 'vm.kafkaDir', /characters a shell would read differently/],
    [{ kafkaDir: '~/kafka', dataDir: '~/$HOME/data' }, 'vm.dataDir', /characters a shell would read differently/],
    [{ kafkaDir: 42 }, 'vm.kafkaDir', /must be a directory text/],
    ['~/kafka', 'vm', /must be an object/],
  ] as const) {
    const r = readClusters(entry(vm));
    assert.equal(r.clusters.length, 0, JSON.stringify(vm));
    assert.equal(r.problems[0].setting, `kafkaDev.clusters[0].${field}`);
    assert.match(r.problems[0].message, re);
  }
});

test('vmPathError accepts plain absolute and ~/ paths and refuses the rest', () => {
  for (const ok of ['~/kafka', '/opt/kafka_2.13-4.1.1', '/tmp/kd-vm-suite-abc/kafka-data']) assert.equal(vmPathError(ok, 'Kafka directory'), undefined, ok);
  assert.match(vmPathError('', 'Kafka directory') ?? '', /Enter the Kafka directory/);
  assert.match(vmPathError('~/../etc', 'Kafka directory') ?? '', /contains "\.\."/);
  assert.match(vmPathError('~/', 'Kafka directory') ?? '', /cannot be the root or the home/);
  assert.match(vmPathError("~/k'afka", 'Kafka directory') ?? '', /shell would read differently/);
});
