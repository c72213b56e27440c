// The tree's node kinds. `contextValue`s drive the menus in package.json.
import { BrokerInfo, TopicSummary } from '../kafka/admin';
import { ClusterConfig } from '../kafka/clusterConfig';

export type ExplorerNode =
  | { kind: 'cluster'; cluster: ClusterConfig }
  | { kind: 'brokers'; cluster: ClusterConfig }
  | { kind: 'broker'; cluster: ClusterConfig; broker: BrokerInfo }
  | { kind: 'topics'; cluster: ClusterConfig }
  | { kind: 'topic'; cluster: ClusterConfig; topic: TopicSummary }
  | { kind: 'groups'; cluster: ClusterConfig }
  | { kind: 'error'; cluster: ClusterConfig; message: string; retry: ExplorerNode }
  | { kind: 'info'; cluster: ClusterConfig; message: string };
