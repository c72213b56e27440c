// Topic-level configs (Kafka 4.x, LogConfig), with their value types, so that `key=value` input is
// checked before a CreateTopics request is sent. Ranges follow the broker's own validators.

type ConfigType =
  | { t: 'int' | 'long'; min?: number; max?: number; hint?: string }
  | { t: 'double'; min: number; max: number }
  | { t: 'boolean' }
  | { t: 'enum'; values: string[] }
  | { t: 'enumList'; values: string[] }
  | { t: 'list' };

const INT_MAX = 2 ** 31 - 1;
const ms = (min: number, hint?: string): ConfigType => ({ t: 'long', min, hint: hint ?? 'milliseconds' });

export const TOPIC_CONFIGS: Readonly<Record<string, ConfigType>> = {
  'cleanup.policy': { t: 'enumList', values: ['delete', 'compact'] },
  'compression.type': { t: 'enum', values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'compression.gzip.level': { t: 'int', min: -1, max: 9 },
  'compression.lz4.level': { t: 'int', min: 1, max: 17 },
  'compression.zstd.level': { t: 'int', min: -131072, max: 22 },
  'delete.retention.ms': ms(0),
  'file.delete.delay.ms': ms(0),
  'flush.messages': { t: 'long', min: 1 },
  'flush.ms': ms(0),
  'follower.replication.throttled.replicas': { t: 'list' },
  'index.interval.bytes': { t: 'int', min: 0, hint: 'bytes' },
  'leader.replication.throttled.replicas': { t: 'list' },
  'local.retention.bytes': { t: 'long', min: -2, hint: 'bytes, -2 = use retention.bytes' },
  'local.retention.ms': ms(-2, 'milliseconds, -2 = use retention.ms'),
  'max.compaction.lag.ms': ms(1),
  'max.message.bytes': { t: 'int', min: 0, hint: 'bytes' },
  'message.timestamp.after.max.ms': ms(0),
  'message.timestamp.before.max.ms': ms(0),
  'message.timestamp.type': { t: 'enum', values: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { t: 'double', min: 0, max: 1 },
  'min.compaction.lag.ms': ms(0),
  'min.insync.replicas': { t: 'int', min: 1 },
  preallocate: { t: 'boolean' },
  'remote.log.copy.disable': { t: 'boolean' },
  'remote.log.delete.on.disable': { t: 'boolean' },
  'remote.storage.enable': { t: 'boolean' },
  'retention.bytes': { t: 'long', min: -1, hint: 'bytes, -1 = no limit' },
  'retention.ms': ms(-1, 'milliseconds, -1 = keep forever'),
  'segment.bytes': { t: 'int', min: 1024 * 1024, hint: 'bytes, at least 1 MiB' },
  'segment.index.bytes': { t: 'int', min: 4, hint: 'bytes' },
  'segment.jitter.ms': ms(0),
  'segment.ms': ms(1),
  'unclean.leader.election.enable': { t: 'boolean' },
};

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function closestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of Object.keys(TOPIC_CONFIGS)) {
    const dist = editDistance(key, k);
    if (dist < bestD) { bestD = dist; best = k; }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/** Why `value` is not valid for `key`, or undefined when it is. */
export function topicConfigValueError(key: string, value: string): string | undefined {
  const type = TOPIC_CONFIGS[key];
  if (!type) {
    const near = closestKey(key);
    return `Unknown topic config "${key}"${near ? `: did you mean "${near}"?` : '. Known keys include retention.ms, cleanup.policy, min.insync.replicas.'}`;
  }
  const got = `got "${value}"`;
  switch (type.t) {
    case 'int':
    case 'long': {
      if (!/^-?\d+$/.test(value)) return `${key} must be a whole number (${type.hint ?? 'integer'}), ${got}.`;
      const n = BigInt(value);
      const max = type.t === 'int' ? BigInt(type.max ?? INT_MAX) : BigInt(type.max ?? '9223372036854775807');
      if (type.min !== undefined && n < BigInt(type.min)) return `${key} must be at least ${type.min}, ${got}.`;
      if (n > max) return `${key} must be at most ${max}, ${got}.`;
      return undefined;
    }
    case 'double': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return `${key} must be a number between ${type.min} and ${type.max}, ${got}.`;
      if (n < type.min || n > type.max) return `${key} must be between ${type.min} and ${type.max}, ${got}.`;
      return undefined;
    }
    case 'boolean':
      return /^(true|false)$/i.test(value) ? undefined : `${key} must be true or false, ${got}.`;
    case 'enum':
      return type.values.includes(value) ? undefined : `${key} must be one of ${type.values.join(', ')}; ${got}.`;
    case 'enumList': {
      const parts = value.split(',').map((p) => p.trim());
      const bad = parts.filter((p) => !type.values.includes(p));
      return bad.length === 0 ? undefined : `${key} must be ${type.values.join(' and/or ')} (comma-separated); ${got}.`;
    }
    case 'list':
      return undefined;
  }
}

/**
 * Parses "retention.ms=60000 cleanup.policy=compact,delete" (entries separated by spaces, ";" or ",";
 * a comma piece without "=" continues the previous value, so list values need no quoting).
 */
export function parseTopicConfigs(text: string): { configs: Record<string, string> } | { error: string } {
  const configs: Record<string, string> = {};
  const entries: string[] = [];
  for (const piece of text.split(/[\s;,]+/).filter((p) => p.length > 0)) {
    if (!piece.includes('=') && entries.length > 0 && text.includes(`,${piece}`)) entries[entries.length - 1] += `,${piece}`;
    else entries.push(piece);
  }
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq < 0) return { error: `"${e}" is not key=value: write e.g. retention.ms=86400000` };
    const key = e.slice(0, eq).trim();
    const value = e.slice(eq + 1).trim();
    if (!key) return { error: `"${e}" has no key before "=": write e.g. retention.ms=86400000` };
    if (!value) return { error: `${key} has no value after "=": write e.g. ${key}=${exampleValue(key)}` };
    if (key in configs) return { error: `${key} is given twice: keep one value.` };
    const err = topicConfigValueError(key, value);
    if (err) return { error: err };
    configs[key] = value;
  }
  return { configs };
}

function exampleValue(key: string): string {
  const t = TOPIC_CONFIGS[key];
  if (!t) return '1';
  switch (t.t) {
    case 'boolean': return 'true';
    case 'enum': case 'enumList': return t.values[0];
    case 'double': return '0.5';
    default: return key.endsWith('.ms') ? '86400000' : '1';
  }
}
