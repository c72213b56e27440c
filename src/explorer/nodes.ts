// The tree's node kinds. `contextValue`s (set in explorerProvider.getTreeItem) drive the menus in package.json:
// cluster, brokers, broker, topics, topic (topic.consuming while a consumer runs), partition, groups, group, groupLag, error,
// info (also the noGroups row).
import { BrokerInfo, TopicSummary } from '../kafka/admin/admin';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { PartitionDetail } from '../kafka/admin/describeTopic';
import { GroupSummary, PartitionLag } from '../kafka/admin/groups';

export type ExplorerNode =
  | { kind: 'cluster'; cluster: ClusterConfig }
  | { kind: 'brokers'; cluster: ClusterConfig; count?: number }
  | { kind: 'broker'; cluster: ClusterConfig; broker: BrokerInfo }
  | { kind: 'topics'; cluster: ClusterConfig }
  | { kind: 'topic'; cluster: ClusterConfig; topic: TopicSummary }
  | { kind: 'partition'; cluster: ClusterConfig; topic: string; partition: PartitionDetail }
  | { kind: 'groups'; cluster: ClusterConfig }
  | { kind: 'group'; cluster: ClusterConfig; group: GroupSummary }
  /** `showTopic`: the group reads more than one topic, so the row names its topic. */
  | { kind: 'groupLag'; cluster: ClusterConfig; groupId: string; lag: PartitionLag; showTopic: boolean }
  | { kind: 'error'; cluster: ClusterConfig; message: string; retry: ExplorerNode }
  | { kind: 'info'; cluster: ClusterConfig; message: string }
  /** The Consumer Groups node's child when the cluster has none (it says why Kafka Dev's consumers are not there). */
  | { kind: 'noGroups'; cluster: ClusterConfig };

/** Cache key of a node's children (also the prefix that a refresh of that node clears). */
export function nodeKey(n: ExplorerNode): string {
  const id = n.cluster.id;
  switch (n.kind) {
    case 'topic': return `${id}/topics/${n.topic.name}`;
    case 'group': return `${id}/groups/${n.group.groupId}`;
    case 'cluster': return `${id}`;
    default: return `${id}/${n.kind}`;
  }
}
