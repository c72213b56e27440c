// Topic commands: Create, Describe, Delete, Copy Name (+ refresh/copy of a description). From a tree node
// they act on that node; from the palette they ask for cluster and topic; with an argument object they
// ask nothing (tests and scripts).
import * as vscode from 'vscode';
import { notifyCluster } from '../clusters/notify';
import { registerCommand } from '../commands/register';
import { Targets, TopicRef } from '../commands/targets';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ExplorerNode } from '../explorer/nodes';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { parseTopicConfigs } from '../kafka/rules/topicConfigs';
import { TOPIC_NAME_EXAMPLE, TOPIC_NAME_PROMPT, topicNameError, topicNameWarning } from '../kafka/rules/topicName';
import { Services } from '../services';
import { CreateTopicArgs, partitionsError, replicationFactorError, replicationFactorPrompt, validateCreateTopic, ValidTopic } from './createTopicInput';
import { DescribeDocuments, registerDescribe } from '../commands/describeDocuments';
import type { TopicDescription } from '../kafka/admin/describeTopic';
import { topicDescribeKind } from './describeDocument';
import { addPartitionsFlow } from './addPartitionsFlow';
import type { PreviewDocuments } from '../commands/previewDocuments';
import { TopicChangeContext } from './changePreview';
import { editConfigsFlow } from './editConfigsFlow';
import { purgeFlow } from './purgeFlow';

export type { TopicRef } from '../commands/targets';
type TopicArg = ExplorerNode | TopicRef | undefined;

export function registerTopics(services: Services, explorer: ExplorerProvider, previews: PreviewDocuments): DescribeDocuments<TopicDescription> {
  const { connections } = services;
  const targets = new Targets(services);
  // Internal topics too: describing __consumer_offsets is a fair question.
  const topicOf = (arg: TopicArg, title: string): Promise<{ cluster: ClusterConfig; topic: string } | undefined> =>
    targets.topic(arg, title, { includeInternal: true });

  const create = async (cluster: ClusterConfig, t: ValidTopic): Promise<void> => {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Creating topic ${t.name} on ${cluster.name}…` },
      async () => (await connections.get(cluster.id)).admin.createTopic({ ...t }),
    );
    explorer.refresh(`${cluster.id}/topics`);
    services.log.info(`[${cluster.name}] created topic ${t.name} (${t.partitions} partitions, RF ${t.replicationFactor ?? 'broker default'})`);
  };

  const askTopic = async (cluster: ClusterConfig): Promise<ValidTopic | undefined> => {
    const title = `Create Topic on ${cluster.name}`;
    const facts = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${cluster.name}…` },
      async () => {
        const admin = (await connections.get(cluster.id)).admin;
        const [o, topics, rf] = await Promise.all([admin.overview(), admin.topics(), admin.defaultReplicationFactor().catch(() => undefined)]);
        return { brokers: o.brokers.length, names: topics.map((x) => x.name), defaultRf: rf };
      },
    );
    const existing = new Set(facts.names);
    const name = await vscode.window.showInputBox({
      title: `${title} (1/4 name)`, prompt: TOPIC_NAME_PROMPT, placeHolder: `e.g. ${TOPIC_NAME_EXAMPLE}`, ignoreFocusOut: true,
      validateInput: (v) => {
        const err = topicNameError(v) ?? (existing.has(v) ? `Topic "${v}" already exists on ${cluster.name}.` : undefined);
        if (err) return err;
        const warn = topicNameWarning(v, existing);
        return warn ? { message: warn, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    });
    if (name === undefined) return undefined;
    const partitions = await vscode.window.showInputBox({
      title: `${title} (2/4 partitions)`, prompt: 'Number of partitions (at least 1; it can be raised later, never lowered)', value: '1', ignoreFocusOut: true,
      validateInput: (v) => partitionsError(v),
    });
    if (partitions === undefined) return undefined;
    const defRf = Math.min(facts.defaultRf ?? 1, facts.brokers) || 1;
    const rf = await vscode.window.showInputBox({
      title: `${title} (3/4 replication factor)`, prompt: replicationFactorPrompt(facts.brokers),
      value: String(defRf), ignoreFocusOut: true, validateInput: (v) => replicationFactorError(v, facts.brokers),
    });
    if (rf === undefined) return undefined;
    const configs = await vscode.window.showInputBox({
      title: `${title} (4/4 configs, optional)`, prompt: 'Topic configs as key=value, separated by spaces, e.g. retention.ms=86400000 cleanup.policy=compact',
      placeHolder: 'retention.ms=86400000 cleanup.policy=delete', ignoreFocusOut: true,
      validateInput: (v) => { const r = parseTopicConfigs(v); return 'error' in r ? r.error : undefined; },
    });
    if (configs === undefined) return undefined;
    const v = validateCreateTopic({ clusterId: cluster.id, name, partitions, replicationFactor: rf, configs }, facts.brokers);
    if ('error' in v) throw new Error(v.error);
    return v;
  };

  const isArgs = (a: unknown): a is CreateTopicArgs => !!a && typeof a === 'object' && 'clusterId' in a && 'name' in a;

  const docs = registerDescribe(services, topicDescribeKind, async (arg: TopicArg, prompt: string) => {
    const t = await topicOf(arg, prompt);
    return t && { cluster: t.cluster, name: t.topic };
  });
  registerCommand(services, 'kafkaDev.createTopic', 'Create Topic', async (arg?: ExplorerNode | CreateTopicArgs): Promise<string | undefined> => {
    if (isArgs(arg)) {
      // Everything that needs no broker is checked first: an invalid request never reaches the network.
      const offline = validateCreateTopic(arg, undefined);
      if ('error' in offline) throw new Error(offline.error);
      const cluster = targets.clusterById(arg.clusterId);
      if (offline.replicationFactor !== undefined) {
        const o = await (await connections.get(cluster.id)).admin.overview();
        const rfErr = replicationFactorError(String(offline.replicationFactor), o.brokers.length);
        if (rfErr) throw new Error(rfErr);
      }
      await create(cluster, offline);
      return offline.name;
    }
    const cluster = await targets.cluster(arg, 'Create a topic on which cluster?');
    if (!cluster) return undefined;
    const t = await askTopic(cluster);
    if (!t) return undefined;
    await create(cluster, t);
    notifyCluster(services, 'info', cluster, `Created topic ${t.name} on ${cluster.name}.`, {
      Describe: () => vscode.commands.executeCommand('kafkaDev.describeTopic', { clusterId: cluster.id, topic: t.name }),
    });
    return t.name;
  });
  registerCommand(services, 'kafkaDev.deleteTopic', 'Delete Topic', async (arg?: TopicArg, options?: { confirmed?: boolean }): Promise<boolean> => {
    const t = await topicOf(arg, 'Delete which topic?');
    if (!t) return false;
    if (!options?.confirmed) {
      const del = 'Delete Topic';
      const a = await vscode.window.showWarningMessage(`Delete topic "${t.topic}" from cluster "${t.cluster.name}"?`,
        { modal: true, detail: `All its messages on ${t.cluster.bootstrapServers.join(', ')} are deleted. This cannot be undone.` }, del);
      if (a !== del) return false;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting topic ${t.topic} from ${t.cluster.name}…` },
      async () => (await connections.get(t.cluster.id)).admin.deleteTopic(t.topic),
    );
    explorer.refresh(`${t.cluster.id}/topics`);
    services.log.info(`[${t.cluster.name}] deleted topic ${t.topic}`);
    return true;
  });
  registerCommand(services, 'kafkaDev.copyTopicName', 'Copy Topic Name', async (arg?: TopicArg): Promise<string | undefined> => {
    const t = await topicOf(arg, 'Copy the name of which topic?');
    if (!t) return undefined;
    await vscode.env.clipboard.writeText(t.topic);
    void vscode.window.setStatusBarMessage(`Copied "${t.topic}"`, 3000);
    return t.topic;
  });
  // Topic changes (issue 13): configs, partitions, purge.
  const change: TopicChangeContext = { services, targets, previews, refresh: (key) => explorer.refresh(key) };
  registerCommand(services, 'kafkaDev.editTopicConfigs', 'Edit Topic Configs', (arg?: unknown) => editConfigsFlow(change, arg));
  registerCommand(services, 'kafkaDev.addPartitions', 'Add Partitions', (arg?: unknown) => addPartitionsFlow(change, arg));
  registerCommand(services, 'kafkaDev.purgeTopic', 'Purge Records', (arg?: unknown) => purgeFlow(change, arg));
  return docs;
}
