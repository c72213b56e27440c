import * as vscode from 'vscode';
import { parseBootstrapServers } from '../kafka/clusterConfig';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { Services } from '../services';

// Placeholder until the clusters issue lands its multi-step Add Cluster flow.
export function registerClusterCommands(services: Services, _explorer: ExplorerProvider): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand('kafkaDev.addCluster', async () => {
      const name = await vscode.window.showInputBox({ title: 'Add Cluster (1/2)', prompt: 'Cluster name', value: 'local' });
      if (!name) return;
      const servers = await vscode.window.showInputBox({
        title: 'Add Cluster (2/2)', prompt: 'Bootstrap servers (host:port, comma-separated)', value: 'localhost:9092',
        validateInput: (v) => { const r = parseBootstrapServers(v); return 'error' in r ? r.error : undefined; },
      });
      if (!servers) return;
      const r = parseBootstrapServers(servers);
      if ('servers' in r) await services.clusters.save({ name, bootstrapServers: r.servers });
    }),
  );
}
