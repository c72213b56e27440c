// What every extension-host suite needs: the activated extension's API, a bounded wait for an event,
// adding and removing a cluster, and the tree's Topics children.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/nodes';
import type { ClusterConfig, ClusterSecrets } from '../../src/kafka/rules/clusterConfig';

export const EXTENSION_ID = 'kafka-dev.kafka-dev';

/** Resolves on the next `fire` of `event`, or rejects after `ms` (never waits unbounded). */
export function next(event: vscode.Event<unknown>, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no ${what} within ${ms} ms`)); }, ms);
    const sub = event(() => { clearTimeout(timer); sub.dispose(); resolve(); });
  });
}

/** Activates Kafka Dev (a no-op once active) and returns its API. */
export async function activate(): Promise<KafkaDevApi> {
  const ext = vscode.extensions.getExtension<KafkaDevApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** Saves a cluster and waits for the change event, which resets every connection: after it, none used below is closed. */
export async function addCluster(api: KafkaDevApi, c: Omit<ClusterConfig, 'id'>, secrets?: ClusterSecrets): Promise<ClusterConfig> {
  const changed = next(api.services.clusters.onDidChange, 10_000, 'cluster change event');
  const saved = await api.services.clusters.save(c, secrets);
  await changed;
  return saved;
}

/** Closes a cluster's connections and removes it (a no-op when it is gone already). */
export async function removeCluster(api: KafkaDevApi, id: string): Promise<void> {
  if (!api.services.clusters.get(id)) return;
  const removed = next(api.services.clusters.onDidChange, 10_000, 'cluster removal event');
  await api.services.connections.reset(id);
  await api.services.clusters.remove(id);
  await removed;
}

/** cluster → Topics → the topic nodes (and whatever else the Topics node shows, e.g. an error). */
export async function topicsInTree(api: KafkaDevApi, clusterId: string): Promise<{ topics: ExplorerNode[]; names: string[] }> {
  const roots = await api.explorer.getChildren();
  const clusterNode = roots.find((n) => n.kind === 'cluster' && n.cluster.id === clusterId);
  assert.ok(clusterNode, `cluster ${clusterId} not at the tree's root`);
  const sections = await api.explorer.getChildren(clusterNode);
  const topicsNode = sections.find((n) => n.kind === 'topics');
  assert.ok(topicsNode, `no Topics node under the cluster: ${JSON.stringify(sections.map((n) => n.kind === 'error' ? n.message : n.kind))}`);
  const topics = await api.explorer.getChildren(topicsNode);
  assert.ok(!topics.some((n) => n.kind === 'error'), `Topics shows an error: ${JSON.stringify(topics.map((n) => n.kind === 'error' ? n.message : n.kind))}`);
  return { topics, names: topics.flatMap((n) => (n.kind === 'topic' ? [n.topic.name] : [])) };
}
