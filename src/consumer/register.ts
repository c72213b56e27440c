// Commands: Start Consumer (topic context menu, inline play icon, palette), Stop Consumer (context,
// palette, status bar), Stop All Consumers.
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { isTopicRef, isTreeNode, Targets } from '../commands/targets';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ConsumerStartError } from '../kafka/consume/consumerSession';
import { count } from '../kafka/rules/recordFormat';
import { Services } from '../services';
import { ConsumerInfo, ConsumerManager } from './consumerManager';
import { formatsOf, pickOptions, recall, remember, RememberedChoice, toOptions } from './startFlow';
import { readDataFormats } from './settings';

/** What tests (and other features) may pass to kafkaDev.startConsumer to skip the prompts. */
export interface StartConsumerRequest {
  clusterId: string;
  topic: string;
  choice?: RememberedChoice;
}

export function registerConsumer(services: Services, explorer: ExplorerProvider): ConsumerManager {
  const manager = new ConsumerManager(services);
  const state = services.context.workspaceState;

  const targets = new Targets(services);

  const start = async (arg?: unknown): Promise<ConsumerInfo | undefined> => {
    if (isTopicRef(arg)) {
      // Programmatic start (tests, other features): no prompts, errors are thrown to the caller.
      const req = arg as StartConsumerRequest;
      const cluster = targets.clusterById(req.clusterId);
      const choice = req.choice ?? recall(state, cluster.id, req.topic);
      const o = toOptions(req.topic, choice);
      if ('error' in o) throw new ConsumerStartError(`Cannot start consuming "${req.topic}": ${o.error}`);
      return manager.start(cluster.id, o.value, formatsOf(choice, readDataFormats()));
    }
    const t = await targets.topic(arg, 'Start Consumer');
    if (!t) return undefined;
    const { cluster, topic } = t;
    const picked = await pickOptions(topic, t.partitions, recall(state, cluster.id, topic), readDataFormats());
    if (!picked) return undefined;
    await remember(state, cluster.id, topic, picked.choice);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting consumer of ${topic}…` },
      () => manager.start(cluster.id, picked.options, picked.formats));
  };

  const stop = async (arg?: unknown): Promise<void> => {
    if ((isTreeNode(arg) && arg.kind === 'topic') || isTopicRef(arg)) {
      const t = await targets.topic(arg, 'Stop Consumer');
      if (t && !(await manager.stop(t.cluster.id, t.topic))) void vscode.window.showInformationMessage(`No consumer is running for "${t.topic}".`);
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
  );
  registerCommand(services, 'kafkaDev.startConsumer', 'Start Consumer', start);
  registerCommand(services, 'kafkaDev.stopConsumer', 'Stop Consumer', stop);
  registerCommand(services, 'kafkaDev.stopAllConsumers', 'Stop All Consumers', async () => {
    const n = await manager.stopAll();
    if (n === 0) void vscode.window.showInformationMessage('No Kafka consumer is running.');
  });
  return manager;
}
