// Commands: Start Consumer (topic context menu, inline play icon, palette), Stop Consumer (context,
// palette, status bar), Stop All Consumers.
import * as vscode from 'vscode';
import { pickCluster, pickTopic } from '../clusters/pick';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ExplorerNode } from '../explorer/nodes';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { ConsumerStartError } from '../kafka/consume/consumerSession';
import { describeKafkaError } from '../kafka/client/errors';
import { count } from '../kafka/rules/recordFormat';
import { Services } from '../services';
import { ConsumerInfo, ConsumerManager } from './consumerManager';
import { pickOptions, recall, remember, RememberedChoice, toOptions } from './startFlow';

/** What tests (and other features) may pass to kafkaDev.startConsumer to skip the prompts. */
export interface StartConsumerRequest {
  clusterId: string;
  topic: string;
  choice?: RememberedChoice;
}

type TopicNode = Extract<ExplorerNode, { kind: 'topic' }>;
const isTopicNode = (a: unknown): a is TopicNode => !!a && typeof a === 'object' && (a as ExplorerNode).kind === 'topic';
const isRequest = (a: unknown): a is StartConsumerRequest =>
  !!a && typeof a === 'object' && typeof (a as StartConsumerRequest).clusterId === 'string' && typeof (a as StartConsumerRequest).topic === 'string';

function showStartError(topic: string, cluster: ClusterConfig | undefined, e: unknown): void {
  const msg = e instanceof ConsumerStartError ? e.message
    : `Could not start consuming "${topic}": ${describeKafkaError(e, cluster?.bootstrapServers.join(', ')).message}`;
  void vscode.window.showErrorMessage(msg);
}

export function registerConsumer(services: Services, explorer: ExplorerProvider): ConsumerManager {
  const manager = new ConsumerManager(services);
  const state = services.context.workspaceState;

  const start = async (arg?: unknown): Promise<ConsumerInfo | undefined> => {
    let cluster: ClusterConfig | undefined;
    let topic: string;
    let partitions: number | undefined;
    if (isRequest(arg)) {
      // Programmatic start (tests, other features): no prompts, errors are thrown to the caller.
      cluster = services.clusters.get(arg.clusterId);
      if (!cluster) throw new Error(`No cluster with id ${arg.clusterId}.`);
      const o = toOptions(arg.topic, arg.choice ?? recall(state, arg.clusterId, arg.topic));
      if ('error' in o) throw new ConsumerStartError(`Cannot start consuming "${arg.topic}": ${o.error}`);
      return manager.start(cluster.id, o.value);
    }
    if (isTopicNode(arg)) {
      cluster = arg.cluster;
      topic = arg.topic.name;
      partitions = arg.topic.partitions;
    } else {
      cluster = await pickCluster(services, 'Start Consumer: cluster');
      if (!cluster) return undefined;
      const t = await pickTopic(services, cluster, 'Start Consumer');
      if (!t) return undefined;
      topic = t.name;
      partitions = t.partitions;
    }
    const picked = await pickOptions(topic, partitions, recall(state, cluster.id, topic));
    if (!picked) return undefined;
    await remember(state, cluster.id, topic, picked.choice);
    try {
      const c = cluster;
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting consumer of ${topic}…` },
        () => manager.start(c.id, picked.options));
    } catch (e) {
      showStartError(topic, cluster, e);
      return undefined;
    }
  };

  const stop = async (arg?: unknown): Promise<void> => {
    if (isTopicNode(arg) || isRequest(arg)) {
      const clusterId = isTopicNode(arg) ? arg.cluster.id : arg.clusterId;
      const topic = isTopicNode(arg) ? arg.topic.name : arg.topic;
      if (!(await manager.stop(clusterId, topic))) void vscode.window.showInformationMessage(`No consumer is running for "${topic}".`);
      return;
    }
    const running = manager.list();
    if (running.length === 0) {
      void vscode.window.showInformationMessage('No Kafka consumer is running.');
      return;
    }
    if (running.length === 1) {
      await manager.stop(running[0].clusterId, running[0].topic);
      return;
    }
    const items: Array<vscode.QuickPickItem & { info?: ConsumerInfo }> = [
      { label: '$(debug-stop) Stop all', description: `${running.length} consumers` },
      ...running.map((info) => ({ label: `${info.clusterName}/${info.topic}`, description: `${count(info.consumed)} records, ${count(info.ratePerSecond)} msg/s`, info })),
    ];
    const p = await vscode.window.showQuickPick(items, { title: 'Stop Consumer' });
    if (!p) return;
    if (p.info) await manager.stop(p.info.clusterId, p.info.topic);
    else await manager.stopAll();
  };

  services.context.subscriptions.push(
    manager,
    // The tree marks consumed topics and offers Stop instead of Start on their row.
    explorer.watchConsumers((clusterId, topic) => manager.isConsuming(clusterId, topic), manager.onDidChange),
    vscode.commands.registerCommand('kafkaDev.startConsumer', start),
    vscode.commands.registerCommand('kafkaDev.stopConsumer', stop),
    vscode.commands.registerCommand('kafkaDev.stopAllConsumers', async () => {
      const n = await manager.stopAll();
      if (n === 0) void vscode.window.showInformationMessage('No Kafka consumer is running.');
    }),
  );
  return manager;
}
