// Quick picks used when a command runs from the palette instead of a tree node.
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { describeKafkaError } from '../kafka/client/errors';
import { Services } from '../services';

/** Which clusters a command may act on (e.g. those with Kafka on their VM) and how each is described. */
export interface ClusterChoice {
  clusters: ClusterConfig[];
  describe: (c: ClusterConfig) => string;
  placeHolder?: string;
}

/**
 * Asks for a cluster (skips the question when there is exactly one); undefined when cancelled. With
 * `among`, only those (none: undefined, the caller says why first).
 */
export async function pickCluster(services: Services, title = 'Select a cluster', among?: ClusterChoice): Promise<ClusterConfig | undefined> {
  const clusters = among?.clusters ?? services.clusters.list();
  if (clusters.length === 0) {
    if (among) return undefined;
    const add = 'Add Cluster';
    if (await vscode.window.showWarningMessage('No Kafka cluster is configured yet.', add) === add) {
      await vscode.commands.executeCommand('kafkaDev.addCluster');
    }
    return undefined;
  }
  if (clusters.length === 1) return clusters[0];
  const picked = await vscode.window.showQuickPick(
    clusters.map((c) => ({ label: c.name, description: among ? among.describe(c) : c.bootstrapServers.join(', '), cluster: c })),
    { title, placeHolder: among?.placeHolder ?? 'Cluster', matchOnDescription: true },
  );
  return picked?.cluster;
}

export interface PickedTopic {
  name: string;
  partitions: number;
}

/**
 * Asks for a topic of `cluster`. The quick pick opens at once and is busy while the topics load (one
 * metadata request); a failure to list them is shown with its reason. Undefined when cancelled or failed.
 */
export async function pickTopic(services: Services, cluster: ClusterConfig, title: string, opts: { includeInternal?: boolean } = {}): Promise<PickedTopic | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { topic: PickedTopic }>();
  qp.title = `${title}: topic on ${cluster.name}`;
  qp.placeholder = 'Loading topics…';
  qp.busy = true;
  qp.ignoreFocusOut = true;
  qp.show();
  const result = new Promise<PickedTopic | undefined>((resolve) => {
    qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.topic); qp.hide(); });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
  });
  try {
    const all = await (await services.connections.get(cluster.id)).admin.topics();
    const topics = opts.includeInternal ? all : all.filter((t) => !t.internal);
    qp.items = topics.map((t) => ({
      label: t.name,
      description: `${t.partitions} partition${t.partitions === 1 ? '' : 's'}${t.internal ? ' · internal' : ''}`,
      topic: { name: t.name, partitions: t.partitions },
    }));
    qp.placeholder = topics.length ? 'Topic name' : `No topics on ${cluster.name}: create one first (Kafka: Create Topic)`;
  } catch (e) {
    qp.hide();
    void vscode.window.showErrorMessage(`Could not list the topics of ${cluster.name}: ${describeKafkaError(e, cluster.bootstrapServers.join(', ')).message}`);
  } finally {
    qp.busy = false;
  }
  return result;
}
