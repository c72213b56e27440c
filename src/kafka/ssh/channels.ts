// Opening one direct-tcpip channel ("connect to host:port from the SSH server's side"), bounded in time.
// The SSH protocol has no way to cancel a channel-open request, so an answer that arrives after our
// deadline still opens a channel on the server (and a TCP connection from it to the target): such a
// late channel is closed at once, or it would stay open for the life of the SSH connection.
import type { Client, ClientChannel } from 'ssh2';
import { describeChannelError, SshTunnelError } from './tunnelErrors';

export function openChannel(client: Client, host: string, port: number, via: string, timeoutMs: number,
  log?: (m: string) => void): Promise<ClientChannel> {
  const target = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const t = setTimeout(() => {
      timedOut = true;
      reject(new SshTunnelError('unreachable', `The SSH server ${via} did not open a channel to ${target} within ${timeoutMs} ms.`));
    }, timeoutMs);
    try {
      client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
        clearTimeout(t);
        if (timedOut) {
          if (!err) {
            log?.(`closing the channel to ${target} that ${via} opened after its ${timeoutMs} ms deadline`);
            ch.close();
          }
          return;
        }
        if (err) reject(describeChannelError(err, via, target));
        else resolve(ch);
      });
    } catch (e) {
      clearTimeout(t);
      reject(e);
    }
  });
}
