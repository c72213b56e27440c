// Kafka on a VM: Set Up Kafka on a VM, Set Kafka Directory on VM…, Start / Stop / Restart Broker, Show
// Broker Log (and Stop Following), the VM row in the tree. From a tree row the commands act on its cluster;
// from the palette they ask; with an argument object ({ clusterId }, SetUpVmArgs) they ask nothing and
// an error goes to the caller (tests and scripts), as every command registered through registerCommand.
import * as vscode from 'vscode';
import { pickCluster } from '../clusters/pick';
import { registerCommand } from '../commands/register';
import { isRequest, isTreeNode, Targets } from '../commands/targets';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { vmPathError } from '../kafka/rules/vmEntry';
import { DEFAULT_LAYOUT } from '../kafka/vm/vmTypes';
import { Services } from '../services';
import type { TunnelManager } from '../tunnel/tunnelManager';
import { BrokerAction, BrokerCommands } from './brokerCommands';
import { BrokerLogs } from './brokerLog';
import { answersFromArgs, layoutError, SetUpVmArgs } from './setupAnswers';
import { SetUpVmOutcome, VmSetup } from './setupRun';
import { SudoSecrets } from './sudoSecrets';
import { VmShells } from './vmShells';

export type { SetUpVmArgs } from './setupAnswers';

/** What the API exposes for tests: the set-up (its sudo prompt is replaceable), the log channels, the controls. */
export interface VmFeature {
  readonly setup: VmSetup;
  readonly logs: BrokerLogs;
  readonly broker: BrokerCommands;
}

/** Set Kafka Directory on VM… as an argument: an empty kafkaDir removes the setting. */
export interface SetKafkaDirArgs { clusterId: string; kafkaDir: string; dataDir?: string }

export function registerVm(services: Services, explorer: ExplorerProvider, tunnels: TunnelManager): VmFeature {
  const { clusters } = services;
  const shells = new VmShells(tunnels);
  const setup = new VmSetup(services, explorer, shells, new SudoSecrets(services.context.secrets));
  const logs = new BrokerLogs(shells, services.log);
  const broker = new BrokerCommands(services, explorer, shells);
  const targets = new Targets(services);
  explorer.showVmRows((c) => broker.row(c));

  const updateContext = (): void => {
    const all = clusters.list();
    void vscode.commands.executeCommand('setContext', 'kafkaDev.vmClusterCount', all.filter((c) => c.vm).length);
    void vscode.commands.executeCommand('setContext', 'kafkaDev.sshClusterCount', all.filter((c) => c.ssh).length);
  };
  updateContext();
  services.context.subscriptions.push(logs, clusters.onDidChange(() => {
    updateContext();
    logs.forgetRemoved((id) => !!clusters.get(id)?.vm);
  }));

  registerCommand(services, 'kafkaDev.setUpKafkaOnVm', 'Set Up Kafka on a VM', async (arg?: SetUpVmArgs): Promise<SetUpVmOutcome | undefined> => {
    if (isRequest(arg) && !isTreeNode(arg)) {
      const a = answersFromArgs(arg);
      return setup.run(a, false);
    }
    return setup.run({}, true);
  });

  registerCommand(services, 'kafkaDev.vm.setKafkaDir', 'Set Kafka Directory on VM', async (arg?: unknown): Promise<ClusterConfig | undefined> => {
    const given = isRequest(arg) && typeof arg.kafkaDir === 'string' ? arg as unknown as SetKafkaDirArgs : undefined;
    let cluster: ClusterConfig | undefined;
    if (isTreeNode(arg) || given) cluster = await targets.cluster(arg, 'Set Kafka Directory on VM');
    else {
      const ssh = clusters.list().filter((c) => c.ssh);
      if (!ssh.length) throw new Error('No cluster connects through SSH: the Kafka directory is on a cluster\'s SSH host. Add one with Kafka: Add Cluster (network step), or use Kafka: Set Up Kafka on a VM.');
      cluster = await pickCluster(services, 'Set Kafka Directory on VM: which cluster?',
        { clusters: ssh, describe: (c) => `${c.ssh?.alias ?? c.ssh?.host}${c.vm ? ` · Kafka in ${c.vm.kafkaDir}` : ''}` });
    }
    if (!cluster) return undefined;
    if (!cluster.ssh) throw new Error(`Cluster "${cluster.name}" does not connect through SSH: a Kafka directory on a VM needs the cluster's SSH settings (Edit Cluster, network step).`);
    let kafkaDir = given?.kafkaDir;
    let dataDir = given?.dataDir;
    if (!given) {
      kafkaDir = await vscode.window.showInputBox({
        title: `Set Kafka Directory on VM (${cluster.name})`, ignoreFocusOut: true, value: cluster.vm?.kafkaDir ?? DEFAULT_LAYOUT.kafkaDir,
        prompt: `The Kafka directory on ${cluster.ssh.alias ?? cluster.ssh.host} (with bin/kafka-server-start.sh). Empty: this cluster's broker is not on its SSH host.`,
        validateInput: (v) => (v.trim() ? vmPathError(v, 'Kafka directory') : undefined),
      });
      if (kafkaDir === undefined) return undefined;
      if (kafkaDir.trim()) {
        dataDir = await vscode.window.showInputBox({
          title: `Set Kafka Directory on VM (${cluster.name})`, ignoreFocusOut: true, value: cluster.vm?.dataDir ?? DEFAULT_LAYOUT.dataDir,
          prompt: 'The broker\'s data directory there (log.dirs), for the disk use the VM row shows',
          validateInput: (v) => vmPathError(v, 'data directory') ?? layoutError({ kafkaDir: (kafkaDir ?? '').trim(), dataDir: v.trim() }),
        });
        if (dataDir === undefined) return undefined;
      }
    }
    const k = (kafkaDir ?? '').trim();
    const { vm: _old, ...rest } = cluster;
    let next: ClusterConfig = rest;
    if (k) {
      const d = dataDir?.trim() || DEFAULT_LAYOUT.dataDir;
      const err = vmPathError(k, 'Kafka directory') ?? vmPathError(d, 'data directory') ?? layoutError({ kafkaDir: k, dataDir: d });
      if (err) throw new Error(err);
      next = { ...rest, vm: { kafkaDir: k, dataDir: d } };
    }
    const saved = await clusters.save(next);
    explorer.refresh(saved.id);
    return saved;
  });

  const control = (id: string, title: string, action: BrokerAction): void => {
    registerCommand(services, id, title, async (arg?: unknown) => {
      const cluster = await broker.cluster(arg, `${title}: which cluster?`);
      if (!cluster) return undefined;
      return broker.run(action, cluster, !isRequest(arg));
    });
  };
  control('kafkaDev.vm.startBroker', 'Start Broker', 'start');
  control('kafkaDev.vm.stopBroker', 'Stop Broker', 'stop');
  control('kafkaDev.vm.restartBroker', 'Restart Broker', 'restart');

  registerCommand(services, 'kafkaDev.vm.showBrokerLog', 'Show Broker Log', async (arg?: unknown): Promise<boolean> => {
    const cluster = await broker.cluster(arg, 'Show Broker Log: which cluster?');
    if (!cluster) return false;
    const already = logs.isFollowing(cluster.id);
    await logs.follow(cluster);
    if (!already && !isRequest(arg)) {
      const stop = 'Stop Following';
      void vscode.window.showInformationMessage(`Following the broker log of ${cluster.name} (server.log on its VM) in the Output panel.`, stop).then((a) => {
        if (a === stop) logs.stopFollowing(cluster.id);
      });
    }
    return true;
  });
  registerCommand(services, 'kafkaDev.vm.stopBrokerLog', 'Stop Following Broker Log', async (arg?: unknown): Promise<boolean> => {
    if (isTreeNode(arg) || isRequest(arg)) {
      const c = await targets.cluster(arg, 'Stop Following Broker Log');
      return c ? logs.stopFollowing(c.id) : false;
    }
    const following = clusters.list().filter((c) => logs.isFollowing(c.id));
    const picked = await pickCluster(services, 'Stop following the broker log of which cluster?', { clusters: following, describe: (c) => `${c.vm?.kafkaDir} on ${c.ssh?.alias ?? c.ssh?.host}` });
    return picked ? logs.stopFollowing(picked.id) : false;
  });
  return { setup, logs, broker };
}
