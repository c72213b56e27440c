// Start / Stop / Restart Broker and the VM row's status, for clusters whose broker runs on their SSH host.
// Each command works on an SSH connection of its own (vmShells.ts), then resets the cluster's Kafka
// connection and refreshes its rows: after Stop, the cluster's Kafka errors are expected and say so.
import * as vscode from 'vscode';
import { pickCluster } from '../clusters/pick';
import { isClusterRef, isTreeNode, Targets } from '../commands/targets';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { brokerControl } from '../kafka/vm/brokerControl';
import type { BrokerStatus } from '../kafka/vm/vmTypes';
import { Services } from '../services';
import { waitForKafka } from './kafkaProbe';
import { VmNode } from './vmNode';
import { layoutOf, VmShells } from './vmShells';

export type BrokerAction = 'start' | 'stop' | 'restart';

const WORDS: Record<BrokerAction, { doing: string; done: string }> = {
  start: { doing: 'Starting', done: 'started' },
  stop: { doing: 'Stopping', done: 'stopped' },
  restart: { doing: 'Restarting', done: 'restarted' },
};

/** How long Start / Restart wait for the broker to answer Kafka requests before saying it does not yet. */
const ANSWER_WAIT_MS = 60_000;

export class BrokerCommands {
  private readonly targets: Targets;

  constructor(private readonly services: Services, private readonly explorer: ExplorerProvider, private readonly shells: VmShells) {
    this.targets = new Targets(services);
  }

  /** The VM cluster of a tree row, of a { clusterId }, or picked among the clusters with Kafka on their VM. */
  async cluster(arg: unknown, title: string): Promise<ClusterConfig | undefined> {
    let c: ClusterConfig | undefined;
    if (isTreeNode(arg) || isClusterRef(arg)) c = await this.targets.cluster(arg, title);
    else {
      const vms = this.services.clusters.list().filter((x) => x.vm);
      if (vms.length === 0) {
        const setUp = 'Set Up Kafka on a VM';
        const a = await vscode.window.showWarningMessage('No cluster has Kafka on its SSH host yet: set one up, or name the Kafka directory of an SSH cluster (Kafka: Set Kafka Directory on VM…).', setUp);
        if (a === setUp) await vscode.commands.executeCommand('kafkaDev.setUpKafkaOnVm');
        return undefined;
      }
      return pickCluster(this.services, title, { clusters: vms, describe: (x) => `${x.vm?.kafkaDir} on ${x.ssh?.alias ?? x.ssh?.host}`, placeHolder: 'Cluster whose broker runs on its VM' });
    }
    if (c && !c.vm) throw new Error(`Cluster "${c.name}" has no Kafka directory on its SSH host: run Kafka: Set Kafka Directory on VM… first.`);
    return c;
  }

  /** The VM row of `cluster` (never rejects: a VM that cannot be asked shows why on the row). */
  async row(cluster: ClusterConfig): Promise<VmNode> {
    const bound = this.services.connections.timeoutMs() * 3;
    let timer: NodeJS.Timeout | undefined;
    try {
      const status = await Promise.race([
        this.shells.with(cluster, (shell) => brokerControl(shell, layoutOf(cluster)).status()),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer from the VM within ${bound / 1000} s`)), bound); }),
      ]);
      return { kind: 'vm', cluster, status };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.services.log.warn(`[${cluster.name}] VM status: ${error}`);
      return { kind: 'vm', cluster, error };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the action under a progress notification; returns the broker's status afterwards. */
  async run(action: BrokerAction, cluster: ClusterConfig, interactive: boolean): Promise<BrokerStatus> {
    const w = WORDS[action];
    const where = cluster.ssh?.alias ?? cluster.ssh?.host ?? 'its VM';
    let answered: string | undefined;
    const status = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${w.doing} the broker of ${cluster.name} on ${where}…` },
      async (progress) => {
        const s = this.shells.open(cluster, { logPrefix: `[${cluster.name}] ${action} broker:` });
        try {
          const ctl = brokerControl(s.shell, layoutOf(cluster));
          if (action === 'start') await ctl.start();
          else if (action === 'stop') await ctl.stop();
          else await ctl.restart();
          if (action !== 'stop') {
            progress.report({ message: 'waiting for it to answer Kafka requests…' });
            const bootstrap = cluster.bootstrapServers[0] ?? 'localhost:9092';
            await waitForKafka(s.tunnel, bootstrap, this.services.connections.timeoutMs(), ANSWER_WAIT_MS)
              .catch((e: unknown) => { answered = e instanceof Error ? e.message : String(e); });
          }
          return await ctl.status();
        } finally {
          s.close();
        }
      },
    );
    this.services.log.info(`[${cluster.name}] broker ${w.done}: ${JSON.stringify(status)}`);
    // The Kafka client was connected to the broker that went away (or is dialling one that did not answer):
    // a fresh connection, and fresh rows, VM row included.
    await this.services.connections.reset(cluster.id);
    this.explorer.refresh(cluster.id);
    if (interactive) {
      if (answered) {
        const show = 'Show Broker Log';
        void vscode.window.showWarningMessage(`The broker of ${cluster.name} was ${w.done} (${status.state}) but ${answered}`, show).then((a) => {
          if (a === show) void vscode.commands.executeCommand('kafkaDev.vm.showBrokerLog', { clusterId: cluster.id });
        });
      } else if (action === 'stop') {
        void vscode.window.showInformationMessage(`The broker of ${cluster.name} is ${status.state}: its topics and groups show a connection error until you start it again (Kafka: Start Broker).`);
      } else {
        void vscode.window.showInformationMessage(`The broker of ${cluster.name} ${w.done}${status.pid !== undefined ? ` (pid ${status.pid})` : ''} and answers Kafka requests.`);
      }
    }
    return status;
  }
}
