// A loopback TCP proxy in front of one broker that reads Kafka's framing (size-prefixed requests and
// responses, matched by correlation id) so a test can cut every connection at a chosen moment of a
// Produce: after the broker has written a batch but before its answer reaches the client (the answer is
// swallowed), or in the middle of a request (the broker gets half of it). Clients reach it through a
// kafkajs socketFactory that sends every address, bootstrap and advertised, here.
import { createServer, connect, Server, Socket } from 'node:net';

const PRODUCE = 0;

export type CutRule =
  /** Swallows the answer to the n-th Produce request (counted from 1) and cuts: the broker wrote it, the client never hears. */
  | { kind: 'drop-answer'; produce: number }
  /** Forwards half of the n-th Produce request, then cuts. */
  | { kind: 'half-request'; produce: number };

export interface KafkaProxy {
  port: number;
  /** Produce requests that reached the proxy, answers swallowed, connections cut. */
  readonly stats: { produceRequests: number; droppedAnswers: number; halfRequests: number; cuts: number };
  close(): Promise<void>;
}

/** Reads size-prefixed frames from a byte stream. */
class Framer {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      out.push(this.buf.subarray(0, 4 + size));
      this.buf = this.buf.subarray(4 + size);
    }
    return out;
  }
}

export async function startKafkaProxy(upstreamPort: number, rules: CutRule[]): Promise<KafkaProxy> {
  const stats = { produceRequests: 0, droppedAnswers: 0, halfRequests: 0, cuts: 0 };
  const pending = [...rules];
  const live = new Set<Socket>();
  const cutAll = (): void => {
    stats.cuts++;
    for (const s of live) s.destroy();
    live.clear();
  };
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort });
    live.add(client);
    live.add(upstream);
    const produceCorrelations = new Map<number, number>(); // correlation id → produce request number
    const requests = new Framer();
    const answers = new Framer();
    client.on('data', (chunk: Buffer) => {
      for (const frame of requests.push(chunk)) {
        const apiKey = frame.readInt16BE(4);
        if (apiKey === PRODUCE) {
          const n = ++stats.produceRequests;
          produceCorrelations.set(frame.readInt32BE(8), n);
          const rule = pending.find((r) => r.kind === 'half-request' && r.produce === n);
          if (rule) {
            pending.splice(pending.indexOf(rule), 1);
            stats.halfRequests++;
            upstream.write(frame.subarray(0, frame.length >> 1), () => cutAll());
            return;
          }
        }
        upstream.write(frame);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const frame of answers.push(chunk)) {
        const n = produceCorrelations.get(frame.readInt32BE(4));
        const rule = n === undefined ? undefined : pending.find((r) => r.kind === 'drop-answer' && r.produce === n);
        if (rule) {
          pending.splice(pending.indexOf(rule), 1);
          stats.droppedAnswers++;
          cutAll();
          return;
        }
        client.write(frame);
      }
    });
    const end = (): void => { client.destroy(); upstream.destroy(); live.delete(client); live.delete(upstream); };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port, stats,
    close: () => new Promise<void>((r) => { for (const s of live) s.destroy(); server.close(() => r()); }),
  };
}
