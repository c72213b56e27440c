// The questions the tunnel asks a person: trust an unknown host key (modal, with the fingerprint), and
// an SSH password or key passphrase, asked once and then kept in SecretStorage.
import * as vscode from 'vscode';
import { ClusterStore } from '../clusters/clusterStore';
import { ClusterConfig, ClusterSecrets } from '../kafka/rules/clusterConfig';
import { HostKeyQuestion, SecretKind, SshSecretsSource } from '../kafka/ssh/sshTunnel';

export const TRUST_HOST = 'Trust and Connect';

export async function askHostKey(cluster: ClusterConfig, q: HostKeyQuestion): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `The authenticity of SSH host ${q.host} can't be established.`,
    {
      modal: true,
      detail: `Cluster "${cluster.name}" connects through ${q.label}.\n\n${q.keyType} key fingerprint:\n${q.fingerprint}\n\n` +
        'Compare it with the fingerprint your administrator gives you (ssh-keygen -lf on the server) before trusting it. ' +
        'A trusted key is remembered; a later change is refused.',
    },
    TRUST_HOST,
  );
  return answer === TRUST_HOST;
}

const field = (kind: SecretKind): keyof ClusterSecrets => (kind === 'password' ? 'sshPassword' : 'sshKeyPassphrase');

/** Secrets of one cluster: read from SecretStorage, else asked once (password box) and stored there. */
export function clusterSshSecrets(store: ClusterStore, cluster: ClusterConfig): SshSecretsSource {
  return {
    async get(kind, prompt) {
      const stored = (await store.secretsFor(cluster.id))[field(kind)];
      if (stored) return stored;
      const value = await vscode.window.showInputBox({
        title: `Kafka: SSH ${kind} for cluster "${cluster.name}"`,
        prompt: `${prompt} (kept in VS Code's secret storage)`,
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      await store.storeSecrets(cluster.id, { ...(await store.secretsFor(cluster.id)), [field(kind)]: value });
      return value;
    },
    async forget(kind) {
      const s = await store.secretsFor(cluster.id);
      delete s[field(kind)];
      await store.storeSecrets(cluster.id, s);
    },
  };
}
