// Cluster commands: Add (multi-step), Edit, Rename, Remove, Test Connection. Every command also accepts
// its answers as an argument (see ClusterInput) so tests and scripts can skip the prompts.
import * as vscode from 'vscode';
import { securityWarning } from '../kafka/rules/settings';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { formatConnectionTest } from '../kafka/client/connectionTest';
import { formatRegistryTest } from '../kafka/registry/registryTest';
import type { ClusterTestResult } from './connections';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { registerCommand } from '../commands/register';
import { ClusterRef, Targets } from '../commands/targets';
import { ExplorerNode } from '../explorer/nodes';
import { Services } from '../services';
import { askClusterInput } from './clusterFlow';
import { buildCluster, ClusterInput, clusterNameError } from './clusterInput';
import { sameKafkaSecrets } from './connectionSettings';
import { notifyCluster } from './notify';

type ClusterArg = ExplorerNode | ClusterRef | undefined;

export function registerClusterCommands(services: Services, explorer: ExplorerProvider): void {
  const { clusters, connections } = services;
  const targets = new Targets(services);
  const resolve = (arg: ClusterArg, title: string): Promise<ClusterConfig | undefined> => targets.cluster(arg, title);

  const save = async (input: ClusterInput): Promise<ClusterConfig> => {
    const built = buildCluster(input, clusters.list());
    if ('error' in built) throw new Error(built.error);
    const previous = input.id ? await clusters.secretsFor(input.id) : {};
    // Merge: SSH secrets stored by the tunnel stay; a removed SASL setting takes its password with it.
    const merged = { ...previous, ...built.secrets };
    if (!built.cluster.sasl) delete merged.saslPassword;
    if (!built.cluster.oauth) delete merged.oauthClientSecret;
    if (!built.cluster.tls?.clientKeyFile) delete merged.tlsKeyPassphrase;
    // A registry secret goes with the authentication it belongs to (and with the registry).
    if (built.cluster.schemaRegistry?.auth?.kind !== 'basic') delete merged.registryPassword;
    if (built.cluster.schemaRegistry?.auth?.kind !== 'bearer') delete merged.registryToken;
    const saved = await clusters.save(built.cluster, merged);
    const warning = securityWarning(saved);
    if (warning) {
      services.log.warn(`[${saved.name}] ${warning}`);
      void vscode.window.showWarningMessage(`${saved.name}: ${warning}`);
    }
    // Only a change in how the cluster connects closes its client, tunnel, consumers and producers: saving
    // Edit Cluster unchanged (or only renamed) leaves a running consumer alone. Settings are compared by
    // the owner itself (also for hand edits); changed Kafka secrets are known only here.
    if (input.id && !sameKafkaSecrets(previous, merged)) await connections.reset(saved.id);
    await connections.reconcile();
    explorer.refresh(saved.id);
    return saved;
  };

  const runTest = async (cluster: ClusterConfig, interactive: boolean): Promise<ClusterTestResult> => {
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing connection to ${cluster.name} (${cluster.bootstrapServers.join(', ')})…` },
      () => connections.test(cluster),
    );
    const registryLine = r.registry ? ` ${formatRegistryTest(r.registry)}` : '';
    services.log.info(`[${cluster.name}] test connection: ${formatConnectionTest(r)}${registryLine}`);
    if (!interactive) return r;
    if (r.ok) {
      const msg = `${cluster.name}: ${formatConnectionTest({ ...r, advertisedHint: undefined })}${registryLine}`;
      if (r.advertisedHint) void vscode.window.showWarningMessage(`${msg} ${r.advertisedHint}`);
      else if (r.registry && !r.registry.ok) {
        // The brokers answered but the registry did not: a warning that names the registry's problem, with the way to fix it.
        notifyCluster(services, 'warning', cluster, msg, {
          'Edit Cluster': () => vscode.commands.executeCommand('kafkaDev.editCluster', { clusterId: cluster.id }),
          Retry: () => vscode.commands.executeCommand('kafkaDev.testConnection', { clusterId: cluster.id }),
        });
      } else void vscode.window.showInformationMessage(msg);
    } else {
      notifyCluster(services, 'error', cluster, `${cluster.name}: ${r.message}`, {
        'Edit Cluster': () => vscode.commands.executeCommand('kafkaDev.editCluster', { clusterId: cluster.id }),
        Retry: () => vscode.commands.executeCommand('kafkaDev.testConnection', { clusterId: cluster.id }),
      });
    }
    return r;
  };

  registerCommand(services, 'kafkaDev.addCluster', 'Add Cluster', async (arg?: ClusterInput): Promise<ClusterConfig | undefined> => {
    const input = arg && typeof arg === 'object' && 'name' in arg ? { ...arg, id: undefined } : await askClusterInput(clusters.list());
    if (!input) return undefined;
    const saved = await save(input);
    if (input.testConnection ?? !arg) void runTest(saved, true);
    return saved;
  });
  registerCommand(services, 'kafkaDev.editCluster', 'Edit Cluster', async (arg?: ClusterArg | ClusterInput): Promise<ClusterConfig | undefined> => {
    if (arg && 'name' in arg && 'bootstrapServers' in arg && 'id' in arg && arg.id) {
      const saved = await save(arg);
      if (arg.testConnection) await runTest(saved, false);
      return saved;
    }
    const current = await resolve(arg as ClusterArg, 'Edit which cluster?');
    if (!current) return undefined;
    const input = await askClusterInput(clusters.list(), current);
    if (!input) return undefined;
    const saved = await save({ ...input, id: current.id });
    void runTest(saved, true);
    return saved;
  });
  registerCommand(services, 'kafkaDev.renameCluster', 'Rename Cluster', async (arg?: ClusterArg, newName?: string): Promise<ClusterConfig | undefined> => {
    const current = await resolve(arg, 'Rename which cluster?');
    if (!current) return undefined;
    const name = newName ?? await vscode.window.showInputBox({
      title: `Rename Cluster "${current.name}"`, prompt: 'New name', value: current.name,
      validateInput: (v) => clusterNameError(v, clusters.list(), current.id),
    });
    if (name === undefined) return undefined;
    const err = clusterNameError(name, clusters.list(), current.id);
    if (err) throw new Error(err);
    // Only the display name changes: the id (and so the secrets) stay.
    const saved = await clusters.save({ ...current, name: name.trim() });
    explorer.refresh(saved.id);
    return saved;
  });
  registerCommand(services, 'kafkaDev.removeCluster', 'Remove Cluster', async (arg?: ClusterArg, options?: { confirmed?: boolean }): Promise<boolean> => {
    const current = await resolve(arg, 'Remove which cluster?');
    if (!current) return false;
    if (!options?.confirmed) {
      const remove = 'Remove';
      const a = await vscode.window.showWarningMessage(`Remove cluster "${current.name}" (${current.bootstrapServers.join(', ')}) from VS Code?`,
        { modal: true, detail: 'Its stored passwords are deleted from secret storage. Nothing changes on the Kafka cluster itself.' }, remove);
      if (a !== remove) return false;
    }
    await connections.reset(current.id);
    await clusters.remove(current.id);
    explorer.refresh(current.id);
    return true;
  });
  registerCommand(services, 'kafkaDev.testConnection', 'Test Connection', async (arg?: ClusterArg, options?: { quiet?: boolean }): Promise<ClusterTestResult | undefined> => {
    const current = await resolve(arg, 'Test the connection to which cluster?');
    if (!current) return undefined;
    return runTest(current, !options?.quiet);
  });
}
