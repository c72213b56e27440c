// Entry point. Activation only wires things together: no network I/O happens until a view or
// command asks for it, so activation stays fast.
import * as vscode from 'vscode';
import { currentSettingProblems, initSettingsReport, reportSettingProblems } from './settings/report';
import { BrowserFeature, registerBrowser } from './browser/register';
import { ClusterStore } from './clusters/clusterStore';
import { ConnectionManager } from './clusters/connections';
import { registerClusterCommands } from './clusters/register';
import { PreviewDocuments } from './commands/previewDocuments';
import { ConsumerManager } from './consumer/consumerManager';
import { registerConsumer } from './consumer/register';
import { ExplorerProvider } from './explorer/explorerProvider';
import { registerExplorer } from './explorer/register';
import { registerGroups } from './groups/register';
import { LagFeature, registerLag } from './lag/register';
import { registerPorting } from './porting/register';
import { ProducerFeature, registerProducer } from './producer/register';
import { Services } from './services';
import { registerTopics } from './topics/register';
import { registerTunnel } from './tunnel/register';
import { registerSchemas } from './schemas/register';
import { registerSnippets } from './snippets/register';
import { TunnelManager } from './tunnel/tunnelManager';
import { registerVm, VmFeature } from './vm/register';

/** What activate() returns: the live objects, for extension-host tests. */
export interface KafkaDevApi {
  readonly services: Services;
  readonly explorer: ExplorerProvider;
  readonly activationMs: number;
  /** Producer panels and the per-cluster producers. */
  readonly producer: ProducerFeature;
  /** Browse Messages panels (their windows, filters, searches) and what the last Copy action copied. */
  readonly browser: BrowserFeature;
  /** SSH tunnels of clusters that connect through SSH. */
  readonly tunnels: TunnelManager;
  /** Running consumers; `channelText(clusterId, topic)` reads an Output channel back (last 10,000 lines). */
  readonly consumers: ConsumerManager;
  /** Watch Lag panels (their samplers and lag history). */
  readonly lag: LagFeature;
  /** Kafka on a VM: the set-up (its sudo prompt replaceable by tests), the broker log channels, the broker controls. */
  readonly vm: VmFeature;
  /** The settings' problems reported and not fixed since (src/kafka/rules/settings.ts). */
  readonly settingProblems: () => string[];
}

export function activate(context: vscode.ExtensionContext): KafkaDevApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Kafka Dev', { log: true });
  context.subscriptions.push(initSettingsReport(log));
  const clusters = new ClusterStore(context.secrets);
  clusters.onProblems = (problems) => reportSettingProblems('kafkaDev.clusters', problems);
  const connections = new ConnectionManager(clusters, log);
  context.subscriptions.push(log, clusters, connections);
  const services: Services = { context, clusters, connections, log };

  const tunnels = registerTunnel(services);
  const explorer = registerExplorer(services);
  registerClusterCommands(services, explorer);
  // The previews of Reset Offsets, Edit Topic Configs and Purge Records: one provider for all of them.
  const previews = PreviewDocuments.register(context);
  registerTopics(services, explorer, previews);
  registerGroups(services, explorer, previews);
  const producer = registerProducer(services);
  const consumers = registerConsumer(services, explorer);
  registerPorting(services, producer.pool);
  const browser = registerBrowser(services, (cluster, topic, draft) => producer.open(cluster, topic, draft));
  const lag = registerLag(services);
  registerSchemas(services, explorer);
  const vm = registerVm(services, explorer, tunnels);
  registerSnippets(services);

  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { services, explorer, activationMs, producer, browser, tunnels, consumers, lag, vm, settingProblems: currentSettingProblems };
}

export function deactivate(): void {
  // Disposables registered on the context close every connection.
}
