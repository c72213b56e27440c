// Dialling the SSH connection: through each ProxyJump hop in turn, each hop a full SSH login (host key
// checked against known_hosts before any credential is sent), bounded by a deadline that pauses while
// a person answers a prompt.
import type { AnyAuthMethod, AuthenticationType, Client, ClientChannel, ConnectConfig } from 'ssh2';
import { ssh2 } from '../client/vendor';
import { openChannel } from './channels';
import { PausableDeadline } from './deadline';
import { askServerNoDelay, ServerNoDelayOutcome } from './serverNoDelay';
import { knownHostKeyAlgorithms, verifyHostKey } from './hostKeys';
import { authPlan, AuthPlan } from './sshAuth';
import { SshEndpoint } from './sshTarget';
import { Live, SshTunnelOptions } from './tunnelTypes';
import { describeSshConnectError, SshTunnelError } from './tunnelErrors';

/** Dials every hop of the target (jumps first); on failure the hops already up are closed. */
export async function dialChain(o: SshTunnelOptions): Promise<Live> {
  const hops: SshEndpoint[] = [...o.target.jumps, o.target];
  const chain: Client[] = [];
  const noDelay: Array<Promise<ServerNoDelayOutcome>> = [];
  try {
    let sock: ClientChannel | undefined;
    for (let i = 0; i < hops.length; i++) {
      const c = await dialOne(o, hops[i], sock, i === hops.length - 1);
      chain.push(c);
      // Every hop: a jump host's sshd writes our answers onto its own socket, with the same Nagle delays.
      // Not awaited: Kafka channels need not wait for it (see serverNoDelay.ts).
      noDelay.push(askServerNoDelay(c, hops[i].label, o.serverNoDelay ?? 'exec', Math.min(o.timeoutMs, 10_000), o.log));
      if (i < hops.length - 1) sock = await openChannel(c, hops[i + 1].host, hops[i + 1].port, hops[i].label, o.timeoutMs, o.log);
    }
    return { client: chain[chain.length - 1], chain, serverNoDelay: Promise.all(noDelay) };
  } catch (e) {
    chain.forEach((c) => c.end());
    throw e;
  }
}

function dialOne(o: SshTunnelOptions, ep: SshEndpoint, sock: ClientChannel | undefined, isTarget: boolean): Promise<Client> {
  const where = `${ep.user}@${ep.host}:${ep.port}`;
  return new Promise<Client>((resolve, reject) => {
    const c = new (ssh2().Client)();
    let settled = false;
    let verdict: SshTunnelError | undefined;
    const tried: string[] = [];
    const fail = (e: SshTunnelError): void => {
      if (settled) return;
      settled = true;
      deadline.stop();
      c.end();
      reject(e);
    };
    const deadline = new PausableDeadline(o.timeoutMs, () =>
      fail(verdict ?? new SshTunnelError('unreachable', `No SSH answer from ${where} within ${o.timeoutMs} ms: check the address, the network or VPN, and firewalls.`)));

    let plan: AuthPlan;
    try {
      plan = authPlan(o, ep, isTarget, deadline);
    } catch (e) {
      fail(e as SshTunnelError);
      return;
    }
    let next = 0;
    const authHandler = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, cb: (m: AnyAuthMethod | false) => void): void => {
      void (async () => {
        while (next < plan.steps.length) {
          const s = plan.steps[next++];
          if (methodsLeft && !methodsLeft.includes(s.method)) continue;
          const m = await s.make();
          if (!m) continue;
          tried.push(s.label);
          return m;
        }
        return false as const;
      })().then(cb, (e: unknown) => {
        verdict = e instanceof SshTunnelError ? e : new SshTunnelError('auth', String(e));
        cb(false);
      });
    };

    c.once('ready', () => {
      if (settled) { c.end(); return; }
      settled = true;
      deadline.stop();
      // Kafka requests are small and each waits for its answer: with Nagle's algorithm a request
      // written while an earlier packet is unacknowledged waits for the peer's delayed ACK (~40 ms).
      c.setNoDelay(true);
      resolve(c);
    });
    c.on('error', (e: Error & { level?: string }) => {
      if (settled) return;
      if (verdict) { fail(verdict); return; }
      if (e.level === 'client-authentication') {
        void plan.rejected();
        const how = tried.length ? `tried: ${tried.join(', ')}` : 'no method could be tried (no ssh-agent, no key file, no password)';
        fail(new SshTunnelError('auth', `SSH login as ${ep.user} on ${ep.host}:${ep.port} was rejected; ${how}.`));
        return;
      }
      fail(describeSshConnectError(e, where, o.timeoutMs));
    });
    c.once('close', () => fail(verdict ?? new SshTunnelError('closed', `The SSH server at ${where} closed the connection before login completed.`)));

    const knownTypes = knownHostKeyAlgorithms(o, ep);
    const cfg: ConnectConfig = {
      host: ep.host,
      port: ep.port,
      username: ep.user,
      sock,
      readyTimeout: 0, // our own deadline, which pauses during prompts
      keepaliveInterval: o.keepaliveIntervalMs ?? 5_000,
      keepaliveCountMax: o.keepaliveCountMax ?? 3,
      algorithms: algorithms(knownTypes, o.ciphers),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(o, ep, key, deadline).then(() => verify(true), (e: unknown) => {
          verdict = e instanceof SshTunnelError ? e : new SshTunnelError('hostkey-rejected', String(e));
          verify(false);
        });
      },
      authHandler: authHandler as unknown as ConnectConfig['authHandler'],
    };
    try {
      c.connect(cfg);
    } catch (e) {
      fail(describeSshConnectError(e, where, o.timeoutMs));
    }
  });
}

type Algorithms = NonNullable<ConnectConfig['algorithms']>;

/** ssh2's defaults unless known_hosts names the host's key types or ciphers are given (measurements). */
function algorithms(knownTypes: string[], ciphers: string[] | undefined): Algorithms | undefined {
  if (!knownTypes.length && !ciphers) return undefined;
  return {
    ...(knownTypes.length ? { serverHostKey: { remove: knownTypes, prepend: knownTypes, append: [] } as Algorithms['serverHostKey'] } : {}),
    ...(ciphers ? { cipher: ciphers as Algorithms['cipher'] } : {}),
  };
}
