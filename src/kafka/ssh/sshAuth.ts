// The login methods tried on one SSH endpoint, in OpenSSH's order: ssh-agent, key files, password.
// Secrets are asked per slot (the endpoint for a password, the key file for a passphrase), so a jump
// host's and a target's keys never share one, and a secret given for one server is never sent to
// another. A stored secret that proves wrong is forgotten and asked for once more; a second wrong
// answer is a clear error.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { ssh2 } from '../client/vendor';
import { PausableDeadline } from './deadline';
import { SshEndpoint } from './sshTarget';
import { SecretKind, SshTunnelOptions } from './tunnelTypes';
import { SshTunnelError } from './tunnelErrors';

export interface AuthStep {
  /** As named in "tried: ..." messages. */
  label: string;
  /** The server-side method it needs offered. */
  method: AuthenticationType;
  make: () => Promise<AnyAuthMethod | undefined>;
}

export interface AuthPlan {
  steps: AuthStep[];
  /** The server rejected the login: a password sent and not yet forgotten is forgotten now. */
  rejected(): Promise<void>;
}

type AuthOptions = Pick<SshTunnelOptions, 'auth' | 'agentSocket' | 'secrets' | 'defaultIdentityFiles'>;

/** The slot a password is kept under: the endpoint it was given for. */
export const passwordSlot = (ep: Pick<SshEndpoint, 'user' | 'host' | 'port'>): string => `${ep.user}@${ep.host}:${ep.port}`;
/** The slot a key passphrase is kept under: the key file it decrypts. */
export const passphraseSlot = (keyFile: string): string => resolve(keyFile);

function keyStep(o: AuthOptions, ep: SshEndpoint, f: string, ask: Ask): AuthStep {
  return {
    label: `publickey (${f})`, method: 'publickey',
    make: async () => {
      let data: Buffer;
      try {
        data = readFileSync(f);
      } catch (e) {
        throw new SshTunnelError('key', `Cannot read the SSH key file ${f}: ${(e as Error).message}`);
      }
      const plain = ssh2().utils.parseKey(data);
      if (!(plain instanceof Error)) return { type: 'publickey', username: ep.user, key: data };
      if (!/passphrase/i.test(plain.message)) throw new SshTunnelError('key', `${f} is not a usable private key: ${plain.message}`);
      const slot = passphraseSlot(f);
      let last: string | undefined;
      let reason = '';
      for (let attempt = 0; attempt < 2; attempt++) {
        const passphrase = await ask('passphrase', attempt === 0 ? `Passphrase for the SSH key ${f}` : `The passphrase for the SSH key ${f} was wrong: enter it again`, slot);
        if (passphrase === undefined) return undefined;
        // The same answer twice (a fixed source) cannot do better: stop instead of asking in a loop.
        if (passphrase === last) break;
        last = passphrase;
        const parsed = ssh2().utils.parseKey(data, passphrase);
        if (!(parsed instanceof Error)) return { type: 'publickey', username: ep.user, key: data, passphrase };
        reason = parsed.message;
        await o.secrets?.forget('passphrase', slot);
      }
      throw new SshTunnelError('key', `Wrong passphrase for the SSH key ${f} (${reason}).`);
    },
  };
}

type Ask = (kind: SecretKind, prompt: string, slot: string) => Promise<string | undefined>;

export function authPlan(o: AuthOptions, ep: SshEndpoint, isTarget: boolean, deadline: PausableDeadline): AuthPlan {
  const only = isTarget ? o.auth : undefined;
  const agent = o.agentSocket ?? process.env.SSH_AUTH_SOCK;
  const steps: AuthStep[] = [];
  const ask: Ask = (kind, prompt, slot) => deadline.paused(async () => o.secrets?.get(kind, prompt, slot));

  if (only === 'agent' && !agent) {
    throw new SshTunnelError('config', 'SSH auth is set to ssh-agent, but SSH_AUTH_SOCK is not set: start ssh-agent and add your key (ssh-add), or pick another method.');
  }
  if (agent && (only === 'agent' || (!only && !ep.identitiesOnly))) {
    steps.push({ label: `agent (${agent})`, method: 'publickey', make: async () => ({ type: 'agent', username: ep.user, agent }) });
  }

  if (!only || only === 'key') {
    const configured = ep.identityFiles;
    const defaults = (o.defaultIdentityFiles ?? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f)))
      .filter((f) => existsSync(f) && !configured.includes(f));
    const missing = configured.find((f) => !existsSync(f));
    if (only === 'key' && missing) throw new SshTunnelError('key', `The SSH key file ${missing} does not exist.`);
    const files = [...configured.filter((f) => existsSync(f)), ...(ep.identitiesOnly && configured.length ? [] : defaults)];
    if (only === 'key' && files.length === 0) {
      throw new SshTunnelError('config', 'SSH auth is set to a key file, but no key file is set and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists.');
    }
    for (const f of files) steps.push(keyStep(o, ep, f, ask));
  }

  const slot = passwordSlot(ep);
  /** The password last sent, until it is forgotten (rejected). */
  let sent: string | undefined;
  let unforgotten = false;
  const forgetSent = async (): Promise<void> => {
    if (!unforgotten) return;
    unforgotten = false;
    await o.secrets?.forget('password', slot);
  };
  if ((!only && isTarget) || only === 'password') {
    const passwordStep = (label: string, prompt: string, retry: boolean): AuthStep => ({
      label, method: 'password',
      make: async () => {
        if (retry) {
          // Only after a password was sent and the server asked again, i.e. rejected it.
          if (sent === undefined) return undefined;
          await forgetSent();
        }
        const password = await ask('password', prompt, slot);
        if (password === undefined || password === sent) return undefined;
        sent = password;
        unforgotten = true;
        return { type: 'password', username: ep.user, password };
      },
    });
    steps.push(passwordStep('password', `SSH password for ${slot}`, false));
    steps.push(passwordStep('password (asked again)', `The SSH password for ${slot} was rejected: enter it again`, true));
  }
  return { steps, rejected: forgetSent };
}
