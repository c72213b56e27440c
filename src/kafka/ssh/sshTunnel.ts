// One SSH connection per cluster (through ProxyJump hops if configured), shared by every Kafka socket
// of that cluster. Dialled on first use; when it dies (server gone, network cut, keepalive unanswered)
// it is dropped and the next channel request dials a new one by itself. close() is final and belongs
// to the tunnel's owner. Dialling and login live in sshDial/sshAuth, host keys in hostKeys, channels in
// channels; this file holds the connection's lifetime and status.
import type { ClientChannel } from 'ssh2';
import { openChannel } from './channels';
import { dialChain } from './sshDial';
import type { ServerNoDelayOutcome } from './serverNoDelay';
import { Live, SshTunnelOptions, TunnelState, TunnelStatus } from './tunnelTypes';
import { describeSshConnectError, SshTunnelError } from './tunnelErrors';

export type { ServerNoDelayMode, ServerNoDelayOutcome } from './serverNoDelay';
export type { HostKeyQuestion, SecretKind, SshSecretsSource, SshTunnelOptions, TunnelState, TunnelStatus } from './tunnelTypes';

export class SshTunnel {
  private live: Live | undefined;
  private connecting: Promise<Live> | undefined;
  private closed = false;
  private state: TunnelState = 'idle';
  private connects = 0;
  private openChannels = 0;
  private lastError: string | undefined;
  private readonly listeners = new Set<(s: TunnelStatus) => void>();

  constructor(private readonly opts: SshTunnelOptions) {}

  get label(): string {
    return this.opts.target.label;
  }

  status(): TunnelStatus {
    return { state: this.state, label: this.label, connects: this.connects, openChannels: this.openChannels, lastError: this.lastError };
  }

  onStatus(fn: (s: TunnelStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private setState(s: TunnelState, error?: string): void {
    this.state = s;
    if (error !== undefined) this.lastError = error;
    const st = this.status();
    for (const fn of this.listeners) fn(st);
  }

  private log(m: string): void {
    this.opts.log?.(m);
  }

  /** The SSH connection, dialled if there is none (concurrent callers share one attempt). */
  connect(): Promise<Live> {
    if (this.closed) return Promise.reject(new SshTunnelError('closed', `The SSH tunnel to ${this.label} was closed.`));
    if (this.live) return Promise.resolve(this.live);
    if (!this.connecting) {
      this.setState('connecting');
      this.connecting = dialChain(this.opts).then((live) => {
        this.connecting = undefined;
        if (this.closed) {
          live.chain.forEach((c) => c.end());
          throw new SshTunnelError('closed', `The SSH tunnel to ${this.label} was closed.`);
        }
        this.live = live;
        this.connects++;
        this.watch(live);
        this.setState('connected');
        this.log(`SSH connected to ${this.label}${this.connects > 1 ? ` (reconnect #${this.connects - 1})` : ''}`);
        return live;
      }, (e: unknown) => {
        this.connecting = undefined;
        const err = e instanceof SshTunnelError ? e : describeSshConnectError(e, this.label, this.opts.timeoutMs);
        this.setState('failed', err.message);
        throw err;
      });
    }
    return this.connecting;
  }

  /** Opens a channel to host:port as seen from the SSH server (e.g. the VM's localhost:9092). */
  async forward(host: string, port: number): Promise<ClientChannel> {
    for (let attempt = 0; ; attempt++) {
      const live = await this.connect();
      try {
        const ch = await openChannel(live.client, host, port, this.label, this.opts.timeoutMs, (m) => this.log(m));
        if (this.closed) {
          ch.close();
          throw new SshTunnelError('closed', `The SSH tunnel to ${this.label} was closed.`);
        }
        this.openChannels++;
        ch.once('close', () => { this.openChannels--; });
        return ch;
      } catch (e) {
        // A connection that died a moment ago may not have reported it yet: drop it and dial once more.
        if (attempt === 0 && e instanceof Error && /Not connected|No response|closed/i.test(e.message) && this.live === live) {
          this.drop(live, 'it stopped answering');
          continue;
        }
        throw e;
      }
    }
  }

  /** Per hop of the current connection (dialled if needed): whether its sshd sends without Nagle delays. */
  async serverNoDelay(): Promise<ServerNoDelayOutcome[]> {
    return (await this.connect()).serverNoDelay;
  }

  /** Proves at least one of `servers` (host:port) answers through the tunnel; throws the first error otherwise. */
  async checkReachable(servers: Array<{ host: string; port: number }>): Promise<void> {
    let first: unknown;
    for (const s of servers) {
      try {
        const ch = await this.forward(s.host, s.port);
        ch.close();
        return;
      } catch (e) {
        first ??= e;
        if (e instanceof SshTunnelError && e.kind !== 'remote-refused') break;
      }
    }
    throw first;
  }

  close(): void {
    this.closed = true;
    const l = this.live;
    this.live = undefined;
    l?.chain.forEach((c) => c.end());
    this.setState('closed');
  }

  private drop(live: Live, why: string): void {
    if (this.live !== live) return;
    this.live = undefined;
    live.chain.forEach((c) => c.end());
    this.log(`SSH connection to ${this.label} closed (${why}); the next Kafka request reconnects`);
    if (!this.closed) this.setState('idle', `SSH connection closed (${why})`);
  }

  private watch(live: Live): void {
    for (const c of live.chain) {
      c.on('error', (e: Error) => this.log(`SSH connection to ${this.label}: ${e.message}`));
      c.once('close', () => this.drop(live, 'the server or network ended it'));
    }
  }
}
