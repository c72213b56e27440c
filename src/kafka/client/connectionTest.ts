// "Test connection": what a person needs to know after adding a cluster — did it answer, who is the
// controller, which id, how fast — or one specific reason why not.
import type { Kafka } from 'kafkajs';
import { describeKafkaError, KafkaErrorKind, withTimeout } from './errors';

export type ConnectionTestResult =
  | {
    ok: true;
    clusterId: string;
    controller: number | null;
    brokers: Array<{ nodeId: number; host: string; port: number }>;
    /** Round trip of one metadata request on the established connection, ms. */
    rttMs: number;
    /** Time to connect (TCP, TLS, SASL, API versions), ms. */
    connectMs: number;
    /** Set when brokers advertise addresses other than the bootstrap hosts. */
    advertisedHint?: string;
  }
  | { ok: false; kind: KafkaErrorKind; message: string };

const hostOf = (hp: string): string => (hp.startsWith('[') ? hp.slice(1, hp.indexOf(']')) : hp.slice(0, hp.lastIndexOf(':')));

/** A hint when the brokers' advertised addresses are not the hosts the user typed. */
export function advertisedListenersHint(bootstrap: string[], brokers: Array<{ host: string; port: number }>): string | undefined {
  const typed = new Set(bootstrap.map((b) => hostOf(b).toLowerCase()));
  const other = brokers.filter((b) => !typed.has(b.host.toLowerCase()));
  if (other.length === 0) return undefined;
  const list = [...new Set(other.map((b) => `${b.host}:${b.port}`))].join(', ');
  return `The cluster advertises its brokers as ${list}, not as the bootstrap host ${[...typed].join(', ')}. ` +
    'Clients connect to the advertised addresses after bootstrap: if those are not reachable from here, ' +
    "fix the brokers' advertised.listeners (or reach them through the SSH tunnel).";
}

export async function testConnection(kafka: Kafka, bootstrap: string[], timeoutMs: number): Promise<ConnectionTestResult> {
  const admin = kafka.admin();
  const tried = bootstrap.join(', ');
  try {
    const t0 = performance.now();
    await withTimeout(admin.connect(), timeoutMs, `could not connect to ${tried} within ${timeoutMs} ms`);
    // The first describeCluster also loads metadata once; the second one is a single round trip.
    await withTimeout(admin.describeCluster(), timeoutMs, `no metadata from ${tried} within ${timeoutMs} ms`);
    const connectMs = performance.now() - t0;
    const t1 = performance.now();
    const d = await withTimeout(admin.describeCluster(), timeoutMs, `no metadata from ${tried} within ${timeoutMs} ms`);
    const rttMs = performance.now() - t1;
    const brokers = d.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId);
    return { ok: true, clusterId: d.clusterId, controller: d.controller, brokers, rttMs, connectMs, advertisedHint: advertisedListenersHint(bootstrap, brokers) };
  } catch (e) {
    const d = describeKafkaError(e, tried);
    return { ok: false, kind: d.kind, message: d.message };
  } finally {
    // Not awaited: after a timeout, disconnect waits for the stuck request; the answer must not.
    void admin.disconnect().catch(() => undefined);
  }
}

export function formatConnectionTest(r: ConnectionTestResult): string {
  if (!r.ok) return r.message;
  const ctrl = r.controller === null ? 'unknown' : `broker ${r.controller}`;
  return `Connected: ${r.brokers.length} broker${r.brokers.length === 1 ? '' : 's'} (${r.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ')}), ` +
    `controller ${ctrl}, cluster id ${r.clusterId}, round trip ${r.rttMs.toFixed(1)} ms.` + (r.advertisedHint ? ` ${r.advertisedHint}` : '');
}
