// Show Broker Log: the broker's server.log on the VM followed into an Output channel per cluster
// ("Kafka Broker Log: <name>") until Stop Following, the cluster's removal or deactivation. The follower
// keeps an SSH connection of its own for as long as it follows (see vmShells.ts) and closes it then.
import * as vscode from 'vscode';
import { TextMirror } from '../consumer/textMirror';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { brokerControl } from '../kafka/vm/brokerControl';
import { layoutOf, VmSession, VmShells } from './vmShells';

interface Follower {
  readonly cluster: ClusterConfig;
  readonly channel: vscode.OutputChannel;
  readonly mirror: TextMirror;
  session?: VmSession;
  stop?: () => void;
}

export const LOG_FOLLOWING_KEY = 'kafkaDev.vmLogFollowing';

export class BrokerLogs implements vscode.Disposable {
  /** Channels stay (with what they showed) after following stops; followers holds the live ones. */
  private readonly channels = new Map<string, { channel: vscode.OutputChannel; mirror: TextMirror }>();
  private readonly followers = new Map<string, Follower>();

  constructor(private readonly shells: VmShells, private readonly log: vscode.LogOutputChannel) {}

  isFollowing(clusterId: string): boolean {
    return this.followers.has(clusterId);
  }

  /** What the cluster's log channel shows (tests; VS Code cannot read a channel back). */
  text(clusterId: string): string {
    return this.channels.get(clusterId)?.mirror.text() ?? '';
  }

  /** Starts following (or shows the channel that already follows). */
  async follow(cluster: ClusterConfig): Promise<void> {
    const running = this.followers.get(cluster.id);
    if (running) { running.channel.show(true); return; }
    const layout = layoutOf(cluster);
    let ch = this.channels.get(cluster.id);
    if (!ch) {
      ch = { channel: vscode.window.createOutputChannel(`Kafka Broker Log: ${cluster.name}`), mirror: new TextMirror() };
      this.channels.set(cluster.id, ch);
    }
    const f: Follower = { cluster, ...ch };
    const write = (text: string): void => { f.channel.append(text); f.mirror.append(text); };
    write(`— following ${layout.kafkaDir}/logs/server.log on ${cluster.ssh?.alias ?? cluster.ssh?.host ?? 'the VM'} (Kafka: Stop Following Broker Log ends it) —\n`);
    f.channel.show(true);
    this.followers.set(cluster.id, f);
    void this.updateContext();
    try {
      f.session = this.shells.open(cluster, { logPrefix: `[${cluster.name}] broker log:` });
      const stop = await brokerControl(f.session.shell, layout).followLog(write, (error) => {
        if (this.followers.get(cluster.id) !== f) return;
        write(`\n— stopped following: ${error ? error.message : 'the log stream ended'} (Show Broker Log follows it again) —\n`);
        this.end(f);
      });
      if (this.followers.get(cluster.id) !== f) stop();
      else f.stop = stop;
    } catch (e) {
      write(`— could not follow the log: ${e instanceof Error ? e.message : String(e)} —\n`);
      this.end(f);
      throw e;
    }
  }

  /** Stops following the cluster's log (the channel keeps what it showed); false when it was not followed. */
  stopFollowing(clusterId: string, why = 'stopped'): boolean {
    const f = this.followers.get(clusterId);
    if (!f) return false;
    const text = `\n— ${why} —\n`;
    f.channel.append(text);
    f.mirror.append(text);
    this.end(f);
    return true;
  }

  /** Clusters that are gone (or no longer have Kafka on their VM): their followers stop, their channels go. */
  forgetRemoved(exists: (clusterId: string) => boolean): void {
    for (const id of [...this.channels.keys()]) {
      if (exists(id)) continue;
      this.stopFollowing(id, 'the cluster was removed');
      this.channels.get(id)?.channel.dispose();
      this.channels.delete(id);
    }
  }

  private end(f: Follower): void {
    if (this.followers.get(f.cluster.id) === f) this.followers.delete(f.cluster.id);
    try { f.stop?.(); } catch (e) { this.log.debug(`[${f.cluster.name}] broker log stop: ${String(e)}`); }
    f.session?.close();
    void this.updateContext();
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', LOG_FOLLOWING_KEY, this.followers.size > 0);
  }

  dispose(): void {
    for (const f of [...this.followers.values()]) this.end(f);
    for (const c of this.channels.values()) c.channel.dispose();
    this.channels.clear();
  }
}
