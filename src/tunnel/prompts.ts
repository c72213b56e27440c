// The questions the tunnel asks a person: trust an unknown host key (modal, with the fingerprint), and
// an SSH password or key passphrase, asked once per endpoint / key file and then kept in SecretStorage.
import * as vscode from 'vscode';
import { ClusterStore } from '../clusters/clusterStore';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { vaultSecrets } from '../kafka/ssh/secretSlots';
import { HostKeyQuestion, SshSecretsSource } from '../kafka/ssh/sshTunnel';

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

/**
 * Secrets of one cluster's SSH: read from SecretStorage under their slot (the endpoint for a password,
 * the key file for a passphrase), else asked (password box) and stored there. The cluster store drops
 * them when the cluster's SSH target changes or the cluster is removed.
 */
export function clusterSshSecrets(store: ClusterStore, cluster: ClusterConfig): SshSecretsSource {
  return vaultSecrets(
    { read: () => store.sshSecretsFor(cluster.id), write: (all) => store.storeSshSecrets(cluster.id, all) },
    async (kind, prompt, slot) => vscode.window.showInputBox({
      title: `Kafka: SSH ${kind} for ${slot} (cluster "${cluster.name}")`,
      prompt: `${prompt} (kept in VS Code's secret storage)`,
      password: true,
      ignoreFocusOut: true,
    }),
  );
}
