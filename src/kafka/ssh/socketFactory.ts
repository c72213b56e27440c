// The kafkajs socketFactory that routes every broker connection (bootstrap and every advertised
// address) through the cluster's SSH connection. kafkajs calls the factory synchronously and at once
// uses on/write/end/unref on the result, so we hand back a Duplex immediately and join it to the SSH
// channel when the server opens it; writes made before then are held.
import { Socket } from 'node:net';
import { isIP } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import type { ClientChannel } from 'ssh2';
import { SshTunnel } from './sshTunnel';
import { SshTunnelError } from './tunnelErrors';

type WriteCallback = (error?: Error | null) => void;

/** A socket-like Duplex whose far end is an SSH direct-tcpip channel, attached once it opens. */
export class TunnelSocket extends Duplex {
  private channel: ClientChannel | undefined;
  private pending: Array<{ chunk: Buffer; cb: WriteCallback }> = [];
  private endRequested = false;

  constructor(readonly target: string) {
    super();
  }

  attach(ch: ClientChannel): void {
    if (this.destroyed) {
      ch.close();
      return;
    }
    this.channel = ch;
    ch.on('data', (d: Buffer) => {
      if (!this.push(d)) ch.pause();
    });
    ch.once('end', () => this.push(null));
    // A channel that closes without EOF (the SSH connection died) must still end the socket, or kafkajs
    // would wait for answers on a dead connection until its request timeout.
    ch.once('close', () => {
      if (!this.readableEnded) this.push(null);
      if (!this.destroyed) this.destroy();
    });
    ch.on('error', (e: Error) => this.destroy(e));
    const queued = this.pending;
    this.pending = [];
    for (const { chunk, cb } of queued) ch.write(chunk, cb);
    if (this.endRequested) ch.end();
    this.emit('connect');
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: WriteCallback): void {
    if (this.channel) this.channel.write(chunk, cb);
    else this.pending.push({ chunk, cb });
  }

  override _final(cb: WriteCallback): void {
    if (this.channel) this.channel.end();
    else this.endRequested = true;
    cb();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    const e = err ?? new SshTunnelError('closed', `the SSH channel to ${this.target} closed`);
    for (const p of this.pending) p.cb(e);
    this.pending = [];
    this.channel?.close();
    cb(err);
  }

  /** kafkajs calls unref() when it disconnects; a channel holds no handle of its own. */
  unref(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setTimeout(): this {
    return this;
  }
}

/**
 * One factory per cluster. `onError` sees every channel failure (e.g. to show the SSH reason, which
 * kafkajs would otherwise fold into a generic connection error).
 */
export function createSshSocketFactory(tunnel: SshTunnel, onError?: (e: Error, target: string) => void): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const target = `${host}:${port}`;
    const raw = new TunnelSocket(target);
    tunnel.forward(host, port).then((ch) => raw.attach(ch), (e: Error) => {
      onError?.(e, target);
      raw.destroy(e);
    });
    if (ssl) {
      // TLS runs end to end, from here to the broker, inside the SSH channel.
      const servername = isIP(host) ? undefined : host;
      return tlsConnect({ ...ssl, socket: raw, servername }, onConnect);
    }
    raw.once('connect', onConnect);
    // kafkajs types the result as net.Socket but uses only the stream methods and unref().
    return raw as unknown as Socket;
  };
}
