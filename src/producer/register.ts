// `Kafka: Produce Message`: from a topic in the tree (context menu and inline), the view title, or the
// palette (which asks for cluster and topic). One panel per cluster/topic; opening it again focuses it.
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/clusterConfig';
import { describeKafkaError } from '../kafka/errors';
import type { ExplorerNode } from '../explorer/nodes';
import { Services } from '../services';
import { PanelHost, ProducerPanel } from './panel';
import { ProducerPool } from './producerPool';

/** What the producer feature exposes on KafkaDevApi (extension-host tests use it). */
export interface ProducerFeature {
  readonly pool: ProducerPool;
  /** Opens (or focuses) the panel for this cluster and topic. */
  open(cluster: ClusterConfig, topic: string): ProducerPanel;
  find(clusterId: string, topic: string): ProducerPanel | undefined;
  readonly panels: readonly ProducerPanel[];
}

const panelKey = (clusterId: string, topic: string): string => `${clusterId}\u0000${topic}`;

export function registerProducer(services: Services): ProducerFeature {
  const pool = new ProducerPool(services);
  const panels = new Map<string, ProducerPanel>();

  const host: PanelHost = {
    services,
    pool,
    topicChanged(panel, previousTopic) {
      const old = panelKey(panel.cluster.id, previousTopic);
      if (panels.get(old) === panel) panels.delete(old);
      // If another panel already shows the new topic, that one stays the one "reopen" focuses.
      const key = panelKey(panel.cluster.id, panel.topic);
      if (!panels.has(key)) panels.set(key, panel);
    },
    disposed(panel) {
      for (const [k, p] of panels) if (p === panel) panels.delete(k);
    },
  };

  const feature: ProducerFeature = {
    pool,
    open(cluster, topic) {
      const existing = panels.get(panelKey(cluster.id, topic));
      if (existing) {
        existing.reveal();
        return existing;
      }
      const p = ProducerPanel.create(cluster, topic, host);
      panels.set(panelKey(cluster.id, topic), p);
      return p;
    },
    find: (clusterId, topic) => panels.get(panelKey(clusterId, topic)),
    get panels() { return [...new Set(panels.values())]; },
  };

  services.context.subscriptions.push(
    pool,
    { dispose: () => { for (const p of feature.panels) p.dispose(); } },
    vscode.commands.registerCommand('kafkaDev.produceMessage', async (node?: ExplorerNode) => {
      if (node?.kind === 'topic') {
        feature.open(node.cluster, node.topic.name);
        return;
      }
      const cluster = node && 'cluster' in node ? node.cluster : await pickCluster(services);
      if (!cluster) return;
      const topic = await pickTopic(services, cluster);
      if (topic) feature.open(cluster, topic);
    }),
  );
  return feature;
}

async function pickCluster(services: Services): Promise<ClusterConfig | undefined> {
  const clusters = services.clusters.list();
  if (clusters.length === 0) {
    const add = 'Add Cluster';
    if (await vscode.window.showErrorMessage('No Kafka cluster is configured yet.', add) === add) {
      await vscode.commands.executeCommand('kafkaDev.addCluster');
    }
    return undefined;
  }
  if (clusters.length === 1) return clusters[0];
  const pick = await vscode.window.showQuickPick(
    clusters.map((c) => ({ label: c.name, description: c.bootstrapServers.join(', '), cluster: c })),
    { title: 'Produce Message (1/2): cluster', placeHolder: 'Cluster to produce to' });
  return pick?.cluster;
}

async function pickTopic(services: Services, cluster: ClusterConfig): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { topic: string }>();
  qp.title = `Produce Message (2/2): topic on ${cluster.name}`;
  qp.placeholder = 'Loading topics…';
  qp.busy = true;
  qp.show();
  const result = new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.topic); qp.hide(); });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
  });
  try {
    const conn = await services.connections.get(cluster.id);
    const topics = (await conn.admin.topics()).filter((t) => !t.internal);
    qp.items = topics.map((t) => ({ label: t.name, description: `${t.partitions} partition${t.partitions === 1 ? '' : 's'}`, topic: t.name }));
    qp.placeholder = topics.length ? 'Topic to produce to' : `No topics on ${cluster.name}: create one first`;
  } catch (e) {
    qp.hide();
    void vscode.window.showErrorMessage(`Could not list topics of ${cluster.name}: ${describeKafkaError(e, cluster.bootstrapServers.join(', ')).message}`);
  } finally {
    qp.busy = false;
  }
  return result;
}
