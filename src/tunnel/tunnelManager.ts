// SSH transports for clusters that have `ssh` settings. This feature only knows how to make a tunnel
// (target, auth, host-key checks, secrets); the ConnectionManager asks for one with each shared client
// and for each Test Connection, owns it and closes it with that client. The statuses shown in the status
// bar and by Tunnel Status are read from the ConnectionManager, the owner.
import { join } from 'node:path';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { ClusterTransportStatus } from '../clusters/connections';
import { ClusterTransport, TransportPurpose } from '../clusters/transport';
import { ClusterConfig, parseHostPort } from '../kafka/rules/clusterConfig';
import { createSshSocketFactory } from '../kafka/ssh/socketFactory';
import { loadSshConfig } from '../kafka/ssh/sshConfig';
import { resolveSshTarget } from '../kafka/ssh/sshTarget';
import { HostKeyQuestion, ServerNoDelayMode, SshSecretsSource, SshTunnel } from '../kafka/ssh/sshTunnel';
import { Services } from '../services';
import { askHostKey, clusterSshSecrets } from './prompts';

export type ClusterTunnelStatus = ClusterTransportStatus;

export class TunnelManager {
  /** Fires when a shared tunnel opens, changes state or closes. */
  readonly onDidChange: vscode.Event<void>;
  /** Replaceable by tests: how an unknown host key is put to the person. */
  hostKeyPrompt: (cluster: ClusterConfig, q: HostKeyQuestion) => Promise<boolean> = askHostKey;

  constructor(private readonly services: Services) {
    this.onDidChange = services.connections.onDidChangeTransport;
  }

  /** Keys the person accepts go to a file the extension owns; ~/.ssh/known_hosts is read, never written. */
  knownHostsFile(): string {
    return join(this.services.context.globalStorageUri.fsPath, 'known_hosts');
  }

  /** The ConnectionManager's transport factory: a new, unconnected tunnel, or undefined for direct clusters. */
  transportFor(cluster: ClusterConfig, purpose: TransportPurpose): ClusterTransport | undefined {
    if (!cluster.ssh || (!cluster.ssh.alias && !cluster.ssh.host)) return undefined;
    const log = this.services.log;
    const what = purpose === 'test' ? `[${cluster.name}] test connection:` : `[${cluster.name}]`;
    const tunnel = this.sshTunnelFor(cluster, { logPrefix: what });
    const servers = cluster.bootstrapServers.map(parseHostPort).flatMap((hp) => ('error' in hp ? [] : [hp]));
    return {
      socketFactory: createSshSocketFactory(tunnel, (e, t) => log.warn(`${what} SSH channel to ${t}: ${e.message}`)),
      // SSH problems surface as SSH errors (host key, auth, refused) rather than as Kafka timeouts.
      ready: () => tunnel.checkReachable(servers),
      status: () => tunnel.status(),
      onStatus: (fn) => tunnel.onStatus(() => fn()),
      close: () => tunnel.close(),
    };
  }

  /**
   * A bare, unconnected SshTunnel to `target`'s SSH host with the same target resolution, host-key checks and
   * known_hosts files as the clusters' tunnels; its owner closes it. Secrets: the cluster's SecretStorage
   * slots, or `secrets` when given (Set Up Kafka on a VM, before the cluster exists). Throws SshTunnelError
   * for an alias missing from ~/.ssh/config or a malformed host.
   */
  sshTunnelFor(target: Pick<ClusterConfig, 'id' | 'name' | 'ssh'> & Partial<ClusterConfig>, opts: { secrets?: SshSecretsSource; logPrefix?: string; serverNoDelay?: ServerNoDelayMode } = {}): SshTunnel {
    const ssh = target.ssh;
    if (!ssh || (!ssh.alias && !ssh.host)) throw new Error(`"${target.name}" has no SSH settings: it needs an alias from ~/.ssh/config or user@host[:port].`);
    const cluster: ClusterConfig = { bootstrapServers: [], ...target };
    const log = this.services.log;
    const what = opts.logPrefix ?? `[${target.name}]`;
    return new SshTunnel({
      target: resolveSshTarget(ssh, loadSshConfig()),
      auth: ssh.auth,
      secrets: opts.secrets ?? clusterSshSecrets(this.services.clusters, cluster),
      knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts'), join(homedir(), '.ssh', 'known_hosts2'), this.knownHostsFile()],
      knownHostsAppendTo: this.knownHostsFile(),
      confirmUnknownHost: (q) => this.hostKeyPrompt(cluster, q),
      timeoutMs: this.services.connections.timeoutMs(),
      serverNoDelay: opts.serverNoDelay,
      log: (m) => log.info(`${what} ${m}`),
    });
  }

  /** The shared tunnels, read from their owner. */
  statuses(): ClusterTunnelStatus[] {
    return this.services.connections.transportStatuses();
  }
}
