// Changing a topic: its configs (DescribeConfigs, then IncrementalAlterConfigs, which kafkajs lacks, on
// kafkajs's own broker connection), its partition count (CreatePartitions) and its oldest records
// (DeleteRecords). Each throws an Error whose message says what the broker refused and why.
import type { Admin } from 'kafkajs';
import { controllerBroker, pickVersion, sendRawRequest } from '../client/rawRequest';
import type { RawCluster } from '../client/rawCluster';
import { kafkajs } from '../client/vendor';
import {
  ALTER_CONFIGS_ERRORS, decodeIncrementalAlterConfigs, encodeIncrementalAlterConfigs, INCREMENTAL_ALTER_CONFIGS_KEY,
  INCREMENTAL_ALTER_CONFIGS_VERSIONS, isFlexibleVersion, RESOURCE_TOPIC,
} from '../protocol/incrementalAlterConfigs';
import { brokerSynonymsOf, ConfigEditPlan, changedRows, changesNotShown, currentConfig, CurrentConfig, DescribedConfigEntry, withBrokerDefaults } from '../rules/topicConfigEdit';
import { PartitionOffsets, PurgePlan, purgedRows } from '../rules/partitionChanges';
import { fetchPartitionDetails } from './describeTopic';
import { topicOperationMessage } from './topicErrors';

/** The topic's configs in force, each with its source and what a reset would leave (sorted by name). */
export async function readTopicConfigs(admin: Admin, topic: string): Promise<CurrentConfig[]> {
  const res = await admin.describeConfigs({ resources: [{ type: kafkajs().ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: true });
  const entries = (res.resources[0]?.configEntries ?? []) as unknown as DescribedConfigEntry[];
  const configs = entries.map(currentConfig).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unknown = configs.filter((c) => c.source === 'topic' && !c.inherited);
  if (unknown.length === 0) return configs;
  // The value a reset leaves comes from the broker's settings (the topic's answer does not carry it).
  // Best effort: without it the preview says "reset to default" without a number.
  try {
    const o = await admin.describeCluster();
    const node = o.brokers[0]?.nodeId;
    if (node === undefined) return configs;
    const names = [...new Set(unknown.flatMap((c) => brokerSynonymsOf(c.name)))];
    const b = await admin.describeConfigs({ resources: [{ type: kafkajs().ConfigResourceTypes.BROKER, name: String(node), configNames: names }], includeSynonyms: false });
    const found = new Map((b.resources[0]?.configEntries ?? []).map((e) => [e.configName, { value: e.configValue as string | null, source: (e as unknown as { configSource: number }).configSource }]));
    return withBrokerDefaults(configs, found);
  } catch {
    return configs;
  }
}

/**
 * Sends the plan's changes as one IncrementalAlterConfigs request (all or nothing: the broker validates
 * every config of a resource before it applies any). `validateOnly` asks the broker to check without
 * applying: how the preview learns about a policy or a validator before anyone confirms.
 */
export async function alterTopicConfigs(cluster: RawCluster, plan: ConfigEditPlan, validateOnly: boolean, clusterName: string): Promise<void> {
  const broker = await controllerBroker(cluster);
  const { min, max } = INCREMENTAL_ALTER_CONFIGS_VERSIONS;
  const version = pickVersion(broker, INCREMENTAL_ALTER_CONFIGS_KEY, min, max);
  if (version === undefined) {
    throw new Error(`The brokers of ${clusterName} do not support IncrementalAlterConfigs (Kafka 2.3 or later), so topic configs cannot be changed one by one here; `
      + 'nothing was changed. (Kafka Dev does not fall back to AlterConfigs: it replaces every config of the topic and would reset the others.)');
  }
  const configs = changedRows(plan).map((r) => (r.kind === 'reset' ? { name: r.key, op: 'delete' as const } : { name: r.key, op: 'set' as const, value: r.new ?? '' }));
  const answer = await sendRawRequest(broker, {
    apiKey: INCREMENTAL_ALTER_CONFIGS_KEY,
    apiName: 'IncrementalAlterConfigs',
    apiVersion: version,
    flexible: isFlexibleVersion(version),
    body: encodeIncrementalAlterConfigs(version, [{ type: RESOURCE_TOPIC, name: plan.topic, configs }], validateOnly),
    decode: (b) => decodeIncrementalAlterConfigs(version, b),
  });
  const r = answer.results.find((x) => x.resourceName === plan.topic) ?? answer.results[0];
  if (!r) throw new Error(`The broker answered IncrementalAlterConfigs for topic "${plan.topic}" without a result; nothing is known to have changed.`);
  if (r.errorCode !== 0) throw new Error(alterConfigsRefusal(r.errorCode, r.errorMessage, plan.topic, clusterName));
}

/**
 * Waits until the topic's configs read back show the applied plan. The controller has committed the
 * change when IncrementalAlterConfigs answers, but a broker serves DescribeConfigs from its own copy of
 * the metadata, which catches up a moment later: a Describe right after would show the old values.
 * Past the bound it returns anyway (the change was accepted; only its echo is late).
 */
export async function awaitConfigsShown(admin: Admin, plan: ConfigEditPlan, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (changesNotShown(plan, await readTopicConfigs(admin, plan.topic)).length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The broker's refusal of a config change in words, its own reason passed through. */
export function alterConfigsRefusal(code: number, brokerMessage: string | null, topic: string, clusterName: string): string {
  const name = ALTER_CONFIGS_ERRORS[code] ?? `error ${code}`;
  const why = brokerMessage ? `: ${brokerMessage}` : '';
  switch (name) {
    case 'UNKNOWN_TOPIC_OR_PARTITION': return `Topic "${topic}" does not exist on ${clusterName} (maybe deleted). Refresh the tree; nothing was changed.`;
    case 'INVALID_CONFIG': return `The broker refused the config change of topic "${topic}"${why}. Nothing was changed.`;
    case 'POLICY_VIOLATION': return `The broker's alter.config.policy on ${clusterName} refused the change of topic "${topic}"${why}. Nothing was changed.`;
    case 'TOPIC_AUTHORIZATION_FAILED': return `Not authorized to change the configs of topic "${topic}" on ${clusterName}: it needs the AlterConfigs ACL on the topic. Nothing was changed.`;
    case 'CLUSTER_AUTHORIZATION_FAILED': return `Not authorized to change configs on ${clusterName}: it needs the AlterConfigs ACL. Nothing was changed.`;
    default: return `The broker refused the config change of topic "${topic}" (${name})${why}. Nothing was changed.`;
  }
}

/** Raises the topic's partition count to `count` and waits (bounded by the caller) until metadata shows it. */
/**
 * The topic's partition count from metadata alone. Not from the partitions' offsets: right after partitions
 * were added, the metadata already names the new ones' leader while that broker may still answer
 * ListOffsets with NOT_LEADER_FOR_PARTITION for a moment.
 */
export async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  return md.topics.find((x) => x.name === topic)?.partitions.length ?? 0;
}

export async function addPartitions(admin: Admin, topic: string, count: number, timeoutMs: number): Promise<void> {
  await admin.createPartitions({ topicPartitions: [{ topic, count }], timeout: timeoutMs, validateOnly: false });
  // CreatePartitions returns when the controller accepted it; the new partitions get leaders a moment later.
  const end = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < end) {
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    const t = md.topics.find((x) => x.name === topic);
    seen = t?.partitions.filter((p) => p.leader >= 0).length ?? 0;
    if (t && t.partitions.length >= count && seen === t.partitions.length) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Topic "${topic}" was given ${count} partitions, but after ${timeoutMs} ms only ${seen} have a leader; refresh later to see them.`);
}

/** Each partition's first and end offsets (only partitions with a leader can be purged). */
export async function partitionOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const parts = await fetchPartitionDetails(admin, topic);
  const offline = parts.filter((p) => p.earliest === undefined).map((p) => p.partition);
  if (offline.length) throw new Error(`Partition${offline.length > 1 ? 's' : ''} ${offline.join(', ')} of topic "${topic}" have no leader now, so their offsets are unknown; try again when the brokers are back.`);
  return parts.map((p) => ({ partition: p.partition, low: p.earliest ?? '0', high: p.latest ?? '0' }));
}

/**
 * Deletes the records of the plan (one DeleteRecords per leader broker). When some partitions fail, the
 * offsets are read again and the message says which partitions were purged and which were not.
 */
export async function applyPurge(admin: Admin, plan: PurgePlan, clusterName: string): Promise<void> {
  const rows = purgedRows(plan);
  try {
    await admin.deleteTopicRecords({ topic: plan.topic, partitions: rows.map((r) => ({ partition: r.partition, offset: r.newLow })) });
  } catch (e) {
    const after = await partitionOffsets(admin, plan.topic).catch(() => undefined);
    const done = after ? rows.filter((r) => after.find((o) => o.partition === r.partition)?.low === r.newLow).map((r) => r.partition) : [];
    const notDone = rows.map((r) => r.partition).filter((p) => !done.includes(p));
    const state = after === undefined
      ? 'The offsets could not be read back, so it is unknown which partitions were purged.'
      : done.length === 0 ? 'No partition was purged.'
        : `Purged: partition ${done.join(', ')}; not purged: partition ${notDone.join(', ')}.`;
    const m = topicChangeMessage(e, plan.topic, clusterName) ?? (e instanceof Error ? e.message : String(e));
    throw Object.assign(new Error(`${m} ${state}`), { cause: e });
  }
}

interface Typed { type?: string; message?: string; partitions?: Array<{ partition: number; error?: Typed }>; originalError?: unknown; cause?: unknown }

/** Broker answers to CreatePartitions and DeleteRecords in words; other topic errors as Delete/Create Topic word them. */
export function topicChangeMessage(e: unknown, topic: string, clusterName: string): string | undefined {
  const t = (e ?? {}) as Typed;
  const perPartition = t.partitions?.map((p) => `partition ${p.partition}: ${p.error?.message ?? 'failed'}${p.error?.type ? ` (${p.error.type})` : ''}`);
  if (perPartition?.length) return `The broker refused to delete records of topic "${topic}": ${perPartition.join('; ')}.`;
  const inner = [t, t.originalError, t.cause].find((x): x is Typed => !!x && typeof x === 'object' && typeof (x as Typed).type === 'string');
  if (inner?.type === 'INVALID_PARTITIONS') return `The broker refused the new partition count of topic "${topic}": ${inner.message ?? inner.type}`;
  if (inner?.type === 'POLICY_VIOLATION') return `A broker policy on ${clusterName} refused the change of topic "${topic}": ${inner.message ?? inner.type}`;
  return topicOperationMessage(e, topic, clusterName);
}
