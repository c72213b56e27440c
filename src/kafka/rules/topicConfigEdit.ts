// Edit Topic Configs, the pure part: `key=value` / `-key` input → checked edits (Kafka's known keys and
// types, as Create Topic checks them, plus whatever keys the broker itself reported for the topic) →
// a plan against the configs in force (change, add, reset to the inherited value, or unchanged) → the
// preview text. No broker, no VS Code: unit tests call it directly.
import { TOPIC_CONFIGS, topicConfigValueError } from './topicConfigs';

/** Kafka's ConfigSource numbers as DescribeConfigs answers them. */
const SOURCE_NAMES: Record<number, string> = {
  1: 'topic', 2: 'dynamic broker', 3: 'dynamic default broker', 4: 'static broker', 5: 'default', 6: 'dynamic broker logger',
};
const TOPIC_SOURCE = 1;

/** A DescribeConfigs entry with synonyms (kafkajs's shape), as far as this module reads it. */
export interface DescribedConfigEntry {
  configName: string;
  configValue: string | null;
  configSource: number;
  isSensitive: boolean;
  readOnly: boolean;
  configSynonyms?: Array<{ configName: string; configValue: string | null; configSource: number }>;
}

export interface CurrentConfig {
  name: string;
  value: string | null;
  /** Where the value in force is set: 'topic' is an override on this topic; the others are inherited. */
  source: string;
  sensitive: boolean;
  readOnly: boolean;
  /** What a reset would leave in force: the next synonym below the topic's override (broker setting or Kafka's default). */
  inherited?: { value: string; source: string; name: string };
}

export type ConfigEdit = { op: 'set'; key: string; value: string } | { op: 'reset'; key: string };

export interface ConfigChangeRow {
  key: string;
  kind: 'change' | 'add' | 'reset' | 'unchanged';
  /** The value in force now and where it is set. */
  old: string | null;
  oldSource: string;
  /** The value in force after the change (for a reset: the inherited value, when the broker reported it). */
  new: string | null;
  newSource: string;
  note?: string;
}

export interface ConfigEditPlan {
  topic: string;
  rows: ConfigChangeRow[];
}

/** Rows that change something (what is sent to the broker). */
export const changedRows = (p: ConfigEditPlan): ConfigChangeRow[] => p.rows.filter((r) => r.kind !== 'unchanged');

/**
 * Keys of the plan whose change the configs read back do not show yet: a set key not yet at its new value
 * on the topic, a reset key still overridden on the topic. Empty once the broker serves the change.
 */
export function changesNotShown(plan: ConfigEditPlan, configs: readonly CurrentConfig[]): string[] {
  return changedRows(plan).filter((r) => {
    const c = configs.find((x) => x.name === r.key);
    return r.kind === 'reset' ? c?.source === 'topic' : c?.source !== 'topic' || c.value !== r.new;
  }).map((r) => r.key);
}

const UNIT_MS: Record<string, number> = { ms: 1, minutes: 60_000, hours: 3_600_000 };

/**
 * A synonym's value in the unit of `key`: retention.ms inherits log.retention.hours=168 as 604800000.
 * Undefined when the units cannot be matched (then the preview names the synonym as it is).
 */
function inUnitOf(key: string, synonym: string, value: string): string | undefined {
  const unitOf = (n: string): string => n.slice(n.lastIndexOf('.') + 1);
  const [ku, su] = [unitOf(key), unitOf(synonym)];
  if (ku === su) return value;
  if (ku === 'ms' && su in UNIT_MS && /^-?\d+$/.test(value)) {
    const n = BigInt(value);
    return n < 0n ? value : (n * BigInt(UNIT_MS[su])).toString();
  }
  return undefined;
}

/**
 * The broker settings a topic config falls back to, in Kafka's order (ServerTopicConfigSynonyms): the
 * broker answers only the topic's own synonym for a topic that overrides a key, so what a reset leaves
 * is looked up on the broker under these names. A key missing here falls back to `log.<key>` then `<key>`.
 */
const BROKER_SYNONYMS: Readonly<Record<string, string[]>> = {
  'retention.ms': ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  'segment.ms': ['log.roll.ms', 'log.roll.hours'],
  'segment.jitter.ms': ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
  'max.message.bytes': ['message.max.bytes'],
  'flush.messages': ['log.flush.interval.messages'],
  'flush.ms': ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
  'segment.index.bytes': ['log.index.size.max.bytes'],
  'index.interval.bytes': ['log.index.interval.bytes'],
  'delete.retention.ms': ['log.cleaner.delete.retention.ms'],
  'min.compaction.lag.ms': ['log.cleaner.min.compaction.lag.ms'],
  'max.compaction.lag.ms': ['log.cleaner.max.compaction.lag.ms'],
  'file.delete.delay.ms': ['log.segment.delete.delay.ms'],
  'min.cleanable.dirty.ratio': ['log.cleaner.min.cleanable.ratio'],
  'compression.type': ['compression.type'],
  'compression.gzip.level': ['compression.gzip.level'],
  'compression.lz4.level': ['compression.lz4.level'],
  'compression.zstd.level': ['compression.zstd.level'],
  'unclean.leader.election.enable': ['unclean.leader.election.enable'],
  'min.insync.replicas': ['min.insync.replicas'],
};

export const brokerSynonymsOf = (key: string): string[] => BROKER_SYNONYMS[key] ?? [`log.${key}`, key];

/** Fills `inherited` of the configs set on the topic from the broker's own configs (name → value and source number). */
export function withBrokerDefaults(configs: readonly CurrentConfig[], broker: ReadonlyMap<string, { value: string | null; source: number }>): CurrentConfig[] {
  return configs.map((c) => {
    if (c.source !== 'topic' || c.inherited) return c;
    for (const name of brokerSynonymsOf(c.name)) {
      const b = broker.get(name);
      if (!b || b.value === null) continue;
      const v = inUnitOf(c.name, name, b.value);
      return { ...c, inherited: { value: v ?? `${name}=${b.value}`, source: SOURCE_NAMES[b.source] ?? 'broker', name } };
    }
    return c;
  });
}

/** One DescribeConfigs entry (with synonyms) as the edit flow needs it. */
export function currentConfig(e: DescribedConfigEntry): CurrentConfig {
  const c: CurrentConfig = {
    name: e.configName,
    value: e.isSensitive ? null : e.configValue,
    source: SOURCE_NAMES[e.configSource] ?? 'unknown',
    sensitive: e.isSensitive,
    readOnly: e.readOnly,
  };
  // Synonyms come in precedence order; the first one below the topic's own override is what remains after a reset.
  for (const s of e.configSynonyms ?? []) {
    if (s.configSource === TOPIC_SOURCE || s.configValue === null) continue;
    const v = inUnitOf(e.configName, s.configName, s.configValue);
    c.inherited = { value: v ?? `${s.configName}=${s.configValue}`, source: SOURCE_NAMES[s.configSource] ?? 'unknown', name: s.configName };
    break;
  }
  return c;
}

/**
 * Splits the input into entries: separated by spaces or ";"; a comma piece without "=" continues the
 * previous value (cleanup.policy=compact,delete), as Create Topic's input does.
 */
function entriesOf(text: string): string[] {
  const entries: string[] = [];
  for (const chunk of text.split(/[\s;]+/).filter((p) => p.length > 0)) {
    for (const piece of chunk.split(',')) {
      const last = entries.length - 1;
      if (!piece.includes('=') && !piece.startsWith('-') && last >= 0 && entries[last].includes('=') && !entries[last].startsWith('-')) {
        entries[last] += `,${piece}`;
      } else if (piece.length > 0) {
        entries.push(piece);
      }
    }
  }
  return entries;
}

const EXAMPLE = 'retention.ms=86400000 cleanup.policy=compact,delete -segment.ms';

/** Why `key` cannot be edited on this broker, or undefined. `brokerKeys`: the keys the broker reported for the topic. */
function keyError(key: string, brokerKeys: ReadonlySet<string> | undefined): string | undefined {
  if (key in TOPIC_CONFIGS || brokerKeys?.has(key)) return undefined;
  return topicConfigValueError(key, '');
}

/**
 * Parses "retention.ms=3600000 -segment.ms" into edits: `key=value` sets (checked against Kafka's types),
 * `-key` resets to the inherited value. `brokerKeys` widens the known keys to what the broker reports
 * (a key of another Kafka version is then left to the broker's own check).
 */
export function parseConfigEdits(text: string, brokerKeys?: ReadonlySet<string>): { edits: ConfigEdit[] } | { error: string } {
  const entries = entriesOf(text);
  if (entries.length === 0) return { error: `Give at least one change, e.g. ${EXAMPLE} (-key resets it to the default).` };
  const edits: ConfigEdit[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    let edit: ConfigEdit;
    if (e.startsWith('-')) {
      const key = e.slice(1);
      if (!key || key.includes('=')) return { error: `"${e}" is neither key=value nor -key: write e.g. -retention.ms to reset retention.ms to its default.` };
      edit = { op: 'reset', key };
    } else {
      const eq = e.indexOf('=');
      if (eq < 0) return { error: `"${e}" is not key=value: write e.g. retention.ms=86400000, or -${e} to reset it to the default.` };
      const key = e.slice(0, eq);
      const value = e.slice(eq + 1);
      if (!key) return { error: `"${e}" has no key before "=": write e.g. retention.ms=86400000.` };
      if (!value) return { error: `${key} has no value after "=": give one, or write -${key} to reset it to the default.` };
      edit = { op: 'set', key, value };
    }
    const kErr = keyError(edit.key, brokerKeys);
    if (kErr) return { error: kErr };
    if (edit.op === 'set' && edit.key in TOPIC_CONFIGS) {
      const vErr = topicConfigValueError(edit.key, edit.value);
      if (vErr) return { error: vErr };
    }
    if (seen.has(edit.key)) return { error: `${edit.key} is given twice: keep one change.` };
    seen.add(edit.key);
    edits.push(edit);
  }
  return { edits };
}

/** The argument form: `{ set: { key: value }, reset: [key] }` and/or the text form, as one list of edits. */
export function editsFromRequest(
  req: { set?: Record<string, string | number | boolean>; reset?: string[]; edits?: string },
  brokerKeys?: ReadonlySet<string>,
): { edits: ConfigEdit[] } | { error: string } {
  const parts: string[] = [];
  if (req.edits) parts.push(req.edits);
  for (const [k, v] of Object.entries(req.set ?? {})) {
    if (/\s/.test(String(v))) return { error: `${k}: a topic config value has no spaces, got "${String(v)}".` };
    parts.push(`${k}=${String(v)}`);
  }
  for (const k of req.reset ?? []) parts.push(`-${k}`);
  return parseConfigEdits(parts.join(' '), brokerKeys);
}

const sameValue = (a: string | null, b: string | null): boolean =>
  (a ?? '').split(',').map((x) => x.trim()).join(',') === (b ?? '').split(',').map((x) => x.trim()).join(',');

/** The plan of `edits` against the configs in force; an error when nothing would change or a key is read-only. */
export function planConfigEdit(topic: string, current: readonly CurrentConfig[], edits: readonly ConfigEdit[]): ConfigEditPlan | { error: string } {
  const byName = new Map(current.map((c) => [c.name, c]));
  const rows: ConfigChangeRow[] = [];
  for (const e of edits) {
    const c = byName.get(e.key);
    if (c?.readOnly) return { error: `${e.key} is read-only on this broker; it cannot be changed per topic.` };
    const old = c?.value ?? null;
    const oldSource = c?.source ?? 'not reported';
    if (e.op === 'set') {
      const overridden = c?.source === 'topic';
      if (overridden && sameValue(old, e.value)) {
        rows.push({ key: e.key, kind: 'unchanged', old, oldSource, new: old, newSource: 'topic', note: 'already set to this value on the topic' });
      } else {
        rows.push({ key: e.key, kind: overridden ? 'change' : 'add', old, oldSource, new: e.value, newSource: 'topic' });
      }
    } else if (c?.source !== 'topic') {
      rows.push({ key: e.key, kind: 'unchanged', old, oldSource, new: old, newSource: oldSource, note: 'not set on the topic: it already has the inherited value' });
    } else {
      rows.push({ key: e.key, kind: 'reset', old, oldSource, new: c.inherited?.value ?? null, newSource: c.inherited?.source ?? 'default' });
    }
  }
  if (!rows.some((r) => r.kind !== 'unchanged')) {
    return { error: `Nothing to change on topic "${topic}": ${rows.map((r) => `${r.key} is ${r.note}`).join('; ')}.` };
  }
  return { topic, rows };
}

const shown = (v: string | null): string => (v === null ? '(none)' : v === '' ? '""' : v);

/** One row's "after" in words: the new value, or "reset to default (X)". */
export function afterText(r: ConfigChangeRow): string {
  switch (r.kind) {
    case 'reset': return r.new === null ? 'reset to default' : `reset to default (${r.new}, ${r.newSource})`;
    case 'unchanged': return `unchanged (${r.note ?? 'no change'})`;
    default: return `${r.new ?? ''} (set on topic)`;
  }
}

/** The preview a person reads before Apply: one line per key, now → after. */
export function configPreviewText(plan: ConfigEditPlan, clusterName: string): string {
  const changes = changedRows(plan).length;
  const head = [`Edit configs of topic ${plan.topic} on cluster ${clusterName}: ${changes} change${changes === 1 ? '' : 's'}`, ''];
  const table = plan.rows.map((r) => [r.key, `${shown(r.old)} (${r.oldSource})`, afterText(r)]);
  const w = [Math.max(3, ...table.map((t) => t[0].length)), Math.max(3, ...table.map((t) => t[1].length))];
  const line = (a: string, b: string, c: string, arrow: string): string => `${a.padEnd(w[0])}  ${b.padEnd(w[1])}  ${arrow}  ${c}`.trimEnd();
  return [...head, line('KEY', 'NOW', 'AFTER', ' '), ...table.map(([a, b, c]) => line(a, b, c, '→')), ''].join('\n');
}
