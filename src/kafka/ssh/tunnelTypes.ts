// The SSH tunnel's public shapes: its options, the questions it asks (host keys, secrets) and its status.
// Kept apart from the tunnel so the connect/auth, host-key and channel modules share them without cycles.
import type { Client } from 'ssh2';
import type { ServerNoDelayMode, ServerNoDelayOutcome } from './serverNoDelay';
import { SshTarget } from './sshTarget';

export type SecretKind = 'password' | 'passphrase';

/**
 * Where passwords and key passphrases come from (SecretStorage + a prompt in VS Code; fixed values in tests).
 * `slot` names what the secret unlocks: "user@host:port" for a password, the key file's path for a
 * passphrase. A secret is only ever offered to the endpoint or key it was given for.
 */
export interface SshSecretsSource {
  /** The stored secret, or the person's answer; undefined when they cancel. */
  get(kind: SecretKind, prompt: string, slot: string): Promise<string | undefined>;
  /** Called when a stored secret proved wrong, so the next get asks again. */
  forget(kind: SecretKind, slot: string): Promise<void>;
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
  /**
   * How each hop's sshd is asked to turn Nagle's algorithm off (serverNoDelay.ts). Default 'exec' (runs
   * `true` in a session once per login); 'off' for servers where even that must not happen.
   */
  serverNoDelay?: ServerNoDelayMode;
  /** Ciphers offered, most preferred first (default: ssh2's list). For measurements. */
  ciphers?: string[];
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

/** A live SSH connection: the target's client and the jump-host clients under it, closed with it. */
export interface Live {
  client: Client;
  chain: Client[];
  /** Per hop (jumps first): whether its sshd was got to set TCP_NODELAY; settles within the connect timeout. */
  serverNoDelay: Promise<ServerNoDelayOutcome[]>;
}
