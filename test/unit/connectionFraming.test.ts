// A kafkajs connection whose socket dies halfway through a response must read the next socket's bytes
// as a new stream (src/kafka/client/kafkajsPatched.ts, fix 2). The peer is a plain TCP server that writes
// Kafka response frames by hand: a broker cannot be made to die at an exact byte.
import { test } from 'node:test';
import { createServer, type Socket } from 'node:net';
import '../../src/kafka/client/kafkajsPatched';
import { kafkajsConnection } from '../harness/kafkajsConnection';
import { waitFor } from '../harness/process';

test('after a socket dies mid-response, the next socket\'s first response is read as a whole frame', async () => {
  const sockets: Socket[] = [];
  let connections = 0;
  const server = createServer((s) => {
    sockets.push(s);
    connections++;
    if (connections === 1) {
      // A frame that announces 100 bytes, cut off after 10 of them, then the connection goes.
      s.end(Buffer.concat([Buffer.from([0, 0, 0, 100]), Buffer.alloc(10, 0xab)]));
    } else {
      // A whole frame: size 8, correlation id 7, 4 bytes of payload.
      s.write(Buffer.from([0, 0, 0, 8, 0, 0, 0, 7, 1, 2, 3, 4]));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { connection: c, warnings } = kafkajsConnection(server);
  try {
    await c.connect();
    await waitFor('the first socket to close', 5_000, async () => !c.isConnected());
    await c.connect();
    // The response matches no request of ours, which kafkajs reports with its correlation id: proof
    // that the frame was read whole. Unpatched, its bytes count as the rest of the 100-byte frame.
    await waitFor('the second socket\'s frame to be read', 5_000, async () => warnings.some((w) => w === 'Response without match 7'));
  } finally {
    await c.disconnect().catch(() => undefined);
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
});
