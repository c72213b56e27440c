// SSH secrets kept per slot: a password under the endpoint it was given for ("user@host:port"), a key
// passphrase under the key file it decrypts. The store (VS Code's SecretStorage per cluster, or memory
// in tests) is a plain map; changing where a cluster's SSH goes drops the map, so a password given for
// one server is never offered to another and nothing outlives the settings it was given for.
import { SshSettings } from '../rules/clusterConfig';
import { SecretKind, SshSecretsSource } from './tunnelTypes';

export interface SecretVault {
  read(): Promise<Record<string, string>>;
  write(all: Record<string, string>): Promise<void>;
}

/** Asks the person for a secret; undefined when they cancel. */
export type SecretAsker = (kind: SecretKind, prompt: string, slot: string) => Promise<string | undefined>;

export const slotKey = (kind: SecretKind, slot: string): string => `${kind} ${slot}`;

/** Stored secrets first, else the person's answer (then stored under its slot). */
export function vaultSecrets(vault: SecretVault, ask: SecretAsker): SshSecretsSource {
  return {
    async get(kind, prompt, slot) {
      const stored = (await vault.read())[slotKey(kind, slot)];
      if (stored !== undefined) return stored;
      const value = await ask(kind, prompt, slot);
      if (value === undefined) return undefined;
      await vault.write({ ...(await vault.read()), [slotKey(kind, slot)]: value });
      return value;
    },
    async forget(kind, slot) {
      const all = await vault.read();
      if (!(slotKey(kind, slot) in all)) return;
      delete all[slotKey(kind, slot)];
      await vault.write(all);
    },
  };
}

const norm = (v: string | number | undefined): string => String(v ?? '').trim();

/**
 * True when an edit changes where the cluster's SSH goes or which key it uses (or removes SSH): the
 * secrets kept for the old settings are then dropped. The auth method alone does not count.
 */
export function sshTargetChanged(prev: SshSettings | undefined, next: SshSettings | undefined): boolean {
  if (!prev && !next) return false;
  if (!prev || !next) return true;
  return (['alias', 'host', 'port', 'user', 'identityFile'] as const).some((k) => norm(prev[k]) !== norm(next[k]));
}
