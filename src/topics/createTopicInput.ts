// Create Topic's answers checked the way the broker would check them, so nothing invalid is ever sent.
// Pure (no vscode import): unit tests call it directly.
import { parseTopicConfigs } from '../kafka/rules/topicConfigs';
import { topicNameError } from '../kafka/rules/topicName';

export interface CreateTopicArgs {
  clusterId: string;
  name: string;
  partitions?: number | string;
  /** Omitted: the broker's default.replication.factor. */
  replicationFactor?: number | string;
  /** `{ "retention.ms": "60000" }` or the text form "retention.ms=60000 cleanup.policy=compact". */
  configs?: Record<string, string> | string;
}

export function partitionsError(text: string): string | undefined {
  const s = text.trim();
  if (!/^-?\d+$/.test(s)) return `Partitions must be a whole number of at least 1, got "${text}".`;
  const n = Number(s);
  if (n < 1) return `Partitions must be at least 1, got ${n}.`;
  // The broker caps partitions per request far below this; beyond it a typo is more likely than intent.
  if (n > 100_000) return `${n} partitions is more than a cluster can hold sensibly; use at most 100000.`;
  return undefined;
}

export function replicationFactorError(text: string, brokers: number | undefined): string | undefined {
  const s = text.trim();
  if (!/^-?\d+$/.test(s)) return `Replication factor must be a whole number from 1 to ${brokers ?? 'the number of brokers'}, got "${text}".`;
  const n = Number(s);
  if (n < 1) return `Replication factor must be at least 1, got ${n}.`;
  if (n > 32767) return `Replication factor ${n} is too large (at most 32767).`;
  if (brokers !== undefined && n > brokers) {
    return brokers === 1
      ? `Replication factor ${n} needs ${n} brokers; this cluster has 1 broker, so the replication factor must be 1.`
      : `Replication factor ${n} is more than the ${brokers} brokers of this cluster: use 1 to ${brokers}.`;
  }
  return undefined;
}

/** The replication-factor step's prompt ("1 to 1" reads as a typo, so one broker gets its own sentence). */
export function replicationFactorPrompt(brokers: number): string {
  return brokers === 1
    ? 'Replication factor: this cluster has 1 broker, so the replication factor must be 1'
    : `Replication factor: 1 to ${brokers} (this cluster has ${brokers} brokers; 3 is usual in production)`;
}

export interface ValidTopic {
  name: string;
  partitions: number;
  replicationFactor?: number;
  configs: Record<string, string>;
}

/** Validates the argument form; `brokers` is the live broker count (undefined skips that check). */
export function validateCreateTopic(a: CreateTopicArgs, brokers: number | undefined): ValidTopic | { error: string } {
  if (typeof a.name !== 'string') return { error: 'Topic name is required.' };
  const nameErr = topicNameError(a.name);
  if (nameErr) return { error: nameErr };
  const pText = a.partitions === undefined ? '1' : String(a.partitions);
  const pErr = partitionsError(pText);
  if (pErr) return { error: pErr };
  let rf: number | undefined;
  if (a.replicationFactor !== undefined && String(a.replicationFactor).trim() !== '') {
    const rErr = replicationFactorError(String(a.replicationFactor), brokers);
    if (rErr) return { error: rErr };
    rf = Number(String(a.replicationFactor).trim());
  }
  let configs: Record<string, string> = {};
  if (typeof a.configs === 'string') {
    const r = parseTopicConfigs(a.configs);
    if ('error' in r) return { error: r.error };
    configs = r.configs;
  } else if (a.configs) {
    const r = parseTopicConfigs(Object.entries(a.configs).map(([k, v]) => `${k}=${v}`).join(' '));
    if ('error' in r) return { error: r.error };
    configs = r.configs;
  }
  return { name: a.name, partitions: Number(pText.trim()), replicationFactor: rf, configs };
}
