// Pure parts of the connection owner: which cluster edits need a reconnect, and the promise cache whose
// failed entries are dropped only by the promise that failed (issue 11, defect 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameConnectionSettings, sameKafkaSecrets } from '../../src/clusters/connectionSettings';
import { cachedPromise } from '../../src/kafka/client/promiseCache';
import type { ClusterConfig } from '../../src/kafka/rules/clusterConfig';

test('a late failure of a replaced promise does not delete the newer cache entry', async () => {
  const map = new Map<string, Promise<string>>();
  let failOld!: (e: Error) => void;
  const old = cachedPromise(map, 'c', () => new Promise<string>((_, reject) => { failOld = reject; }));
  old.catch(() => undefined);
  map.delete('c'); // a reset
  const newer = cachedPromise(map, 'c', async () => 'new client');
  failOld(new Error('the old connection failed after the reset'));
  await assert.rejects(old);
  await new Promise((r) => setImmediate(r));
  assert.equal(map.get('c'), newer, 'the newer entry is still cached');
  assert.equal(cachedPromise(map, 'c', async () => 'a third'), newer);
});

test('a failed promise is dropped so that the next caller tries again', async () => {
  const map = new Map<string, Promise<number>>();
  await assert.rejects(cachedPromise(map, 'k', async () => { throw new Error('down'); }));
  await new Promise((r) => setImmediate(r));
  assert.equal(map.has('k'), false);
  assert.equal(await cachedPromise(map, 'k', async () => 2), 2);
});

const base: ClusterConfig = { id: 'a', name: 'A', bootstrapServers: ['h:1'], ssh: { host: 'vm', port: 22, user: 'u', auth: 'key' } };

test('a rename or a reordering of keys is not a connection change; anything else is', () => {
  assert.ok(sameConnectionSettings(base, { ...base, name: 'B' }));
  assert.ok(sameConnectionSettings(base, { ssh: { auth: 'key', user: 'u', port: 22, host: 'vm' }, bootstrapServers: ['h:1'], name: 'A', id: 'a', tls: undefined }));
  assert.ok(!sameConnectionSettings(base, { ...base, bootstrapServers: ['h:2'] }));
  assert.ok(!sameConnectionSettings(base, { ...base, ssh: { ...base.ssh, port: 2222 } }));
  assert.ok(!sameConnectionSettings(base, { ...base, sasl: { mechanism: 'plain', username: 'x' } }));
});

test('SSH secrets stored by the tunnel while it connects are not a Kafka secrets change', () => {
  assert.ok(sameKafkaSecrets({ saslPassword: 'p' }, { saslPassword: 'p', sshKeyPassphrase: 'k' }));
  assert.ok(!sameKafkaSecrets({ saslPassword: 'p' }, { saslPassword: 'q' }));
});
