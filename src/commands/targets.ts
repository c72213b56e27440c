// The one place that resolves what a command acts on. A command may be run from a tree row (the node),
// by a test or another command (a plain object such as { clusterId, topic }: no prompts, and an unknown id
// is an error that names the known ones), or from the palette (nothing: quick picks ask).
import * as vscode from 'vscode';
import { pickCluster, pickTopic } from '../clusters/pick';
import type { ExplorerNode } from '../explorer/nodes';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';

/** What tests and other commands pass instead of a tree node. */
export interface ClusterRef { clusterId: string }
export interface TopicRef { clusterId: string; topic: string }

export interface TopicTarget {
  cluster: ClusterConfig;
  topic: string;
  /** Known when the topic came from the tree or a quick pick. */
  partitions?: number;
}

const NODE_KINDS = new Set<ExplorerNode['kind']>(['cluster', 'brokers', 'broker', 'topics', 'topic', 'partition', 'groups', 'group', 'groupLag', 'error', 'info', 'noGroups']);

/** A row of the Kafka tree. */
export function isTreeNode(a: unknown): a is ExplorerNode {
  return !!a && typeof a === 'object' && NODE_KINDS.has((a as ExplorerNode).kind) && typeof (a as ExplorerNode).cluster === 'object';
}

/** An argument object from a test, a script or another command (not a tree row, not a URI). */
export function isRequest(a: unknown): a is Record<string, unknown> {
  return !!a && typeof a === 'object' && !isTreeNode(a) && !(a instanceof vscode.Uri) && !Array.isArray(a);
}

export function isClusterRef(a: unknown): a is ClusterRef {
  return isRequest(a) && typeof a.clusterId === 'string';
}

export function isTopicRef(a: unknown): a is TopicRef {
  return isClusterRef(a) && typeof (a as Partial<TopicRef>).topic === 'string';
}

export class Targets {
  constructor(private readonly services: Services) {}

  /** The cluster with this id, or an error naming the clusters there are. */
  clusterById(id: string): ClusterConfig {
    const c = this.services.clusters.get(id);
    if (c) return c;
    const known = this.services.clusters.list().map((x) => `${x.name} (${x.id})`).join(', ') || 'none';
    throw new Error(`No cluster with id "${id}": it may have been removed. Known clusters: ${known}.`);
  }

  /** The cluster of a tree row (with its current settings), of a ClusterRef, or picked; undefined when cancelled. */
  async cluster(arg: unknown, title: string): Promise<ClusterConfig | undefined> {
    if (isTreeNode(arg)) return this.fromNode(arg);
    if (isClusterRef(arg)) return this.clusterById(arg.clusterId);
    return pickCluster(this.services, title);
  }

  /**
   * The topic of a topic or partition row, of a TopicRef, or picked (the cluster first, unless the row or
   * ref names one); undefined when cancelled.
   */
  async topic(arg: unknown, title: string, opts: { includeInternal?: boolean } = {}): Promise<TopicTarget | undefined> {
    if (isTreeNode(arg) && arg.kind === 'topic') return { cluster: this.fromNode(arg), topic: arg.topic.name, partitions: arg.topic.partitions };
    if (isTreeNode(arg) && arg.kind === 'partition') return { cluster: this.fromNode(arg), topic: arg.topic };
    if (isTopicRef(arg)) return { cluster: this.clusterById(arg.clusterId), topic: arg.topic };
    const cluster = await this.cluster(arg, `${title}: cluster`);
    if (!cluster) return undefined;
    const t = await pickTopic(this.services, cluster, title, opts);
    return t && { cluster, topic: t.name, partitions: t.partitions };
  }

  /** A row may outlive an edit of its cluster: act with the settings saved now, or say it is gone. */
  private fromNode(n: ExplorerNode): ClusterConfig {
    const now = this.services.clusters.get(n.cluster.id);
    if (!now) throw new Error(`Cluster "${n.cluster.name}" has been removed; refresh the Kafka view.`);
    return now;
  }
}
