// Text for tree rows, kept free of `vscode` so Node tests can check what the tree shows for a model.
import { BrokerInfo, TopicSummary } from '../kafka/admin';
import { PartitionDetail } from '../kafka/describeTopic';
import { GroupSummary, PartitionLag } from '../kafka/groups';

export interface RowText {
  label: string;
  description: string;
  tooltip: string;
  /** Drawn with a warning icon (under-replicated, offline, lagging). */
  warning: boolean;
}

export function brokerRow(b: BrokerInfo): RowText {
  return {
    label: `Broker ${b.nodeId}`,
    description: `${b.host}:${b.port}${b.isController ? ' · controller' : ''}`,
    tooltip: `Broker ${b.nodeId}\n${b.host}:${b.port}${b.isController ? '\nThe cluster reports this broker as its controller.' : ''}`,
    warning: false,
  };
}

/** `consuming`: a consumer of this window streams the topic into the Output panel. */
export function topicRow(t: TopicSummary, consuming = false): RowText {
  const ur = t.underReplicated ?? 0;
  const parts = `${t.partitions} partition${t.partitions === 1 ? '' : 's'}`;
  return {
    label: t.name,
    description: (ur ? `${parts} · ${ur} under-replicated` : parts) + (consuming ? ' · consuming' : ''),
    tooltip: `${t.name}\n${parts}${t.internal ? '\nInternal topic (Kafka\'s own)' : ''}${ur ? `\n${ur} partition(s) have fewer in-sync replicas than replicas` : ''}` +
      (consuming ? '\nBeing consumed into the Output panel (Stop Consumer ends it)' : ''),
    warning: ur > 0,
  };
}

export function partitionRow(p: PartitionDetail): RowText {
  const leader = p.leader >= 0 ? `leader ${p.leader}` : 'NO LEADER';
  const offsets = p.earliest !== undefined ? ` · offsets ${p.earliest}…${p.latest}` : '';
  const status = p.leader < 0 ? ' · offline' : p.underReplicated ? ' · under-replicated' : '';
  return {
    label: `Partition ${p.partition}`,
    description: `${leader} · replicas ${p.replicas.join(',')} · ISR ${p.isr.join(',') || 'none'}${offsets}${status}`,
    tooltip: [
      `Partition ${p.partition}`,
      `Leader: ${p.leader >= 0 ? p.leader : 'none (offline)'}`,
      `Replicas: ${p.replicas.join(', ')}`,
      `In-sync replicas (ISR): ${p.isr.join(', ') || 'none'}`,
      ...(p.offline.length ? [`Offline replicas: ${p.offline.join(', ')}`] : []),
      ...(p.earliest !== undefined ? [`Earliest offset: ${p.earliest}`, `Latest offset: ${p.latest}`, `Messages (at most): ${p.messages}`] : []),
      ...(p.underReplicated ? ['Under-replicated: some replicas are not in sync.'] : []),
    ].join('\n'),
    warning: p.underReplicated || p.leader < 0,
  };
}

export function groupRow(g: GroupSummary): RowText {
  return {
    label: g.groupId,
    description: `${g.state} · ${g.members} member${g.members === 1 ? '' : 's'}`,
    tooltip: `${g.groupId}\nState: ${g.state}\nMembers: ${g.members}\nProtocol type: ${g.protocolType || 'unknown'}`,
    warning: false,
  };
}

export function lagRow(l: PartitionLag): RowText {
  return {
    label: `${l.topic} [${l.partition}]`,
    description: `lag ${l.lag} · committed ${l.committed ?? 'none'} / end ${l.end}`,
    tooltip: `${l.topic} partition ${l.partition}\nCommitted offset: ${l.committed ?? 'none'}\nLog end offset: ${l.end}\nLag: ${l.lag}`,
    warning: false,
  };
}
