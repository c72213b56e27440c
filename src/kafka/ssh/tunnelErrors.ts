// Every way an SSH tunnel can fail, as one error type whose message says what was tried and what to do.
// Messages avoid the words Kafka-level error classifiers look for (e.g. "timeout", "refused" codes),
// so an SSH problem is never reported as a broker problem.

export type SshErrorKind =
  | 'config'            // settings incomplete or contradictory
  | 'alias'             // no such Host alias in ~/.ssh/config
  | 'dns'               // the SSH host name does not resolve
  | 'refused'           // nothing listens on the SSH port
  | 'unreachable'       // no route / no answer from the SSH host in time
  | 'auth'              // every authentication method failed
  | 'key'               // the private key file cannot be read or decrypted
  | 'hostkey-changed'   // known_hosts has another key for this host
  | 'hostkey-rejected'  // unknown host key, and the user said no
  | 'forwarding-refused'// the server does not allow port forwarding
  | 'remote-refused'    // the VM-side connect to the broker failed (nothing listening)
  | 'closed';           // the SSH connection went away

export class SshTunnelError extends Error {
  override readonly name = 'SshTunnelError';
  constructor(readonly kind: SshErrorKind, message: string) {
    super(message);
  }
}

interface SocketishError {
  code?: string;
  level?: string;
  message?: string;
  reason?: number | string;
}

/** Maps what ssh2 / net report while connecting to one sentence. */
export function describeSshConnectError(e: unknown, where: string, waitedMs: number): SshTunnelError {
  if (e instanceof SshTunnelError) return e;
  const x = (e ?? {}) as SocketishError;
  const code = x.code ?? '';
  const msg = x.message ?? String(e);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new SshTunnelError('dns', `SSH host name not found: ${where} does not resolve (DNS). Check the host name or the HostName in ~/.ssh/config.`);
  }
  if (code === 'ECONNREFUSED') {
    return new SshTunnelError('refused', `SSH connection to ${where} was refused: no SSH server listens on that address and port.`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || x.level === 'client-timeout') {
    return new SshTunnelError('unreachable', `No SSH answer from ${where} within ${waitedMs} ms: check the address, the network or VPN, and firewalls.`);
  }
  if (code === 'ECONNRESET' || /closed|reset/i.test(msg)) {
    return new SshTunnelError('closed', `The SSH server at ${where} closed the connection during the handshake (${msg}).`);
  }
  return new SshTunnelError('closed', `SSH connection to ${where} failed: ${msg}`);
}

/** SSH_MSG_CHANNEL_OPEN_FAILURE reason codes (RFC 4254 §5.1). */
const ADMINISTRATIVELY_PROHIBITED = 1;
const CONNECT_FAILED = 2;

/** Maps a failed direct-tcpip channel open to what it means for the broker connection. */
export function describeChannelError(e: unknown, sshWhere: string, target: string): SshTunnelError {
  if (e instanceof SshTunnelError) return e;
  const x = (e ?? {}) as SocketishError;
  const msg = (x.message ?? String(e)).replace(/^\(SSH\) Channel open failure: /, '');
  if (x.reason === ADMINISTRATIVELY_PROHIBITED || /prohibited/i.test(msg)) {
    return new SshTunnelError('forwarding-refused',
      `the SSH server refused port forwarding (AllowTcpForwarding?): ${sshWhere} would not open a channel to ${target} (${msg}).`);
  }
  if (x.reason === CONNECT_FAILED || /connect failed|Connection refused/i.test(msg)) {
    return new SshTunnelError('remote-refused',
      `${target} is not reachable from the SSH host ${sshWhere} (${msg}): is the broker running and listening on ${target} there?`);
  }
  return new SshTunnelError('closed', `Could not open an SSH channel to ${target} through ${sshWhere}: ${msg}`);
}
