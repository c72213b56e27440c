// Where clusters live: non-secret settings in the `kafkaDev.clusters` user setting (machine scope),
// secrets in SecretStorage under a key derived from the cluster id.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ClusterConfig, ClusterSecrets } from '../kafka/rules/clusterConfig';
import { sshTargetChanged } from '../kafka/ssh/secretSlots';

const SETTING = 'clusters';
const secretKey = (clusterId: string): string => `kafkaDev.cluster.${clusterId}.secrets`;
/** SSH passwords and passphrases, per endpoint / key file (src/kafka/ssh/secretSlots.ts). */
const sshSecretKey = (clusterId: string): string => `kafkaDev.cluster.${clusterId}.sshSecrets`;

export class ClusterStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`kafkaDev.${SETTING}`)) this.changed.fire();
    });
  }

  list(): ClusterConfig[] {
    const raw = vscode.workspace.getConfiguration('kafkaDev').get<Partial<ClusterConfig>[]>(SETTING, []);
    // Entries written by hand may lack an id; derive a stable one from the name so secrets still match.
    return raw
      .filter((c): c is Partial<ClusterConfig> & { name: string; bootstrapServers: string[] } =>
        typeof c?.name === 'string' && Array.isArray(c.bootstrapServers))
      .map((c) => ({ ...c, id: c.id ?? `name:${c.name}` }) as ClusterConfig);
  }

  get(id: string): ClusterConfig | undefined {
    return this.list().find((c) => c.id === id);
  }

  async save(cluster: Omit<ClusterConfig, 'id'> & { id?: string }, secrets?: ClusterSecrets): Promise<ClusterConfig> {
    const full: ClusterConfig = { ...cluster, id: cluster.id ?? randomUUID() };
    const others = this.list().filter((c) => c.id !== full.id);
    const existing = this.list().findIndex((c) => c.id === full.id);
    const next = [...others];
    next.splice(existing >= 0 ? existing : next.length, 0, full);
    // Secrets given for another SSH target (or for SSH that was removed) must not reach the new one.
    const previous = this.get(full.id);
    if (previous && sshTargetChanged(previous.ssh, full.ssh)) await this.secrets.delete(sshSecretKey(full.id));
    if (secrets) {
      // Per-cluster SSH fields of older versions: not tied to an endpoint, so never kept.
      const { sshPassword: _p, sshKeyPassphrase: _k, ...rest } = secrets;
      await this.secrets.store(secretKey(full.id), JSON.stringify(rest));
    }
    await vscode.workspace.getConfiguration('kafkaDev').update(SETTING, next, vscode.ConfigurationTarget.Global);
    return full;
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.secrets.delete(sshSecretKey(id));
    const next = this.list().filter((c) => c.id !== id);
    await vscode.workspace.getConfiguration('kafkaDev').update(SETTING, next, vscode.ConfigurationTarget.Global);
  }

  async secretsFor(id: string): Promise<ClusterSecrets> {
    const s = await this.secrets.get(secretKey(id));
    return s ? (JSON.parse(s) as ClusterSecrets) : {};
  }

  async storeSecrets(id: string, secrets: ClusterSecrets): Promise<void> {
    await this.secrets.store(secretKey(id), JSON.stringify(secrets));
  }

  async sshSecretsFor(id: string): Promise<Record<string, string>> {
    const s = await this.secrets.get(sshSecretKey(id));
    return s ? (JSON.parse(s) as Record<string, string>) : {};
  }

  async storeSshSecrets(id: string, all: Record<string, string>): Promise<void> {
    if (Object.keys(all).length === 0) await this.secrets.delete(sshSecretKey(id));
    else await this.secrets.store(sshSecretKey(id), JSON.stringify(all));
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
