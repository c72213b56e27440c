// Text for tree rows, kept free of `vscode` so Node tests can check what the tree shows for a model.
// A row's description leads with the figure a person scans for (lag, the offset range, "consuming",
// "controller"): at the default sidebar width VS Code cuts the end of a description, never its start.
// Everything else goes into the tooltip, Markdown (tables where there is more than one fact).
import { BrokerInfo, TopicSummary } from '../kafka/admin/admin';
import { PartitionDetail } from '../kafka/admin/describeTopic';
import { GroupSummary } from '../kafka/admin/groups';
import { GroupDetail, GroupMember, PartitionLag } from '../kafka/rules/groupTypes';

export interface RowText {
  label: string;
  description: string;
  /** Markdown source (the tree wraps it in a vscode.MarkdownString). */
  tooltip: string;
  /** Drawn with a warning icon (under-replicated, offline, lagging). */
  warning: boolean;
}

/** Escapes text for Markdown (group ids and hosts can hold `*`, `_`, `|`, …). */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** A two-column Markdown table of facts (the header row stays empty: the title above names the thing). */
function facts(rows: Array<[string, string]>): string {
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function brokerRow(b: BrokerInfo): RowText {
  const address = `${b.host}:${b.port}`;
  return {
    label: `Broker ${b.nodeId}`,
    description: b.isController ? `controller · ${address}` : address,
    tooltip: `**Broker ${b.nodeId}**\n\n${facts([
      ['Address', mdText(address)],
      ['Role', b.isController ? 'controller (as the cluster reports it)' : 'broker'],
    ])}`,
    warning: false,
  };
}

/** `consuming`: a consumer of this window streams the topic into the Output panel. */
export function topicRow(t: TopicSummary, consuming = false): RowText {
  const ur = t.underReplicated ?? 0;
  const parts = plural(t.partitions, 'partition');
  const rows: Array<[string, string]> = [['Partitions', String(t.partitions)]];
  if (ur) rows.push(['Under-replicated', `${ur} (fewer in-sync replicas than replicas)`]);
  if (t.internal) rows.push(['Internal', 'yes (Kafka\'s own topic)']);
  if (consuming) rows.push(['Consuming', 'into the Output panel (Stop Consumer ends it)']);
  return {
    label: t.name,
    description: [consuming ? 'consuming' : '', ur ? `${ur} under-replicated` : '', parts].filter(Boolean).join(' · '),
    tooltip: `**${mdText(t.name)}**\n\n${facts(rows)}`,
    warning: ur > 0,
  };
}

export function partitionRow(p: PartitionDetail): RowText {
  const range = p.earliest !== undefined ? `${p.earliest}…${p.latest}` : '';
  const status = p.leader < 0 ? 'offline' : p.underReplicated ? 'under-replicated' : '';
  const description = p.leader < 0
    ? ['offline', 'no leader'].join(' · ')
    : [range, status || `leader ${p.leader}`].filter(Boolean).join(' · ');
  const rows: Array<[string, string]> = [
    ['Leader', p.leader >= 0 ? String(p.leader) : 'none (offline)'],
    ['Replicas', p.replicas.join(', ')],
    ['In-sync replicas (ISR)', p.isr.join(', ') || 'none'],
  ];
  if (p.offline.length) rows.push(['Offline replicas', p.offline.join(', ')]);
  if (p.earliest !== undefined) {
    rows.push(['Earliest offset', String(p.earliest)], ['Latest offset', String(p.latest)], ['Messages (at most)', String(p.messages)]);
  }
  if (p.underReplicated) rows.push(['Under-replicated', 'some replicas are not in sync']);
  return {
    label: `Partition ${p.partition}`,
    description,
    tooltip: `**Partition ${p.partition}**${range ? ` · offsets ${range}` : ''}\n\n${facts(rows)}`,
    warning: p.underReplicated || p.leader < 0,
  };
}

/** At most this many partitions in a group's tooltip table (a group can read thousands). */
const MAX_LAG_ROWS = 20;

/**
 * A group: lag first, then state, protocol and members. `detail` (known once the group was expanded or
 * hovered) adds the coordinator, the assignor and a note to the tooltip.
 */
export function groupRow(g: GroupSummary, detail?: GroupDetail): RowText {
  const members = plural(g.members, 'member');
  const protocol = g.protocol;
  const lagRows = g.partitions ?? [];
  const table = lagRows.length
    ? ['', '| topic | partition | committed | end | lag |', '| --- | ---: | ---: | ---: | ---: |',
      ...lagRows.slice(0, MAX_LAG_ROWS).map((l) => `| ${mdText(l.topic)} | ${l.partition} | ${l.committed ?? 'none'} | ${l.end} | ${l.lag} |`),
      ...(lagRows.length > MAX_LAG_ROWS ? [`\n… and ${lagRows.length - MAX_LAG_ROWS} more partitions (expand the group)`] : [])].join('\n')
    : '\n\nNo committed offsets.';
  const c = detail?.coordinator;
  const rows: Array<[string, string]> = [
    ['State', g.state],
    ['Members', String(g.members)],
    ['Protocol', protocol === 'consumer' ? 'consumer (KIP-848)' : 'classic'],
    ['Protocol type', mdText(g.protocolType || 'unknown')],
  ];
  if (detail?.assignor) rows.push(['Assignor', mdText(detail.assignor)]);
  rows.push(['Coordinator', c ? `broker ${c.nodeId} (${mdText(`${c.host}:${c.port}`)})` : 'expand or hover the group to look it up']);
  return {
    label: g.groupId,
    description: [g.lag !== undefined ? `lag ${g.lag}` : '', g.state, protocol, members].filter(Boolean).join(' · '),
    tooltip: `**${mdText(g.groupId)}**${g.lag !== undefined ? ` · total lag ${g.lag}` : ''}\n\n${facts(rows)}\n${table}${detail?.note ? `\n\n${mdText(detail.note)}` : ''}`,
    warning: false,
  };
}

/** The contextValue of a group row: Delete Group is offered only on Empty (and Dead) groups. */
export function groupContext(g: GroupSummary): string {
  if (g.state === 'Empty' && g.members === 0) return 'group.empty';
  if (g.state === 'Dead' && g.members === 0) return 'group.dead';
  return 'group.active';
}

/** An assignment in a few characters: `orders 0,1,2 · audit 3`. */
export function assignmentText(a: GroupMember['assignment']): string {
  return a.length ? a.map((t) => `${t.topic} ${t.partitions.join(',')}`).join(' · ') : 'no partitions';
}

/** The "Members" node under a group. */
export function membersRow(members: readonly GroupMember[]): RowText {
  return {
    label: 'Members',
    description: members.length ? String(members.length) : 'none',
    tooltip: members.length
      ? `**${plural(members.length, 'member')}**\n\n${members.map((m) => `- ${mdText(m.clientId || m.memberId)} @ ${mdText(m.host)}: ${mdText(assignmentText(m.assignment))}`).join('\n')}`
      : '**No active members**\n\nOffsets can be reset and the group deleted only while it has none.',
    warning: false,
  };
}

/** A member: client id, then host and assigned partitions (the tooltip has the member id too). */
export function memberRow(m: GroupMember): RowText {
  const rows: Array<[string, string]> = [
    ['Client id', mdText(m.clientId || '(none)')],
    ['Host', mdText(m.host)],
    ['Member id', mdText(m.memberId)],
  ];
  if (m.instanceId) rows.push(['Static instance id', mdText(m.instanceId)]);
  for (const t of m.assignment) rows.push([`Assigned: ${mdText(t.topic)}`, t.partitions.length ? t.partitions.join(', ') : 'none']);
  if (!m.assignment.length) rows.push(['Assigned', 'no partitions']);
  return {
    label: m.clientId || m.memberId,
    description: `${m.host} · ${assignmentText(m.assignment)}`,
    tooltip: `**${mdText(m.clientId || m.memberId)}** @ ${mdText(m.host)}\n\n${facts(rows)}`,
    warning: false,
  };
}

/** Total lag of some partitions (int64 as text). */
export function sumLag(rows: readonly PartitionLag[]): string {
  return rows.reduce((s, l) => s + BigInt(l.lag), 0n).toString();
}

/** A topic under a group: its total lag first, then how many partitions. */
export function groupTopicRow(topic: string, rows: readonly PartitionLag[]): RowText {
  const lag = sumLag(rows);
  return {
    label: topic,
    description: `lag ${lag} · ${plural(rows.length, 'partition')}`,
    tooltip: `**${mdText(topic)}** · total lag ${lag}\n\n${['| partition | committed | end | lag |', '| ---: | ---: | ---: | ---: |',
      ...rows.slice(0, MAX_LAG_ROWS).map((l) => `| ${l.partition} | ${l.committed ?? 'none'} | ${l.end} | ${l.lag} |`)].join('\n')}${
      rows.length > MAX_LAG_ROWS ? `\n\n… and ${rows.length - MAX_LAG_ROWS} more partitions (expand the topic)` : ''}`,
    warning: false,
  };
}

/**
 * A group's partition. The label stays short ("Partition 0": a topic name in the label pushed the lag out
 * of sight); a group that reads several topics names the topic after the lag.
 */
export function lagRow(l: PartitionLag, showTopic = false): RowText {
  return {
    label: `Partition ${l.partition}`,
    description: showTopic ? `lag ${l.lag} · ${l.topic}` : `lag ${l.lag} · committed ${l.committed ?? 'none'} / end ${l.end}`,
    tooltip: `**${mdText(l.topic)}** partition ${l.partition} · lag ${l.lag}\n\n${facts([
      ['Committed offset', l.committed ?? 'none (lag counted from the earliest offset)'],
      ['Log end offset', l.end],
      ['Lag', l.lag],
    ])}`,
    warning: false,
  };
}

/** The Consumer Groups node's only child when the cluster has none, and when Kafka Dev's consumers are there. */
export const NO_GROUPS_ROW: Pick<RowText, 'label' | 'tooltip'> = {
  label: 'No consumer groups — Kafka Dev\'s consumers join one only when asked',
  tooltip: '**No consumer groups on this cluster**\n\nKafka Dev\'s consumers (Start Consumer) read without a consumer group by default: they commit no offsets and never disturb a team\'s groups. Start one with **As consumer group…** and it joins that group and commits what it shows: the group then appears here with its lag. Groups of other clients (your application, kcat -G, kafka-console-consumer --group) appear here while they exist.',
};
