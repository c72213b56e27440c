// Where clusters live: non-secret settings in the `kafkaDev.clusters` user setting (machine scope),
// secrets in SecretStorage under a key derived from the cluster id.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ClusterConfig, ClusterSecrets } from '../kafka/rules/clusterConfig';
import { readClusters, SettingProblem } from '../kafka/rules/settings';
import { sshTargetChanged } from '../kafka/ssh/secretSlots';

const SETTING = 'clusters';
const secretKey = (clusterId: string): string => `kafkaDev.cluster.${clusterId}.secrets`;
/** SSH passwords and passphrases, per endpoint / key file (src/kafka/ssh/secretSlots.ts). */
const sshSecretKey = (clusterId: string): string => `kafkaDev.cluster.${clusterId}.sshSecrets`;

export class ClusterStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  /** Told the problems of the current `kafkaDev.clusters` whenever they change (the settings reporter). */
  onProblems: (problems: SettingProblem[]) => void = () => undefined;
  private lastProblems = '';

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`kafkaDev.${SETTING}`)) this.changed.fire();
    });
  }

  /** The setting as written, entries with problems included: what save() and remove() write back. */
  private raw(): unknown[] {
    const raw = vscode.workspace.getConfiguration('kafkaDev').get<unknown>(SETTING, []);
    return Array.isArray(raw) ? raw : [];
  }

  /**
   * The clusters that can be used. Each entry is checked once here (src/kafka/rules/settings.ts); one with a
   * problem is left out and reported with the setting's name, never used with other settings than written.
   */
  list(): ClusterConfig[] {
    const { clusters, problems } = readClusters(vscode.workspace.getConfiguration('kafkaDev').get<unknown>(SETTING, []));
    const key = problems.map((p) => p.message).join('\n');
    if (key !== this.lastProblems) {
      this.lastProblems = key;
      this.onProblems(problems);
    }
    return clusters;
  }

  get(id: string): ClusterConfig | undefined {
    return this.list().find((c) => c.id === id);
  }

  async save(cluster: Omit<ClusterConfig, 'id'> & { id?: string }, secrets?: ClusterSecrets): Promise<ClusterConfig> {
    const full: ClusterConfig = { ...cluster, id: cluster.id ?? randomUUID() };
    // Written back into the setting as found: entries this list() leaves out for a problem stay as they are.
    const next = [...this.raw()];
    const at = this.indexOf(next, full.id);
    if (at >= 0) next[at] = full;
    else next.push(full);
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
    const next = [...this.raw()];
    const at = this.indexOf(next, id);
    if (at >= 0) next.splice(at, 1);
    await vscode.workspace.getConfiguration('kafkaDev').update(SETTING, next, vscode.ConfigurationTarget.Global);
  }

  /** The index of the raw entry with this id (an entry without one has the id derived from its name). */
  private indexOf(raw: unknown[], id: string): number {
    return raw.findIndex((e) => {
      if (typeof e !== 'object' || e === null) return false;
      const o = e as { id?: unknown; name?: unknown };
      return (typeof o.id === 'string' ? o.id : `name:${String(o.name)}`) === id;
    });
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
