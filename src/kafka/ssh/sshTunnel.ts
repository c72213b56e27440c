// One SSH connection per cluster (through ProxyJump hops if configured), shared by every Kafka socket
// of that cluster. Dialled on first use, re-dialled on the next request after it drops; host keys are
// checked against known_hosts before any credential is sent.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AnyAuthMethod, AuthenticationType, Client, ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import {
  checkHostKey, fingerprint, hostKeyAlgorithmsFor, hostLookupName, KnownHostEntry, knownHostsLine, keyTypeOf, parseKnownHosts,
} from './knownHosts';
import { SshEndpoint, SshTarget } from './sshTarget';
import { describeChannelError, describeSshConnectError, SshTunnelError } from './tunnelErrors';
import { ssh2 } from '../client/vendor';

export type SecretKind = 'password' | 'passphrase';

/** Where passwords and key passphrases come from (SecretStorage + a prompt in VS Code; fixed values in tests). */
export interface SshSecretsSource {
  /** The stored secret, or the person's answer; undefined when they cancel. */
  get(kind: SecretKind, prompt: string): Promise<string | undefined>;
  /** Called when a stored secret proved wrong, so the next attempt asks again. */
  forget(kind: SecretKind): Promise<void>;
}

export interface HostKeyQuestion {
  /** "host" or "[host]:port", as known_hosts names it. */
  host: string;
  keyType: string;
  fingerprint: string;
  /** How the SSH endpoint is named in settings. */
  label: string;
}

export interface SshTunnelOptions {
  target: SshTarget;
  /** Only this method; when absent: agent, then key files, then password (as the server allows). */
  auth?: 'agent' | 'key' | 'password';
  /** ssh-agent socket; default $SSH_AUTH_SOCK. */
  agentSocket?: string;
  secrets?: SshSecretsSource;
  /** known_hosts files to check, in order (missing files are fine). Default ~/.ssh/known_hosts. */
  knownHostsFiles?: string[];
  /** Where keys the person accepts are appended. Default: the first of knownHostsFiles. */
  knownHostsAppendTo?: string;
  /** Asked for unknown host keys; true accepts (and remembers) the key. */
  confirmUnknownHost: (q: HostKeyQuestion) => Promise<boolean>;
  /** Bound for each connection attempt (TCP + handshake + login), not counting time spent in prompts. */
  timeoutMs: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Key files tried when neither settings nor ~/.ssh/config name one. */
  defaultIdentityFiles?: string[];
  log?: (message: string) => void;
}

export type TunnelState = 'idle' | 'connecting' | 'connected' | 'failed' | 'closed';

export interface TunnelStatus {
  state: TunnelState;
  label: string;
  /** Successful SSH logins so far (more than one means it reconnected). */
  connects: number;
  openChannels: number;
  lastError?: string;
}

interface Live {
  client: Client;
  /** The jump-host clients under it, closed with it. */
  chain: Client[];
}

/** A deadline that stops counting while a person is answering a prompt. */
class PausableDeadline {
  private timer: NodeJS.Timeout | undefined;
  private remaining: number;
  private startedAt = 0;
  constructor(ms: number, private readonly onExpire: () => void) {
    this.remaining = ms;
    this.resume();
  }
  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining -= Date.now() - this.startedAt;
  }
  resume(): void {
    if (this.timer || this.remaining === Infinity) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => { this.timer = undefined; this.onExpire(); }, Math.max(0, this.remaining));
  }
  stop(): void {
    this.remaining = Infinity;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface AuthStep {
  /** As named in "tried: ..." messages. */
  label: string;
  /** The server-side method it needs offered. */
  method: AuthenticationType;
  make: () => Promise<AnyAuthMethod | undefined>;
}

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
      this.connecting = this.dialChain().then((live) => {
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
        const ch = await this.openChannel(live.client, host, port, this.label);
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

  private openChannel(client: Client, host: string, port: number, via: string): Promise<ClientChannel> {
    const target = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new SshTunnelError('unreachable',
        `The SSH server ${via} did not open a channel to ${target} within ${this.opts.timeoutMs} ms.`)), this.opts.timeoutMs);
      try {
        client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
          clearTimeout(t);
          if (err) reject(describeChannelError(err, via, target));
          else resolve(ch);
        });
      } catch (e) {
        clearTimeout(t);
        reject(e);
      }
    });
  }

  private async dialChain(): Promise<Live> {
    const hops: SshEndpoint[] = [...this.opts.target.jumps, this.opts.target];
    const chain: Client[] = [];
    try {
      let sock: ClientChannel | undefined;
      for (let i = 0; i < hops.length; i++) {
        const c = await this.dialOne(hops[i], sock, i === hops.length - 1);
        chain.push(c);
        if (i < hops.length - 1) sock = await this.openChannel(c, hops[i + 1].host, hops[i + 1].port, hops[i].label);
      }
      return { client: chain[chain.length - 1], chain };
    } catch (e) {
      chain.forEach((c) => c.end());
      throw e;
    }
  }

  private readKnownHosts(): KnownHostEntry[] {
    const files = this.opts.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts')];
    return files.flatMap((f) => {
      try {
        return existsSync(f) ? parseKnownHosts(readFileSync(f, 'utf8'), f) : [];
      } catch {
        return [];
      }
    });
  }

  private rememberHostKey(ep: SshEndpoint, key: Buffer): void {
    const file = this.opts.knownHostsAppendTo ?? (this.opts.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts')])[0];
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const needsNewline = existsSync(file) && statSync(file).size > 0 && !readFileSync(file, 'utf8').endsWith('\n');
    appendFileSync(file, `${needsNewline ? '\n' : ''}${knownHostsLine(ep.host, ep.port, key)}\n`, { mode: 0o600 });
    this.log(`remembered the host key of ${hostLookupName(ep.host, ep.port)} in ${file}`);
  }

  /** Resolves true to continue the handshake; throws (with the reason) to refuse. */
  private async verifyHostKey(ep: SshEndpoint, key: Buffer, deadline: PausableDeadline): Promise<true> {
    const name = hostLookupName(ep.host, ep.port);
    const fp = fingerprint(key);
    const type = keyTypeOf(key);
    const r = checkHostKey(this.readKnownHosts(), ep.host, ep.port, key);
    switch (r.status) {
      case 'known':
        return true;
      case 'revoked':
        throw new SshTunnelError('hostkey-changed',
          `The SSH host key of ${name} (${type} ${fp}) is marked @revoked in ${r.entry.file ?? 'known_hosts'}:${r.entry.line}. Refusing to connect.`);
      case 'changed': {
        const was = r.known.map((k) => `${k.keyType} ${fingerprint(k.keyBlob)} (${k.file ?? 'known_hosts'}:${k.line})`).join(', ');
        throw new SshTunnelError('hostkey-changed',
          `WARNING: the SSH host key of ${name} has CHANGED. The server presented ${type} ${fp}, but known_hosts has ${was}. ` +
          'Someone could be intercepting the connection, or the server was reinstalled. Refusing to connect; ' +
          'if the change is expected, remove the old entry and connect again.');
      }
      case 'unknown': {
        deadline.pause();
        let ok: boolean;
        try {
          ok = await this.opts.confirmUnknownHost({ host: name, keyType: type, fingerprint: fp, label: ep.label });
        } finally {
          deadline.resume();
        }
        if (!ok) {
          throw new SshTunnelError('hostkey-rejected', `The SSH host key of ${name} (${type} ${fp}) was not accepted, so no connection was made.`);
        }
        this.rememberHostKey(ep, key);
        return true;
      }
    }
  }

  private authSteps(ep: SshEndpoint, isTarget: boolean, deadline: PausableDeadline): AuthStep[] {
    const only = isTarget ? this.opts.auth : undefined;
    const agent = this.opts.agentSocket ?? process.env.SSH_AUTH_SOCK;
    const steps: AuthStep[] = [];
    const ask = async (kind: SecretKind, prompt: string): Promise<string | undefined> => {
      deadline.pause();
      try {
        return await this.opts.secrets?.get(kind, prompt);
      } finally {
        deadline.resume();
      }
    };

    if (only === 'agent' && !agent) {
      throw new SshTunnelError('config', 'SSH auth is set to ssh-agent, but SSH_AUTH_SOCK is not set: start ssh-agent and add your key (ssh-add), or pick another method.');
    }
    if (agent && (only === 'agent' || (!only && !ep.identitiesOnly))) {
      steps.push({ label: `agent (${agent})`, method: 'publickey', make: async () => ({ type: 'agent', username: ep.user, agent }) });
    }

    if (!only || only === 'key') {
      const configured = ep.identityFiles;
      const defaults = (this.opts.defaultIdentityFiles ?? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f)))
        .filter((f) => existsSync(f) && !configured.includes(f));
      for (const f of configured) {
        if (!existsSync(f)) {
          if (only === 'key') throw new SshTunnelError('key', `The SSH key file ${f} does not exist.`);
          continue;
        }
      }
      const files = [...configured.filter((f) => existsSync(f)), ...(ep.identitiesOnly && configured.length ? [] : defaults)];
      if (only === 'key' && files.length === 0) {
        throw new SshTunnelError('config', 'SSH auth is set to a key file, but no key file is set and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists.');
      }
      for (const f of files) {
        steps.push({
          label: `publickey (${f})`, method: 'publickey',
          make: async () => {
            let data: Buffer;
            try {
              data = readFileSync(f);
            } catch (e) {
              throw new SshTunnelError('key', `Cannot read the SSH key file ${f}: ${(e as Error).message}`);
            }
            let parsed = ssh2().utils.parseKey(data);
            if (!(parsed instanceof Error)) return { type: 'publickey', username: ep.user, key: data };
            if (!/passphrase/i.test(parsed.message)) throw new SshTunnelError('key', `${f} is not a usable private key: ${parsed.message}`);
            const passphrase = await ask('passphrase', `Passphrase for the SSH key ${f}`);
            if (passphrase === undefined) return undefined;
            parsed = ssh2().utils.parseKey(data, passphrase);
            if (parsed instanceof Error) {
              await this.opts.secrets?.forget('passphrase');
              throw new SshTunnelError('key', `Wrong passphrase for the SSH key ${f} (${parsed.message}).`);
            }
            return { type: 'publickey', username: ep.user, key: data, passphrase };
          },
        });
      }
    }

    if ((!only && isTarget) || only === 'password') {
      steps.push({
        label: 'password', method: 'password',
        make: async () => {
          const password = await ask('password', `SSH password for ${ep.user}@${ep.host}`);
          return password === undefined ? undefined : { type: 'password', username: ep.user, password };
        },
      });
    }
    return steps;
  }

  private dialOne(ep: SshEndpoint, sock: ClientChannel | undefined, isTarget: boolean): Promise<Client> {
    const where = `${ep.user}@${ep.host}:${ep.port}`;
    return new Promise<Client>((resolve, reject) => {
      const c = new (ssh2().Client)();
      let settled = false;
      let verdict: SshTunnelError | undefined;
      const tried: string[] = [];
      let usedPassword = false;
      const fail = (e: SshTunnelError): void => {
        if (settled) return;
        settled = true;
        deadline.stop();
        c.end();
        reject(e);
      };
      const deadline = new PausableDeadline(this.opts.timeoutMs, () =>
        fail(verdict ?? new SshTunnelError('unreachable', `No SSH answer from ${where} within ${this.opts.timeoutMs} ms: check the address, the network or VPN, and firewalls.`)));

      let steps: AuthStep[];
      try {
        steps = this.authSteps(ep, isTarget, deadline);
      } catch (e) {
        fail(e as SshTunnelError);
        return;
      }
      let next = 0;
      const authHandler = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, cb: (m: AnyAuthMethod | false) => void): void => {
        void (async () => {
          while (next < steps.length) {
            const s = steps[next++];
            if (methodsLeft && !methodsLeft.includes(s.method)) continue;
            const m = await s.make();
            if (!m) continue;
            tried.push(s.label);
            if (m.type === 'password') usedPassword = true;
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
          if (usedPassword) void this.opts.secrets?.forget('password');
          const how = tried.length ? `tried: ${tried.join(', ')}` : 'no method could be tried (no ssh-agent, no key file, no password)';
          fail(new SshTunnelError('auth', `SSH login as ${ep.user} on ${ep.host}:${ep.port} was rejected; ${how}.`));
          return;
        }
        fail(describeSshConnectError(e, where, this.opts.timeoutMs));
      });
      c.once('close', () => fail(verdict ?? new SshTunnelError('closed', `The SSH server at ${where} closed the connection before login completed.`)));

      // Offer the key types known_hosts already has for this host first, as OpenSSH does, so a server
      // with several host keys shows the one we can check.
      const knownTypes = [...new Set(this.readKnownHosts()
        .filter((k) => !k.marker && checkHostKey([k], ep.host, ep.port, k.keyBlob).status === 'known')
        .flatMap((k) => hostKeyAlgorithmsFor(k.keyType)))]
        .filter((a) => SUPPORTED_HOST_KEY.includes(a)) as ServerHostKeyAlgorithm[];

      const cfg: ConnectConfig = {
        host: ep.host,
        port: ep.port,
        username: ep.user,
        sock,
        readyTimeout: 0, // our own deadline, which pauses during prompts
        keepaliveInterval: this.opts.keepaliveIntervalMs ?? 5_000,
        keepaliveCountMax: this.opts.keepaliveCountMax ?? 3,
        algorithms: knownTypes.length ? { serverHostKey: { remove: knownTypes, prepend: knownTypes, append: [] } } : undefined,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          this.verifyHostKey(ep, key, deadline).then(() => verify(true), (e: unknown) => {
            verdict = e instanceof SshTunnelError ? e : new SshTunnelError('hostkey-rejected', String(e));
            verify(false);
          });
        },
        authHandler: authHandler as unknown as ConnectConfig['authHandler'],
      };
      try {
        c.connect(cfg);
      } catch (e) {
        fail(describeSshConnectError(e, where, this.opts.timeoutMs));
      }
    });
  }
}

const SUPPORTED_HOST_KEY = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
