// An idle connection costs nothing: kafkajs 2.2.4 re-arms a 1 ms timer for ever on every connection
// (tulios/kafkajs#1751), which src/kafka/client/kafkajsPatched.ts stops. Counted, not timed: how often the
// request queue checks for pending requests while nothing is pending.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { BrokerHandle, useBroker } from '../harness/sharedBroker';

let broker: BrokerHandle;
before(async () => { broker = await useBroker(); });
after(async () => { await broker.release(); });

test('an idle connection does not poll its request queue', async () => {
  const admin = new ClusterAdmin(createKafkaClient({ id: 'idle', name: 'idle', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 }), 10_000, 'idle');
  // Loaded after createKafkaClient, so it is the module instance the client uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const queue = (require('kafkajs/src/network/requestQueue') as { prototype: { checkPendingRequests(): void } }).prototype;
  const check = queue.checkPendingRequests;
  let checks = 0;
  queue.checkPendingRequests = function (this: unknown): void { checks++; check.call(this); };
  try {
    await admin.topics();
    await admin.topics();
    checks = 0;
    await new Promise((r) => setTimeout(r, 1_000));
    // Unpatched: ~1,000 checks a second per connection. Patched: none while nothing is pending.
    assert.ok(checks < 10, `${checks} queue checks in 1 s of idleness`);
    // And the connection still answers afterwards.
    assert.ok(Array.isArray(await admin.topics()));
  } finally {
    queue.checkPendingRequests = check;
    await admin.close();
  }
});
