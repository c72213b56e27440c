// SSH channels against a real sshd: a channel the server opens after our deadline (defect 7) must be
// closed, or the server keeps it and its TCP connection to the target for the life of the SSH session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server, Socket } from 'node:net';
import { SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';
import { waitFor } from '../harness/process';
import { Sshd, startSshd } from '../harness/sshd';
import { tunnelTo } from './fixture';

let sshd: Sshd;
let target: Server;
let targetPort = 0;
const open = new Set<Socket>();
let accepted = 0;

before(async () => {
  sshd = await startSshd({ listenAddress: '127.0.0.1' });
  // The "broker": counts the TCP connections sshd opens to it on behalf of our channels.
  target = createServer((s) => {
    accepted++;
    open.add(s);
    s.on('error', () => undefined);
    s.once('close', () => open.delete(s));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetPort = (target.address() as { port: number }).port;
});
after(async () => {
  for (const s of open) s.destroy();
  target?.close();
  await sshd?.stop();
});

test('a channel that opens after its deadline is closed, on both sides', async () => {
  const logs: string[] = [];
  const tunnel = tunnelTo(sshd, { timeoutMs: 1_500, log: (m) => logs.push(m) });
  try {
    await tunnel.connect();
    // The server stops answering (its session processes are frozen): the channel-open waits.
    assert.ok(await sshd.freezeSessions(true) > 0, 'sshd has session processes to freeze');
    let late: unknown;
    try {
      await tunnel.forward('127.0.0.1', targetPort);
    } catch (e) {
      late = e;
    } finally {
      await sshd.freezeSessions(false);
    }
    assert.ok(late instanceof SshTunnelError && late.kind === 'unreachable', `the request timed out: ${String(late)}`);
    // Thawed, sshd connects to the target and confirms the channel nobody waits for any more.
    await waitFor('sshd to connect to the target for the late channel', 10_000, async () => accepted >= 1);
    await waitFor('the late channel (and sshd\'s TCP connection to the target) to be closed', 10_000, async () => open.size === 0);
    assert.ok(logs.some((l) => /opened after its 1500 ms deadline/.test(l)), logs.join('\n'));
    assert.equal(tunnel.status().openChannels, 0);
    // The SSH connection itself is fine: the next channel opens at once, on the same connection.
    const ch = await tunnel.forward('127.0.0.1', targetPort);
    assert.equal(tunnel.status().openChannels, 1);
    ch.close();
    assert.equal(tunnel.status().connects, 1);
  } finally {
    tunnel.close();
  }
});
