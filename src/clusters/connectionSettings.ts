// Which changes to a cluster need its connection (client, tunnel, consumers, producers) to be rebuilt.
// A rename does not: everything but the display name (and the id, which never changes) does, including
// settings other features add later (e.g. new SASL mechanisms), since the comparison is structural.
import { ClusterConfig, ClusterSecrets } from '../kafka/rules/clusterConfig';

/** JSON with object keys sorted and undefined members dropped, so equal settings give equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * True when `a` and `b` connect the same way (they may differ in name, and in `vm`: where Kafka lives on
 * the SSH host is for the broker controls, not for the Kafka connection).
 */
export function sameConnectionSettings(a: ClusterConfig, b: ClusterConfig): boolean {
  const { name: _a, vm: _va, ...ra } = a;
  const { name: _b, vm: _vb, ...rb } = b;
  return canonical(ra) === canonical(rb);
}

/**
 * True when the secrets the Kafka client uses changed. SSH secrets are left out: the tunnel asks for them
 * and stores them while it connects, which must not look like a settings change that resets the tunnel.
 */
export function sameKafkaSecrets(a: ClusterSecrets, b: ClusterSecrets): boolean {
  const kafkaOnly = (s: ClusterSecrets): Record<string, unknown> =>
    Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('ssh')));
  return canonical(kafkaOnly(a)) === canonical(kafkaOnly(b));
}
