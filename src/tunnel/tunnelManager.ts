// One SSH tunnel per cluster that has `ssh` settings: made when the cluster connects, checked before
// Kafka is handed the socket factory (so SSH problems surface as SSH errors, not as Kafka timeouts),
// closed when the cluster is reset and when the extension goes away.
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { ISocketFactory } from 'kafkajs';
import * as vscode from 'vscode';
import { ClusterConfig, parseHostPort } from '../kafka/rules/clusterConfig';
import { createSshSocketFactory } from '../kafka/ssh/socketFactory';
import { loadSshConfig } from '../kafka/ssh/sshConfig';
import { resolveSshTarget } from '../kafka/ssh/sshTarget';
import { HostKeyQuestion, SshTunnel, TunnelStatus } from '../kafka/ssh/sshTunnel';
import { Services } from '../services';
import { askHostKey, clusterSshSecrets } from './prompts';

export interface ClusterTunnelStatus extends TunnelStatus {
  clusterId: string;
  clusterName: string;
}

export class TunnelManager implements vscode.Disposable {
  private readonly tunnels = new Map<string, { cluster: ClusterConfig; tunnel: SshTunnel }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Replaceable by tests: how an unknown host key is put to the person. */
  hostKeyPrompt: (cluster: ClusterConfig, q: HostKeyQuestion) => Promise<boolean> = askHostKey;

  constructor(private readonly services: Services) {}

  /** Keys the person accepts go to a file the extension owns; ~/.ssh/known_hosts is read, never written. */
  knownHostsFile(): string {
    return join(this.services.context.globalStorageUri.fsPath, 'known_hosts');
  }

  /** The ConnectionManager's socket-factory provider. */
  async socketFactoryFor(cluster: ClusterConfig): Promise<ISocketFactory | undefined> {
    if (!cluster.ssh || (!cluster.ssh.alias && !cluster.ssh.host)) return undefined;
    this.close(cluster.id);
    const target = resolveSshTarget(cluster.ssh, loadSshConfig());
    const log = this.services.log;
    const tunnel = new SshTunnel({
      target,
      auth: cluster.ssh.auth,
      secrets: clusterSshSecrets(this.services.clusters, cluster),
      knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts'), join(homedir(), '.ssh', 'known_hosts2'), this.knownHostsFile()],
      knownHostsAppendTo: this.knownHostsFile(),
      confirmUnknownHost: (q) => this.hostKeyPrompt(cluster, q),
      timeoutMs: this.services.connections.timeoutMs(),
      log: (m) => log.info(`[${cluster.name}] ${m}`),
    });
    tunnel.onStatus(() => this.changed.fire());
    this.tunnels.set(cluster.id, { cluster, tunnel });
    const servers = cluster.bootstrapServers.map(parseHostPort).flatMap((hp) => ('error' in hp ? [] : [hp]));
    try {
      await tunnel.checkReachable(servers);
    } catch (e) {
      this.close(cluster.id);
      throw e;
    }
    return createSshSocketFactory(tunnel, (e, t) => log.warn(`[${cluster.name}] SSH channel to ${t}: ${e.message}`));
  }

  get(clusterId: string): SshTunnel | undefined {
    return this.tunnels.get(clusterId)?.tunnel;
  }

  statuses(): ClusterTunnelStatus[] {
    return [...this.tunnels.entries()].map(([clusterId, t]) => ({ clusterId, clusterName: t.cluster.name, ...t.tunnel.status() }));
  }

  close(clusterId: string): void {
    const t = this.tunnels.get(clusterId);
    if (!t) return;
    this.tunnels.delete(clusterId);
    t.tunnel.close();
    this.changed.fire();
  }

  dispose(): void {
    for (const id of [...this.tunnels.keys()]) this.close(id);
    this.changed.dispose();
  }
}
