// The model behind Describe Topic and the tree's partition nodes: partitions with leader, replicas,
// ISR and offsets; configs with where each value comes from. Plus the `kafka-topics.sh --describe` text.
import type { Admin } from 'kafkajs';
import { kafkajs } from '../client/vendor';

export interface PartitionDetail {
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
  offline: number[];
  /** Offsets as decimal strings (they are int64). Undefined when the partition has no leader. */
  earliest?: string;
  latest?: string;
  /** latest − earliest: an upper bound for the message count (compaction and transactions make it lower). */
  messages?: string;
  underReplicated: boolean;
}

export type ConfigSourceName =
  | 'topic' | 'dynamic broker' | 'dynamic default broker' | 'static broker' | 'default' | 'unknown';

export interface TopicConfigValue {
  name: string;
  value: string | null;
  source: ConfigSourceName;
  /** Anything not coming from Kafka's built-in default (what `kafka-topics.sh --describe` lists). */
  nonDefault: boolean;
  /**
   * The value differs from Kafka's built-in default: the `*` of the report. A value set somewhere (topic,
   * broker) but equal to the default, e.g. min.insync.replicas=1, is not marked.
   */
  differsFromDefault: boolean;
  /** Kafka's built-in default, when the broker reported one in the same unit as this config. */
  kafkaDefault?: string;
  sensitive: boolean;
  readOnly: boolean;
}

export interface TopicDescription {
  name: string;
  partitions: PartitionDetail[];
  replicationFactor: number;
  configs: TopicConfigValue[];
  underReplicatedCount: number;
  /** Sum of `messages` over partitions with a leader. */
  messages: string;
}

const SOURCES: Record<number, ConfigSourceName> = {
  1: 'topic', 2: 'dynamic broker', 3: 'dynamic default broker', 4: 'static broker', 5: 'default',
};

interface RawPartition { partitionId: number; leader: number; replicas: number[]; isr: number[]; offlineReplicas?: number[] }

/** Builds partition details from metadata and (optional) offsets; pure, so tests can feed it directly. */
export function partitionDetails(
  parts: RawPartition[],
  offsets: ReadonlyMap<number, { low: string; high: string }> = new Map(),
): PartitionDetail[] {
  return parts
    .map((p) => {
      const o = offsets.get(p.partitionId);
      const detail: PartitionDetail = {
        partition: p.partitionId,
        leader: p.leader,
        replicas: [...p.replicas],
        // Broker order, as kafka-topics.sh prints it (the preferred leader's view, not sorted).
        isr: [...p.isr],
        offline: [...(p.offlineReplicas ?? [])],
        underReplicated: p.isr.length < p.replicas.length,
      };
      if (o && p.leader >= 0) {
        detail.earliest = o.low;
        detail.latest = o.high;
        detail.messages = (BigInt(o.high) - BigInt(o.low)).toString();
      }
      return detail;
    })
    .sort((a, b) => a.partition - b.partition);
}

const DEFAULT_CONFIG = 5;

export interface RawConfigEntry {
  configName: string;
  configValue: string | null;
  configSource: number;
  isDefault: boolean;
  isSensitive: boolean;
  readOnly: boolean;
  configSynonyms?: Array<{ configName: string; configValue: string | null; configSource: number }>;
}

/**
 * One DescribeConfigs entry (with synonyms) as the report shows it. Kafka's default is the DEFAULT_CONFIG
 * synonym, used only when it is in the same unit: segment.bytes ↔ log.segment.bytes compares, retention.ms
 * ↔ log.retention.hours does not (then a value set anywhere but the default counts as different).
 */
export function topicConfigValue(e: RawConfigEntry): TopicConfigValue {
  const source = SOURCES[e.configSource] ?? (e.isDefault ? 'default' : 'unknown');
  const unit = (n: string): string => n.slice(n.lastIndexOf('.') + 1);
  const def = source === 'default'
    ? e.configValue ?? undefined
    : e.configSynonyms?.find((s) => s.configSource === DEFAULT_CONFIG && unit(s.configName) === unit(e.configName))?.configValue ?? undefined;
  const norm = (v: string | null | undefined): string | undefined => v?.split(',').map((x) => x.trim()).join(',');
  return {
    name: e.configName,
    value: e.isSensitive ? null : e.configValue,
    source,
    nonDefault: source !== 'default',
    differsFromDefault: source !== 'default' && (def === undefined || norm(def) !== norm(e.configValue)),
    ...(def !== undefined && !e.isSensitive ? { kafkaDefault: def } : {}),
    sensitive: e.isSensitive,
    readOnly: e.readOnly,
  };
}

/** Metadata + offsets for one topic's partitions. Offsets are skipped (not failed) when a leader is missing. */
export async function fetchPartitionDetails(admin: Admin, topic: string): Promise<PartitionDetail[]> {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  const t = md.topics.find((x) => x.name === topic);
  if (!t) throw new Error(`Topic "${topic}" does not exist (any more). Refresh the Topics list.`);
  const offsets = new Map<number, { low: string; high: string }>();
  if (t.partitions.every((p) => p.leader >= 0)) {
    for (const o of await admin.fetchTopicOffsets(topic)) offsets.set(o.partition, { low: o.low, high: o.high });
  }
  return partitionDetails(t.partitions, offsets);
}

export async function describeTopic(admin: Admin, topic: string): Promise<TopicDescription> {
  const partitions = await fetchPartitionDetails(admin, topic);
  // Synonyms carry Kafka's built-in default (source DEFAULT_CONFIG) next to the value in force.
  const res = await admin.describeConfigs({ resources: [{ type: kafkajs().ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: true });
  const entries = res.resources[0]?.configEntries ?? [];
  const configs: TopicConfigValue[] = entries.map(topicConfigValue).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const messages = partitions.reduce((s, p) => s + BigInt(p.messages ?? '0'), 0n).toString();
  return {
    name: topic,
    partitions,
    replicationFactor: partitions[0]?.replicas.length ?? 0,
    configs,
    underReplicatedCount: partitions.filter((p) => p.underReplicated).length,
    messages,
  };
}

/**
 * The text `kafka-topics.sh --describe --topic X` prints, less the fields kafkajs cannot know: TopicId
 * (Metadata v10+) and Elr/LastKnownElr (KIP-966). The integration tests compare it with the real tool.
 */
export function formatKafkaTopicsDescribe(d: TopicDescription): string {
  // kafka-topics.sh lists the configs that are not Kafka's built-in defaults.
  const cfg = d.configs.filter((c) => c.nonDefault).map((c) => `${c.name}=${c.value ?? ''}`).join(',');
  const lines = [`Topic: ${d.name}\tPartitionCount: ${d.partitions.length}\tReplicationFactor: ${d.replicationFactor}\tConfigs: ${cfg}`];
  for (const p of d.partitions) {
    const leader = p.leader >= 0 ? String(p.leader) : 'none';
    lines.push(`\tTopic: ${d.name}\tPartition: ${p.partition}\tLeader: ${leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`);
  }
  return lines.join('\n') + '\n';
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}

/** A readable report: summary, partition table, configs (non-default marked with * and their source). */
export function formatTopicReport(d: TopicDescription, clusterName: string): string {
  const out: string[] = [];
  out.push(`Topic ${d.name} on ${clusterName}`);
  out.push(`${d.partitions.length} partition${d.partitions.length === 1 ? '' : 's'}, replication factor ${d.replicationFactor}, ~${d.messages} messages` +
    (d.underReplicatedCount ? `, ${d.underReplicatedCount} UNDER-REPLICATED` : ''));
  out.push('', 'Partitions');
  const rows = [['partition', 'leader', 'replicas', 'isr', 'earliest', 'latest', 'messages', 'status']];
  for (const p of d.partitions) {
    rows.push([String(p.partition), p.leader >= 0 ? String(p.leader) : 'none', p.replicas.join(','), p.isr.join(','),
      p.earliest ?? '-', p.latest ?? '-', p.messages ?? '-',
      p.leader < 0 ? 'OFFLINE' : p.underReplicated ? 'UNDER-REPLICATED' : 'ok']);
  }
  out.push(...pad(rows).map((r) => `  ${r}`));
  out.push('', 'Configs (* = the value differs from Kafka\'s built-in default; source = where the value in force is set)');
  const crow = [['', 'name', 'value', 'source']];
  for (const c of d.configs) {
    // Set somewhere yet equal to the default: say so, so the source column does not read as a change.
    const source = c.nonDefault && !c.differsFromDefault ? `${c.source} (= Kafka's default)` : c.source;
    crow.push([c.differsFromDefault ? '*' : '', c.name, c.sensitive ? '(sensitive)' : (c.value ?? ''), source]);
  }
  out.push(...pad(crow).map((r) => `  ${r}`));
  out.push('', 'kafka-topics.sh --describe', formatKafkaTopicsDescribe(d));
  return out.join('\n');
}
