// Notifications about one cluster whose buttons act on it (Edit Cluster, Retry, Describe). A notification
// outlives the cluster it names: VS Code cannot take a button back once shown, so a click after the
// cluster was removed says that it is gone instead of running a command that fails out of sight.
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';

export type ClusterActions = Record<string, () => unknown>;

/** The message a button of a removed cluster's notification gives. */
export function clusterGoneMessage(cluster: Pick<ClusterConfig, 'name'>, action: string): string {
  return `Cluster "${cluster.name}" has been removed since this notification was shown: "${action}" has nothing to act on. Add it again with Kafka: Add Cluster.`;
}

/** Shows `message` with `actions` as buttons; a button runs only while the cluster still exists. */
export function notifyCluster(services: Services, severity: 'error' | 'warning' | 'info', cluster: ClusterConfig, message: string, actions: ClusterActions): void {
  const show = { error: vscode.window.showErrorMessage, warning: vscode.window.showWarningMessage, info: vscode.window.showInformationMessage }[severity];
  void show(message, ...Object.keys(actions)).then((picked) => {
    if (picked === undefined) return;
    if (!services.clusters.get(cluster.id)) {
      void vscode.window.showWarningMessage(clusterGoneMessage(cluster, picked));
      return;
    }
    void Promise.resolve(actions[picked]()).catch((e: unknown) => {
      void vscode.window.showErrorMessage(`${picked}: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
}
