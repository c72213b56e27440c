// Requests kafkajs 2.2.4 does not implement (ConsumerGroupDescribe, IncrementalAlterConfigs,
// OffsetDelete), sent on the connection kafkajs already holds to a broker: its socket, TLS, SASL,
// correlation ids, timeouts and SSH channels all apply unchanged. We hand kafkajs the encoded body and get
// back the bytes after the correlation id; encoding and decoding are ours (src/kafka/protocol).
// This uses kafkajs's private Broker.connectionPool.send and Broker.versions (from ApiVersions); both are
// checked here at run time and exercised by the integration tests, and kafkajs is pinned (see rawCluster.ts).
import type { RawCluster } from './rawCluster';

export interface ApiRange { minVersion: number; maxVersion: number }

/** The parts of kafkajs's Broker this module uses. */
interface BrokerInternals {
  versions?: Record<number, ApiRange | undefined> | null;
  connectionPool?: { send(protocolRequest: object): Promise<unknown> };
}

export interface RawRequest<T> {
  apiKey: number;
  apiName: string;
  apiVersion: number;
  /**
   * Flexible versions (KIP-482) use request header v2, which has a tagged-field section after the client
   * id, and response header v1, which has one after the correlation id. kafkajs writes header v1 and reads
   * only the correlation id, so for a flexible request the empty header tags are sent as the body's first
   * byte and the response's header tags are skipped before `decode` sees the body.
   */
  flexible: boolean;
  /** The request body (without header). */
  body: Buffer;
  /** Decodes the response body (after the response header). */
  decode(body: Buffer): T;
}

/** The version range `broker` announced for `apiKey` in its ApiVersions answer, or undefined if it lacks the API. */
export function brokerApiRange(broker: unknown, apiKey: number): ApiRange | undefined {
  const v = (broker as BrokerInternals).versions;
  return v ? v[apiKey] ?? undefined : undefined;
}

/**
 * The highest version both sides know: ours are `[min, max]`. Undefined when the broker lacks the API or
 * its range does not meet ours (then the caller falls back, and says so).
 */
export function pickVersion(broker: unknown, apiKey: number, min: number, max: number): number | undefined {
  const r = brokerApiRange(broker, apiKey);
  if (!r) return undefined;
  const v = Math.min(max, r.maxVersion);
  return v >= Math.max(min, r.minVersion) ? v : undefined;
}

/** The body of a flexible answer: after response header v1's tag section. */
export function skipHeaderTags(payload: Buffer): Buffer {
  // A tagged-field section: uvarint count, then (tag uvarint, size uvarint, bytes) each.
  let pos = 0;
  const uvarint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= payload.length) throw new Error('malformed response: header tags cut short');
      const b = payload[pos++];
      v += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return v;
    }
    throw new Error('malformed response: header tag varint too long');
  };
  const count = uvarint();
  for (let i = 0; i < count; i++) { uvarint(); pos += uvarint(); }
  return payload.subarray(pos);
}

/** Sends `req` on `broker` (a kafkajs Broker, e.g. from RawCluster.findBroker) and decodes the answer. */
export async function sendRawRequest<T>(broker: unknown, req: RawRequest<T>): Promise<T> {
  const pool = (broker as BrokerInternals).connectionPool;
  if (!pool || typeof pool.send !== 'function') {
    throw new Error('this kafkajs version does not expose a broker connection; Kafka Dev needs kafkajs 2.2.x');
  }
  const body = req.flexible ? Buffer.concat([Buffer.from([0]), req.body]) : req.body;
  // kafkajs's request writer calls encode() and checks for an Encoder (a `buf` Buffer, read via `buffer`).
  const encoded = { buf: body, buffer: body };
  const result = await pool.send({
    request: { apiKey: req.apiKey, apiVersion: req.apiVersion, apiName: req.apiName, encode: async () => encoded },
    response: {
      // kafkajs reads clientSideThrottleTime off the decoded value; the throttle time is ours to report.
      decode: async (payload: Buffer) => ({ clientSideThrottleTime: 0, value: req.decode(req.flexible ? skipHeaderTags(payload) : payload) }),
      parse: async (decoded: { value: T }) => decoded.value,
    },
  });
  return result as T;
}

/** The broker that coordinates `groupId` (FindCoordinator), from a connected RawCluster. */
export async function groupCoordinator(cluster: RawCluster, groupId: string): Promise<unknown> {
  const c = cluster as unknown as { findGroupCoordinator?(q: { groupId: string }): Promise<unknown> };
  if (typeof c.findGroupCoordinator !== 'function') throw new Error('this kafkajs version has no findGroupCoordinator; Kafka Dev needs kafkajs 2.2.x');
  return c.findGroupCoordinator({ groupId });
}

/** The active controller as kafkajs sees it (admin requests that must go there), from a connected RawCluster. */
export async function controllerBroker(cluster: RawCluster): Promise<unknown> {
  const c = cluster as unknown as { findControllerBroker?(): Promise<unknown>; refreshMetadataIfNecessary?(): Promise<void> };
  if (typeof c.findControllerBroker !== 'function') throw new Error('this kafkajs version has no findControllerBroker; Kafka Dev needs kafkajs 2.2.x');
  // The controller's id comes from Metadata, which a fresh cluster object has not loaded yet.
  await c.refreshMetadataIfNecessary?.();
  return c.findControllerBroker();
}
