// A stand-in for an Amazon MSK broker with IAM access control, on loopback: it speaks just enough of
// Kafka's protocol for a client to connect and read metadata (ApiVersions v0-2, SaslHandshake v0-1,
// SaslAuthenticate v0-1, Metadata v0-2) and checks an AWS_MSK_IAM payload the way MSK does: it
// recomputes the SigV4 signature from the payload's fields with the secret key it knows for the access
// key id, and refuses (SASL_AUTHENTICATION_FAILED) anything that does not match, is stale, or names
// another host. No AWS is reachable from the tests; this is what they check the SASL exchange against.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

export interface FakeMskBroker {
  readonly port: number;
  readonly bootstrap: string;
  /** Every payload received, with the verdict. */
  readonly attempts: Array<{ payload: Record<string, string>; accepted: boolean; reason?: string }>;
  close(): Promise<void>;
}

export interface FakeMskOptions {
  /** Access key id → secret key (and the session token it requires, if any). */
  keys: Record<string, { secret: string; sessionToken?: string }>;
  region: string;
  host?: string;
  now?: () => Date;
}

const enc = {
  i16: (v: number): Buffer => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; },
  i32: (v: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(v); return b; },
  i64: (v: bigint): Buffer => { const b = Buffer.alloc(8); b.writeBigInt64BE(v); return b; },
  str: (s: string | null): Buffer => (s === null ? enc.i16(-1) : Buffer.concat([enc.i16(Buffer.byteLength(s)), Buffer.from(s)])),
  bytes: (b: Buffer): Buffer => Buffer.concat([enc.i32(b.length), b]),
  arr: <T>(items: T[], f: (t: T) => Buffer): Buffer => Buffer.concat([enc.i32(items.length), ...items.map(f)]),
};

class Reader {
  constructor(private readonly b: Buffer, private o = 0) {}
  i16(): number { const v = this.b.readInt16BE(this.o); this.o += 2; return v; }
  i32(): number { const v = this.b.readInt32BE(this.o); this.o += 4; return v; }
  str(): string | null { const n = this.i16(); if (n < 0) return null; const s = this.b.toString('utf8', this.o, this.o + n); this.o += n; return s; }
  bytes(): Buffer { const n = this.i32(); const s = this.b.subarray(this.o, this.o + Math.max(0, n)); this.o += Math.max(0, n); return s; }
}

const hmac = (k: Buffer | string, d: string): Buffer => createHmac('sha256', k).update(d).digest();
const enc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** MSK's check of one payload, written from the SigV4 specification (independently of src/). */
function verify(p: Record<string, string>, o: FakeMskOptions, host: string): string | undefined {
  if (p.version !== '2020_10_22') return `unknown version ${p.version}`;
  if (p.action !== 'kafka-cluster:Connect') return `action ${p.action}`;
  if (p.host !== host) return `host ${p.host} is not ${host}`;
  if (p['x-amz-algorithm'] !== 'AWS4-HMAC-SHA256' || p['x-amz-signedheaders'] !== 'host') return 'algorithm or signed headers';
  const [akid, day, region, service, term] = (p['x-amz-credential'] ?? '').split('/');
  const key = o.keys[akid];
  if (!key) return `unknown access key ${akid}`;
  if (region !== o.region || service !== 'kafka-cluster' || term !== 'aws4_request') return `credential scope ${p['x-amz-credential']}`;
  if ((key.sessionToken ?? undefined) !== (p['x-amz-security-token'] ?? undefined)) return 'session token';
  const date = p['x-amz-date'] ?? '';
  const signedAt = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const now = (o.now?.() ?? new Date()).getTime();
  if (!(Math.abs(now - signedAt) < 5 * 60_000) || !date.startsWith(day)) return `x-amz-date ${date} is not now`;
  if (!(Number(p['x-amz-expires']) > 0 && Number(p['x-amz-expires']) <= 900)) return 'x-amz-expires';
  const query: Array<[string, string]> = [['Action', p.action], ['X-Amz-Algorithm', p['x-amz-algorithm']], ['X-Amz-Credential', p['x-amz-credential']],
    ['X-Amz-Date', date], ['X-Amz-Expires', p['x-amz-expires']], ['X-Amz-SignedHeaders', 'host']];
  if (p['x-amz-security-token']) query.push(['X-Amz-Security-Token', p['x-amz-security-token']]);
  const cq = query.map(([k, v]) => `${enc3986(k)}=${enc3986(v)}`).sort().join('&');
  const canonical = `GET\n/\n${cq}\nhost:${host}\n\nhost\n${createHash('sha256').update('').digest('hex')}`;
  const sts = `AWS4-HMAC-SHA256\n${date}\n${day}/${region}/kafka-cluster/aws4_request\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signing = hmac(hmac(hmac(hmac(`AWS4${key.secret}`, day), region), 'kafka-cluster'), 'aws4_request');
  if (createHmac('sha256', signing).update(sts).digest('hex') !== p['x-amz-signature']) return 'signature does not match';
  return undefined;
}

export async function startFakeMskBroker(o: FakeMskOptions): Promise<FakeMskBroker> {
  const host = o.host ?? '127.0.0.1';
  const attempts: FakeMskBroker['attempts'] = [];
  const sockets = new Set<Socket>();
  let port = 0;

  const handle = (socket: Socket, frame: Buffer, state: { mechanism?: string; authenticated: boolean }): void => {
    const r = new Reader(frame);
    const apiKey = r.i16();
    const version = r.i16();
    const correlationId = r.i32();
    r.str(); // client id
    const reply = (body: Buffer): void => {
      const payload = Buffer.concat([enc.i32(correlationId), body]);
      socket.write(Buffer.concat([enc.i32(payload.length), payload]));
    };
    if (apiKey === 18) { // ApiVersions
      if (version > 2) { reply(Buffer.concat([enc.i16(35), enc.arr([[18, 0, 2]], () => Buffer.concat([enc.i16(18), enc.i16(0), enc.i16(2)]))])); return; }
      const apis = [[18, 0, 2], [17, 0, 1], [36, 0, 1], [3, 0, 2]];
      reply(Buffer.concat([enc.i16(0), enc.arr(apis, ([k, a, b]) => Buffer.concat([enc.i16(k), enc.i16(a), enc.i16(b)])), ...(version >= 1 ? [enc.i32(0)] : [])]));
      return;
    }
    if (apiKey === 17) { // SaslHandshake
      state.mechanism = r.str() ?? '';
      reply(Buffer.concat([enc.i16(state.mechanism === 'AWS_MSK_IAM' ? 0 : 33), enc.arr(['AWS_MSK_IAM'], (m) => enc.str(m))]));
      return;
    }
    if (apiKey === 36) { // SaslAuthenticate
      const tail = version >= 1 ? [enc.i64(0n)] : [];
      let payload: Record<string, string> = {};
      try { payload = JSON.parse(r.bytes().toString('utf8')) as Record<string, string>; } catch { /* refused below */ }
      const reason = state.mechanism === 'AWS_MSK_IAM' ? verify(payload, o, host) : 'no SaslHandshake for AWS_MSK_IAM';
      attempts.push({ payload, accepted: !reason, reason });
      if (reason) {
        reply(Buffer.concat([enc.i16(58), enc.str(`[${randomUUID()}]: Access denied`), enc.bytes(Buffer.alloc(0)), ...tail]));
        return;
      }
      state.authenticated = true;
      const answer = Buffer.from(JSON.stringify({ version: '2020_10_22', 'request-id': randomUUID() }));
      reply(Buffer.concat([enc.i16(0), enc.str(null), enc.bytes(answer), ...(version >= 1 ? [enc.i64(900_000n)] : [])]));
      return;
    }
    // Like MSK: nothing but the SASL exchange before authentication.
    if (!state.authenticated) { socket.destroy(); return; }
    if (apiKey === 3) { // Metadata: one broker, no topics
      const broker = Buffer.concat([enc.i32(1), enc.str(host), enc.i32(port), ...(version >= 1 ? [enc.str(null)] : [])]);
      reply(Buffer.concat([enc.arr([broker], (b) => b), ...(version >= 2 ? [enc.str('fake-msk-cluster-id-000')] : []), ...(version >= 1 ? [enc.i32(1)] : []), enc.i32(0)]));
      return;
    }
    socket.destroy();
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const state = { authenticated: false } as { mechanism?: string; authenticated: boolean };
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const n = buf.readInt32BE(0);
        const frame = buf.subarray(4, 4 + n);
        buf = buf.subarray(4 + n);
        handle(socket, frame, state);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    bootstrap: `${host}:${port}`,
    attempts,
    async close(): Promise<void> {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
