// The Schema Registry part of a cluster: kafkaDev.clusters[].schemaRegistry read and checked field by field,
// Add/Edit Cluster's answers built into settings plus secrets (the secret never in settings, kept when
// editing without a new one), the registry counted as a connection setting, and the texts of the Schemas
// rows and documents (pretty JSON, the type told from a file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCluster, ClusterInput, currentChoice } from '../../src/clusters/clusterInput';
import { sameConnectionSettings } from '../../src/clusters/connectionSettings';
import type { ClusterConfig } from '../../src/kafka/rules/clusterConfig';
import { readRegistryEntry, registrySummary, subjectNameError } from '../../src/kafka/rules/registryEntry';
import { guessSchemaType, schemaDocumentText, schemaFileSuffix, subjectRow, versionRow } from '../../src/kafka/rules/schemaRows';
import { readClusters } from '../../src/kafka/rules/settings';

const URL_ = 'http://127.0.0.1:8081/apis/ccompat/v7';
const base = { name: 'c', bootstrapServers: 'localhost:9092' };
const err = (r: unknown): string => (r as { error: string }).error;

test('settings: schemaRegistry is read with its auth, CA file and skip-verify; a wrong field leaves the cluster out, named', () => {
  const { clusters, problems } = readClusters([
    { name: 'a', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_, auth: { kind: 'basic', username: 'svc' } } },
    { name: 'b', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: 'https://localhost:8081', auth: { kind: 'bearer' }, skipVerify: true } },
    { name: 'c', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: 'localhost:8081' } },
    { name: 'd', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_, auth: { kind: 'oauth' } } },
    { name: 'e', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_, skipVerify: 'yes' } },
    { name: 'f', bootstrapServers: ['localhost:9092'], schemaRegistry: 'http://localhost:8081' },
    { name: 'g', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_, auth: { kind: 'basic' } } },
  ]);
  assert.deepEqual(clusters.map((c) => [c.name, c.schemaRegistry]), [
    ['a', { url: URL_, auth: { kind: 'basic', username: 'svc' } }],
    ['b', { url: 'https://localhost:8081', auth: { kind: 'bearer' }, skipVerify: true }],
  ]);
  assert.deepEqual(problems.map((p) => p.setting), [
    'kafkaDev.clusters[2].schemaRegistry.url', 'kafkaDev.clusters[3].schemaRegistry.auth', 'kafkaDev.clusters[4].schemaRegistry.skipVerify',
    'kafkaDev.clusters[5].schemaRegistry', 'kafkaDev.clusters[6].schemaRegistry.auth.username',
  ]);
  assert.match(problems[1].message, /kafkaDev\.clusters\[3\] \("d"\): schemaRegistry\.auth must be \{"kind": "basic", "username": "…"\} or \{"kind": "bearer"\}.*got kind the text "oauth"/);
  assert.match(problems[2].message, /schemaRegistry\.skipVerify must be true or false \(without quotes\), got the text "yes"/);
  assert.match(problems[3].message, /schemaRegistry must be an object such as \{"url": "http:\/\/localhost:8081"\}/);
  assert.deepEqual(readRegistryEntry({ url: URL_, caFile: '/tmp/ca.pem', skipVerify: true }, 'x'),
    { field: 'schemaRegistry.skipVerify', message: 'x: schemaRegistry has both caFile and skipVerify: a CA file is only read when certificates are verified; keep one of them.' });
});

test('Add/Edit Cluster: the registry is built into settings and its secret into secrets only; editing keeps the stored secret', () => {
  const basic = buildCluster({ ...base, schemaRegistry: { url: URL_, auth: { kind: 'basic', username: 'svc' } }, registryPassword: 'pw' } as ClusterInput, []);
  assert.deepEqual(basic, { cluster: { id: undefined, name: 'c', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_, auth: { kind: 'basic', username: 'svc' } } }, secrets: { registryPassword: 'pw' } });
  assert.ok(!JSON.stringify((basic as { cluster: unknown }).cluster).includes('pw'));
  const bearer = buildCluster({ ...base, schemaRegistry: { url: URL_, auth: { kind: 'bearer' } }, registryToken: 'tok' } as ClusterInput, []);
  assert.deepEqual((bearer as { secrets: unknown }).secrets, { registryToken: 'tok' });
  assert.equal(err(buildCluster({ ...base, schemaRegistry: { url: URL_, auth: { kind: 'basic', username: 'svc' } } } as ClusterInput, [])), 'Schema Registry basic auth needs a password.');
  assert.equal(err(buildCluster({ ...base, schemaRegistry: { url: URL_, auth: { kind: 'bearer' } } } as ClusterInput, [])), 'Schema Registry bearer authentication needs a token.');
  assert.match(err(buildCluster({ ...base, schemaRegistry: { url: URL_, caFile: '/nonexistent/ca.pem' } } as ClusterInput, [])), /Schema Registry CA file "\/nonexistent\/ca.pem" does not exist/);
  assert.match(err(buildCluster({ ...base, schemaRegistry: { url: 'ftp://localhost/x' } } as ClusterInput, [])), /^Schema Registry: schemaRegistry\.url: /);
  // Editing: the same kind of auth without a new secret keeps the stored one (no secrets in the result).
  const existing: ClusterConfig = { id: 'k', name: 'c', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_, auth: { kind: 'basic', username: 'svc' } } };
  const kept = buildCluster({ ...base, id: 'k', schemaRegistry: { url: URL_, auth: { kind: 'basic', username: 'svc2' } } } as ClusterInput, [existing]);
  assert.equal('secrets' in kept, false);
  // …but switching to bearer needs the token.
  assert.equal(err(buildCluster({ ...base, id: 'k', schemaRegistry: { url: URL_, auth: { kind: 'bearer' } } } as ClusterInput, [existing])), 'Schema Registry bearer authentication needs a token.');
  assert.equal(currentChoice('registry', existing), `Current: ${URL_} (basic auth as svc)`);
  assert.equal(registrySummary(undefined), 'no Schema Registry');
});

test('a change of the registry is a change of how the cluster connects (its client is rebuilt); a rename is not', () => {
  const a: ClusterConfig = { id: 'k', name: 'c', bootstrapServers: ['localhost:9092'], schemaRegistry: { url: URL_ } };
  assert.equal(sameConnectionSettings(a, { ...a, name: 'renamed' }), true);
  assert.equal(sameConnectionSettings(a, { ...a, schemaRegistry: { url: 'http://127.0.0.1:8082' } }), false);
  assert.equal(sameConnectionSettings(a, { ...a, schemaRegistry: undefined }), false);
  assert.equal(sameConnectionSettings(a, { ...a, schemaRegistry: { url: URL_, skipVerify: true } }), false);
});

test('subject names: empty, padded, control characters and over-long names are refused with the reason', () => {
  assert.equal(subjectNameError('orders-value'), undefined);
  assert.equal(subjectNameError('com.acme/orders:v1'), undefined);
  assert.match(subjectNameError('') ?? '', /Enter a subject name, e\.g\. orders-value/);
  assert.match(subjectNameError(' orders-value') ?? '', /starts or ends with a space/);
  assert.match(subjectNameError('orders\tvalue') ?? '', /control characters/);
  assert.match(subjectNameError('x'.repeat(256)) ?? '', /256 characters long; registries allow 255/);
});

test('rows and documents: "orders-value · AVRO · v3", "v3 · id 7", JSON pretty-printed, .proto as stored', () => {
  assert.deepEqual(subjectRow({ subject: 'orders-value', schemaType: 'AVRO', latestVersion: 3, id: 7 }).description, 'AVRO · v3');
  assert.equal(subjectRow({ subject: 'x', schemaType: 'JSON', latestVersion: 1, id: 2 }).tooltip, '**x**\n\nJSON Schema, latest version 1 (schema id 2)');
  assert.deepEqual(versionRow('orders-value', 3, 7, true), { label: 'v3 · id 7', description: 'latest', tooltip: 'orders-value version 3, schema id 7 (latest)\n\nClick to open it.' });
  assert.equal(schemaDocumentText('AVRO', '{"type":"record","name":"O","fields":[{"name":"id","type":"long"}]}'),
    '{\n  "type": "record",\n  "name": "O",\n  "fields": [\n    {\n      "name": "id",\n      "type": "long"\n    }\n  ]\n}\n');
  assert.equal(schemaDocumentText('PROTOBUF', 'syntax = "proto3";\nmessage A { int64 id = 1; }'), 'syntax = "proto3";\nmessage A { int64 id = 1; }\n');
  assert.equal(schemaDocumentText('JSON', 'not json'), 'not json');
  assert.deepEqual((['AVRO', 'PROTOBUF', 'JSON'] as const).map(schemaFileSuffix), ['.avsc', '.proto', '.json']);
});

test('the type of an editor\'s text: file name, language, then content; undefined when it cannot tell', () => {
  assert.equal(guessSchemaType('{}', 'json', '/w/order.avsc'), 'AVRO');
  assert.equal(guessSchemaType('', 'proto3', '/w/x'), 'PROTOBUF');
  assert.equal(guessSchemaType('syntax = "proto3";\nmessage A {}', 'plaintext', 'Untitled-1'), 'PROTOBUF');
  assert.equal(guessSchemaType('{"type":"record","name":"A","fields":[]}', 'json', '/w/a.json'), 'AVRO');
  assert.equal(guessSchemaType('{"type":"array","items":"string"}', 'json', ''), 'AVRO');
  assert.equal(guessSchemaType('["null","string"]', 'json', ''), 'AVRO');
  assert.equal(guessSchemaType('{"$defs":{},"type":"object"}', 'json', ''), 'JSON');
  assert.equal(guessSchemaType('{"type":"object","properties":{"id":{"type":"integer"}}}', 'json', ''), 'JSON');
  assert.equal(guessSchemaType('{"a":1}', 'json', ''), undefined);
  assert.equal(guessSchemaType('hello', 'plaintext', ''), undefined);
});
