// The tree's node kinds. `contextValue`s (set in explorerProvider.getTreeItem) drive the menus in package.json:
// cluster, brokers, broker, topics, topic (topic.consuming while a consumer runs), partition, groups,
// group.empty / group.dead / group.active (menus match /^group\./; Delete Group only on empty and dead ones),
// groupMembers, groupMember, groupTopic, groupLag (a group's partition), error, info (also the noGroups row),
// schemas, subject, schemaVersion (src/schemas/schemaNodes.ts), vm.running / vm.stopped / vm.unknown (src/vm/vmNode.ts).
import { BrokerInfo, TopicSummary } from '../kafka/admin/admin';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { PartitionDetail } from '../kafka/admin/describeTopic';
import { GroupSummary } from '../kafka/admin/groups';
import { GroupDetail, GroupMember, PartitionLag } from '../kafka/rules/groupTypes';
import type { SchemaNode } from '../schemas/schemaNodes';
import type { VmNode } from '../vm/vmNode';

export type ExplorerNode =
  | { kind: 'cluster'; cluster: ClusterConfig }
  | { kind: 'brokers'; cluster: ClusterConfig; count?: number }
  | { kind: 'broker'; cluster: ClusterConfig; broker: BrokerInfo }
  | { kind: 'topics'; cluster: ClusterConfig }
  | { kind: 'topic'; cluster: ClusterConfig; topic: TopicSummary }
  | { kind: 'partition'; cluster: ClusterConfig; topic: string; partition: PartitionDetail }
  | { kind: 'groups'; cluster: ClusterConfig }
  /** `detail`: the group described (members, coordinator), once expanded or hovered. */
  | { kind: 'group'; cluster: ClusterConfig; group: GroupSummary; detail?: GroupDetail }
  | { kind: 'groupMembers'; cluster: ClusterConfig; groupId: string; members: GroupMember[] }
  | { kind: 'groupMember'; cluster: ClusterConfig; groupId: string; member: GroupMember }
  /** A topic the group committed (or is assigned), with its partitions' lag. */
  | { kind: 'groupTopic'; cluster: ClusterConfig; groupId: string; topic: string; partitions: PartitionLag[] }
  /** `showTopic`: the row names its topic (kept for rows shown outside a topic node). */
  | { kind: 'groupLag'; cluster: ClusterConfig; groupId: string; lag: PartitionLag; showTopic: boolean }
  | { kind: 'error'; cluster: ClusterConfig; message: string; retry: ExplorerNode }
  | { kind: 'info'; cluster: ClusterConfig; message: string }
  /** The Consumer Groups node's child when the cluster has none (it says why Kafka Dev's consumers are not there). */
  | { kind: 'noGroups'; cluster: ClusterConfig }
  /** The Schemas part (src/schemas/): Schemas → subjects → versions, only under a cluster with a registry. */
  | SchemaNode
  /** The broker on the cluster's SSH host (clusters with `vm` settings, src/vm/). */
  | VmNode;

/** Cache key of a node's children (also the prefix that a refresh of that node clears). */
export function nodeKey(n: ExplorerNode): string {
  const id = n.cluster.id;
  switch (n.kind) {
    case 'topic': return `${id}/topics/${n.topic.name}`;
    case 'group': return `${id}/groups/${n.group.groupId}`;
    // Below its group's key, so refreshing the group clears it too.
    case 'groupTopic': return `${id}/groups/${n.groupId}/topic/${n.topic}`;
    case 'groupMembers': return `${id}/groups/${n.groupId}/members`;
    case 'cluster': return `${id}`;
    // Below the Schemas node's key, so refreshing Schemas clears every subject's versions too.
    case 'subject': return `${id}/schemas/${encodeURIComponent(n.subject.subject)}`;
    default: return `${id}/${n.kind}`;
  }
}
