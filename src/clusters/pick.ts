// Quick picks used when a command runs from the palette instead of a tree node.
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/clusterConfig';
import { Services } from '../services';

/** Asks for a cluster (skips the question when there is exactly one); undefined when cancelled. */
export async function pickCluster(services: Services, title = 'Select a cluster'): Promise<ClusterConfig | undefined> {
  const clusters = services.clusters.list();
  if (clusters.length === 0) {
    const add = 'Add Cluster';
    if (await vscode.window.showWarningMessage('No Kafka cluster is configured yet.', add) === add) {
      await vscode.commands.executeCommand('kafkaDev.addCluster');
    }
    return undefined;
  }
  if (clusters.length === 1) return clusters[0];
  const picked = await vscode.window.showQuickPick(
    clusters.map((c) => ({ label: c.name, description: c.bootstrapServers.join(', '), cluster: c })),
    { title, placeHolder: 'Cluster', matchOnDescription: true },
  );
  return picked?.cluster;
}

/** Asks for a topic of `cluster` (listed with one metadata request); undefined when cancelled. */
export async function pickTopic(services: Services, cluster: ClusterConfig, title = 'Select a topic'): Promise<string | undefined> {
  const topics = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Listing topics of ${cluster.name}…` },
    async () => (await services.connections.get(cluster.id)).admin.topics(),
  );
  const picked = await vscode.window.showQuickPick(
    topics.map((t) => ({ label: t.name, description: `${t.partitions} partition${t.partitions === 1 ? '' : 's'}${t.internal ? ' · internal' : ''}` })),
    { title: `${title} (${cluster.name})`, placeHolder: 'Topic name' },
  );
  return picked?.label;
}
