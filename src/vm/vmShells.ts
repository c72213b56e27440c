// SSH connections for the VM commands. Each command (Start / Stop / Restart, the VM row's status, Set Up)
// opens an SshTunnel of its own and closes it when it ends, and the log follower keeps its own until it is
// stopped. Why not the cluster's shared tunnel: that one belongs to the ConnectionManager, which closes it
// on every Refresh, settings change or reset, and Stop Broker is exactly what makes the cluster's Kafka
// connection fail and be reset; a command running on that tunnel would lose its shell midway. A tunnel of
// its own also never disturbs the consumers and producers using the shared one (as Test Connection does).
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import type { SshSecretsSource, SshTunnel } from '../kafka/ssh/sshTunnel';
import { openVmShell } from '../kafka/vm/vmShell';
import { DEFAULT_LAYOUT, VmLayout, VmShell } from '../kafka/vm/vmTypes';
import type { TunnelManager } from '../tunnel/tunnelManager';

export interface VmSession {
  readonly tunnel: SshTunnel;
  readonly shell: VmShell;
  /** Closes the shell and the tunnel (idempotent). */
  close(): void;
}

/** Where Kafka is on the cluster's VM, from its `vm` settings. */
export function layoutOf(cluster: ClusterConfig): VmLayout {
  if (!cluster.vm) throw new Error(`Cluster "${cluster.name}" has no Kafka directory on its SSH host: run Kafka: Set Kafka Directory on VM… or Kafka: Set Up Kafka on a VM first.`);
  return { kafkaDir: cluster.vm.kafkaDir, dataDir: cluster.vm.dataDir ?? DEFAULT_LAYOUT.dataDir };
}

export class VmShells {
  constructor(private readonly tunnels: TunnelManager) {}

  /** A new SSH connection (dialled on first use) and a shell on it; the caller closes it. */
  open(target: Pick<ClusterConfig, 'id' | 'name' | 'ssh'>, opts: { secrets?: SshSecretsSource; logPrefix?: string } = {}): VmSession {
    // 'off': the shell's own commands make sshd set TCP_NODELAY; a `true` session first would only add a login line.
    const tunnel = this.tunnels.sshTunnelFor(target, { logPrefix: opts.logPrefix ?? `[${target.name}] VM:`, secrets: opts.secrets, serverNoDelay: 'off' });
    let shell: VmShell;
    try {
      shell = openVmShell(tunnel);
    } catch (e) {
      tunnel.close();
      throw e;
    }
    let closed = false;
    return {
      tunnel, shell,
      close: () => {
        if (closed) return;
        closed = true;
        try { shell.close(); } finally { tunnel.close(); }
      },
    };
  }

  /** Runs `fn` on a shell of its own, closed when `fn` settles. */
  async with<T>(cluster: ClusterConfig, fn: (shell: VmShell) => Promise<T>): Promise<T> {
    const s = this.open(cluster);
    try {
      return await fn(s.shell);
    } finally {
      s.close();
    }
  }
}
