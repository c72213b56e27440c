import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { Targets } from '../commands/targets';
import { Services } from '../services';
import { ExplorerProvider } from './explorerProvider';
import { compileTopicFilter } from './glob';
import { GroupsAutoRefresh } from './groupsRefresh';
import { ExplorerNode } from './nodes';

/** Arguments tests (and other commands) may pass instead of a tree node. */
export interface FilterTopicsArgs { clusterId: string; pattern: string }

export function registerExplorer(services: Services): ExplorerProvider {
  const provider = new ExplorerProvider(services);
  const view = vscode.window.createTreeView('kafkaDev.explorer', { treeDataProvider: provider, showCollapseAll: true });
  provider.revealCluster = async (clusterId) => {
    const node = (await provider.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === clusterId);
    if (node) await view.reveal(node, { select: true, focus: false, expand: true });
  };
  const updateWelcome = (): Thenable<unknown> =>
    vscode.commands.executeCommand('setContext', 'kafkaDev.clusterCount', services.clusters.list().length);
  void updateWelcome();
  void provider.updateFilterContext();
  const groupsTimer = new GroupsAutoRefresh(view, provider, () => services.clusters.list().map((c) => c.id));

  const targets = new Targets(services);
  const clusterIdOf = async (arg: ExplorerNode | FilterTopicsArgs | undefined): Promise<string | undefined> =>
    (await targets.cluster(arg, 'Filter the topics of which cluster?'))?.id;

  services.context.subscriptions.push(
    provider,
    view,
    groupsTimer,
    services.clusters.onDidChange(() => {
      void updateWelcome();
      void provider.updateFilterContext();
      groupsTimer.forgetRemoved();
      // Only clusters that were removed or connect differently now are reset: editing or adding cluster B
      // must not stop cluster A's consumers and producers.
      void services.connections.reconcile().then(() => provider.refresh());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kafkaDev.showInternalTopics')) provider.refresh();
    }),
  );
  registerCommand(services, 'kafkaDev.refresh', 'Refresh', async (node?: ExplorerNode) => {
    // A refresh of a cluster (or a Retry on an error node that stands for the cluster) reconnects.
    if (node && (node.kind === 'cluster' || (node.kind === 'error' && node.retry.kind === 'cluster'))) {
      await services.connections.reset(node.cluster.id);
    }
    if (node?.kind === 'error') provider.refresh(node.retry);
    else provider.refresh(node);
  });
  registerCommand(services, 'kafkaDev.filterTopics', 'Filter Topics', async (arg?: ExplorerNode | FilterTopicsArgs) => {
    const clusterId = await clusterIdOf(arg);
    if (!clusterId) return;
    let pattern = arg && 'pattern' in arg ? arg.pattern : undefined;
    if (pattern === undefined) {
      pattern = await vscode.window.showInputBox({
        title: 'Filter Topics',
        prompt: 'Glob patterns separated by commas: * any text, ? one character, !pattern excludes. Empty clears the filter.',
        placeHolder: 'orders-*, payments.*, !*-dlq',
        value: provider.topicFilter(clusterId),
        validateInput: (v) => { const c = compileTopicFilter(v); return c && 'error' in c ? c.error : undefined; },
      });
      if (pattern === undefined) return;
    }
    const c = compileTopicFilter(pattern);
    if (c && 'error' in c) throw new Error(`Topic filter: ${c.error}`);
    await provider.setTopicFilter(clusterId, pattern);
  });
  registerCommand(services, 'kafkaDev.clearTopicFilter', 'Clear Topic Filter', async (arg?: ExplorerNode | FilterTopicsArgs) => {
    const clusterId = await clusterIdOf(arg);
    if (clusterId) await provider.setTopicFilter(clusterId, '');
  });
  return provider;
}
