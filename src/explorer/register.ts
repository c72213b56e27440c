import * as vscode from 'vscode';
import { Services } from '../services';
import { ExplorerProvider } from './explorerProvider';
import { ExplorerNode } from './nodes';

export function registerExplorer(services: Services): ExplorerProvider {
  const provider = new ExplorerProvider(services);
  const view = vscode.window.createTreeView('kafkaDev.explorer', { treeDataProvider: provider, showCollapseAll: true });
  const updateWelcome = (): Thenable<unknown> =>
    vscode.commands.executeCommand('setContext', 'kafkaDev.clusterCount', services.clusters.list().length);
  void updateWelcome();
  services.context.subscriptions.push(
    provider,
    view,
    services.clusters.onDidChange(() => {
      void updateWelcome();
      void services.connections.resetAll().then(() => provider.refresh());
    }),
    vscode.commands.registerCommand('kafkaDev.refresh', async (node?: ExplorerNode) => {
      if (node) await services.connections.reset(node.cluster.id);
      provider.refresh(node?.cluster.id);
    }),
  );
  return provider;
}
