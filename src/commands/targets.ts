// The one place that resolves what a command acts on. A command may be run from a tree row (the node),
// by a test or another command (a plain object such as { clusterId, topic }: no prompts, and an unknown id
// is an error that names the known ones), or from the palette (nothing: quick picks ask).
import * as vscode from 'vscode';
import { pickCluster, pickTopic } from '../clusters/pick';
import { pickGroup } from '../groups/pickGroup';
import type { ExplorerNode } from '../explorer/nodes';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';
import { SCHEMA_NODE_KINDS } from '../schemas/schemaNodes';

/** What tests and other commands pass instead of a tree node. */
export interface ClusterRef { clusterId: string }
export interface TopicRef { clusterId: string; topic: string }

export interface GroupRef { clusterId: string; groupId: string }

/** A consumer group, and the part of it a row stands for (a topic under it, one partition). */
export interface GroupTarget {
  cluster: ClusterConfig;
  groupId: string;
  topic?: string;
  partitions?: number[];
  /** The group's state when the target came from the tree (e.g. 'Empty'). */
  state?: string;
}

export interface TopicTarget {
  cluster: ClusterConfig;
  topic: string;
  /** Known when the topic came from the tree or a quick pick. */
  partitions?: number;
}

const NODE_KINDS = new Set<ExplorerNode['kind']>(['cluster', 'brokers', 'broker', 'topics', 'topic', 'partition', 'groups', 'group',
  'groupMembers', 'groupMember', 'groupTopic', 'groupLag', 'error', 'info', 'noGroups', 'vm', ...SCHEMA_NODE_KINDS]);

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

export function isGroupRef(a: unknown): a is GroupRef {
  return isClusterRef(a) && typeof (a as Partial<GroupRef>).groupId === 'string';
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

  /**
   * The group of a group row or a row under it (a topic or partition row narrows it to that topic or
   * partition), of a GroupRef (with optional `topic` and `partitions`), or picked (cluster, then group);
   * undefined when cancelled.
   */
  async group(arg: unknown, title: string): Promise<GroupTarget | undefined> {
    if (isTreeNode(arg)) {
      switch (arg.kind) {
        case 'group': return { cluster: this.fromNode(arg), groupId: arg.group.groupId, state: arg.group.state };
        case 'groupTopic': return { cluster: this.fromNode(arg), groupId: arg.groupId, topic: arg.topic };
        case 'groupLag': return { cluster: this.fromNode(arg), groupId: arg.groupId, topic: arg.lag.topic, partitions: [arg.lag.partition] };
        case 'groupMembers': case 'groupMember': return { cluster: this.fromNode(arg), groupId: arg.groupId };
        default: break;
      }
    }
    if (isGroupRef(arg)) {
      const r = arg as GroupRef & { topic?: unknown; partitions?: unknown };
      if (r.topic !== undefined && (typeof r.topic !== 'string' || !r.topic)) throw new Error(`"topic" must be a topic name, got ${JSON.stringify(r.topic)}.`);
      if (r.partitions !== undefined && (!Array.isArray(r.partitions) || !r.partitions.length || !r.partitions.every((p) => Number.isInteger(p) && p >= 0))) {
        throw new Error(`"partitions" must be a non-empty list of partition numbers (0 or more), e.g. [0, 2]; got ${JSON.stringify(r.partitions)}.`);
      }
      if (r.partitions !== undefined && r.topic === undefined) throw new Error('"partitions" needs a "topic": partitions are numbered per topic.');
      return { cluster: this.clusterById(r.clusterId), groupId: r.groupId, topic: r.topic as string | undefined, partitions: r.partitions as number[] | undefined };
    }
    const cluster = await this.cluster(arg, `${title}: cluster`);
    if (!cluster) return undefined;
    const g = await pickGroup(this.services, cluster, title);
    return g && { cluster, groupId: g.groupId, state: g.state };
  }

  /** A row may outlive an edit of its cluster: act with the settings saved now, or say it is gone. */
  private fromNode(n: ExplorerNode): ClusterConfig {
    const now = this.services.clusters.get(n.cluster.id);
    if (!now) throw new Error(`Cluster "${n.cluster.name}" has been removed; refresh the Kafka view.`);
    return now;
  }
}
