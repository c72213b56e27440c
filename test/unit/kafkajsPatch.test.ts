// The kafkajs fixes (src/kafka/client/kafkajsPatch.ts): applied only to the version they were written
// for, with one log line otherwise; and on reconnect the old socket's listeners no longer act on the
// connection. The peer is a plain TCP server: the old socket's late end and bytes must come at exact moments.
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's Connection is reachable only by path */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import '../../src/kafka/client/kafkajsPatched';
import { applyKafkajsPatches, PATCHED_FOR, PatchTargets } from '../../src/kafka/client/kafkajsPatch';
import { kafkajsConnection } from '../harness/kafkajsConnection';
import { waitFor } from '../harness/process';

test('the fixes are written for the kafkajs version installed', () => {
  assert.equal((require('kafkajs/package.json') as { version: string }).version, PATCHED_FOR);
});

test('another kafkajs version is left unpatched, and the log says so once, with the version found', () => {
  const schedule = (): void => undefined;
  const connect = (): Promise<boolean> => Promise.resolve(true);
  const targets = {
    version: '2.3.0',
    requestQueue: { prototype: { pending: [], throttledUntil: 0, scheduleCheckPendingRequests: schedule } },
    connection: { prototype: { chunks: [], bytesBuffered: 0, bytesNeeded: 4, isConnected: () => false, connect } },
  } as unknown as PatchTargets;
  const logged: string[] = [];
  const r = applyKafkajsPatches(targets, (m) => logged.push(m));
  applyKafkajsPatches(targets, (m) => logged.push(m));
  assert.equal(r.applied, false);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /kafkajs 2\.3\.0 is loaded, but its fixes were written for kafkajs 2\.2\.4; they are not applied/);
  assert.equal(targets.requestQueue.prototype.scheduleCheckPendingRequests, schedule);
  assert.equal(targets.connection.prototype.connect, connect);
});

test('after a reconnect, the old socket\'s late bytes and end no longer act on the connection', async () => {
  const sockets: Socket[] = [];
  const closed = new Set<number>();
  // Half-open allowed: the first socket stays writable from the server after the client ends it.
  const server = createServer({ allowHalfOpen: true }, (s) => {
    const i = sockets.push(s) - 1;
    s.on('error', () => undefined);
    s.on('close', () => closed.add(i));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { connection: c, warnings } = kafkajsConnection(server);
  try {
    await c.connect();
    await waitFor('the first socket', 5_000, async () => sockets.length === 1);
    await c.disconnect(); // ends the first socket's writing side; kafkajs keeps its listeners on it
    await c.connect();
    await waitFor('the second socket', 5_000, async () => sockets.length === 2);
    // The old socket, late: a response frame (correlation id 9), then its end.
    if (!sockets[0].destroyed) {
      sockets[0].write(Buffer.from([0, 0, 0, 8, 0, 0, 0, 9, 1, 2, 3, 4]), () => undefined);
      sockets[0].end();
    }
    await waitFor('the old socket to close', 5_000, async () => closed.has(0));
    // Then a frame on the new socket (correlation id 7): once it is read, the old socket's events were too.
    sockets[1].write(Buffer.from([0, 0, 0, 8, 0, 0, 0, 7, 1, 2, 3, 4]));
    await waitFor('the new socket\'s frame to be read', 5_000, async () => warnings.includes('Response without match 7'));
    assert.equal(c.isConnected(), true, 'the old socket\'s end disconnected the new connection');
    assert.ok(!warnings.includes('Response without match 9'), 'the old socket\'s bytes were read as the new one\'s');
  } finally {
    await c.disconnect().catch(() => undefined);
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
});
