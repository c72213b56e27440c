// A request whose body is several Buffers (a Produce request: its head, then each batch's bytes as the
// encoder left them), written to kafkajs's connection without joining them. kafkajs's own path
// (rawRequest.ts) copies a body twice into zero-filled buffers of the next power of two (its Encoder adds the
// request header, then the size prefix): for a 256 kB Produce request, two 512 kB allocations and two copies,
// and the garbage they leave. Here the size prefix and header are one small Buffer and the parts are handed
// to the socket as they are, corked, so Node writes them with one writev.
// Everything else stays kafkajs's: the connection (TLS, SASL, SSH channel), its correlation ids, its request
// queue (timeouts, throttling, matching the answer to the request) and its reading of the answer. That uses
// more of kafkajs's private Connection than rawRequest.ts does; each member is checked at run time, and when
// one is missing the request goes through rawRequest.ts instead (the same bytes on the wire).
import { RawRequest, sendRawRequest, skipHeaderTags } from './rawRequest';

/** The parts of kafkajs 2.2.4's Connection this module uses. */
interface ConnectionInternals {
  clientId?: string | null;
  socket?: { cork(): void; uncork(): void; write(b: Buffer): boolean };
  requestQueue?: { push(r: QueuedRequest): void };
  nextCorrelationId?(): number;
  failIfNotConnected?(): void;
  isAuthenticated?(): boolean;
  authenticate?(): Promise<void>;
}

interface Answer { payload: Buffer }

interface QueuedRequest {
  entry: { apiKey: number; apiName: string; apiVersion: number; correlationId: number; resolve(a: Answer): void; reject(e: unknown): void };
  expectResponse: boolean;
  requestTimeout: null;
  sendRequest(): void;
}

interface PoolInternals { connectionPool?: { getConnection?(index: number): Promise<ConnectionInternals> } }

export interface FramedRequest<T> extends Omit<RawRequest<T>, 'body'> {
  /** The request body (without header), in pieces written one after the other. */
  parts: readonly Buffer[];
}

const usable = (c: ConnectionInternals): boolean => typeof c.nextCorrelationId === 'function' && typeof c.failIfNotConnected === 'function'
  && typeof c.isAuthenticated === 'function' && typeof c.authenticate === 'function'
  && typeof c.requestQueue?.push === 'function' && typeof c.socket?.cork === 'function';

/**
 * Size prefix and request header v1 (v2 for a flexible request: an empty tag section after the client id),
 * as kafkajs writes them.
 */
export function frameHead(req: { apiKey: number; apiVersion: number; flexible: boolean }, correlationId: number, clientId: string | null, bodyBytes: number): Buffer {
  const id = clientId === null ? null : Buffer.from(clientId, 'utf8');
  const headerBytes = 10 + (id ? id.length : 0) + (req.flexible ? 1 : 0);
  const head = Buffer.allocUnsafe(4 + headerBytes);
  head.writeInt32BE(headerBytes + bodyBytes, 0);
  head.writeInt16BE(req.apiKey, 4);
  head.writeInt16BE(req.apiVersion, 6);
  head.writeInt32BE(correlationId, 8);
  head.writeInt16BE(id ? id.length : -1, 12);
  if (id) id.copy(head, 14);
  if (req.flexible) head[head.length - 1] = 0;
  return head;
}

/**
 * Sends `req` on `broker` (a kafkajs Broker) on the connection kafkajs uses for it (index 0, all but Fetch),
 * and decodes the answer. Requests reach the socket in the order of the calls, as with kafkajs's send.
 */
export async function sendFramedRequest<T>(broker: unknown, req: FramedRequest<T>): Promise<T> {
  const pool = (broker as PoolInternals).connectionPool;
  const c = typeof pool?.getConnection === 'function' ? await pool.getConnection(0) : undefined;
  if (!c || !usable(c)) {
    return sendRawRequest(broker, { ...req, body: Buffer.concat(req.parts as Buffer[]) });
  }
  // As kafkajs's send: a SASL session that must be renewed is renewed first (a no-op without SASL).
  if (!c.isAuthenticated!()) await c.authenticate!();
  c.failIfNotConnected!();
  const correlationId = c.nextCorrelationId!();
  let bodyBytes = 0;
  for (const p of req.parts) bodyBytes += p.length;
  const head = frameHead(req, correlationId, c.clientId ?? null, bodyBytes);
  const answer = await new Promise<Answer>((resolve, reject) => {
    try {
      c.failIfNotConnected!();
      c.requestQueue!.push({
        entry: { apiKey: req.apiKey, apiName: req.apiName, apiVersion: req.apiVersion, correlationId, resolve, reject },
        expectResponse: true,
        requestTimeout: null,
        sendRequest: () => {
          const s = c.socket!;
          s.cork();
          try {
            s.write(head);
            for (const p of req.parts) s.write(p);
          } finally {
            s.uncork();
          }
        },
      });
    } catch (e) {
      reject(e);
    }
  });
  return req.decode(req.flexible ? skipHeaderTags(answer.payload) : answer.payload);
}
