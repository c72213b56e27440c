// A small OAuth 2 / OIDC issuer of the tests' own, on loopback: a JWKS endpoint with one RSA key and a
// client-credentials token endpoint that signs RS256 JWTs with node:crypto. A Kafka broker started with
// `oauth: { jwksUrl }` (test/harness/kafka.ts) validates these tokens for real. Knobs let a test shorten
// the lifetime, issue already-expired tokens, or stall the endpoint.
import { createSign, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface OidcIssuer {
  readonly url: string;
  readonly jwksUrl: string;
  readonly tokenUrl: string;
  readonly audience: string;
  /** Tokens issued so far, newest last. */
  readonly issued: Array<{ clientId: string; scope?: string; exp: number; token: string }>;
  /** Token lifetime in seconds (expires_in and exp). */
  lifetimeSeconds: number;
  /** exp is set this many seconds in the past (while expires_in still claims lifetimeSeconds). */
  expiredBySeconds: number;
  /** The token endpoint accepts the connection and never answers. */
  stall: boolean;
  close(): Promise<void>;
}

export interface OidcIssuerOptions {
  clients: Record<string, string>;
  audience?: string;
  lifetimeSeconds?: number;
}

const b64url = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function sign(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOidcIssuer(opts: OidcIssuerOptions): Promise<OidcIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const stalled = new Set<ServerResponse>();
  const state = { issued: [] as OidcIssuer['issued'], lifetimeSeconds: opts.lifetimeSeconds ?? 3600, expiredBySeconds: 0, stall: false };
  const audience = opts.audience ?? 'kafka-dev-test';
  let url = '';

  const json = (res: ServerResponse, status: number, v: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/jwks') return json(res, 200, { keys: [jwk] });
      if (req.method !== 'POST' || req.url !== '/token') return json(res, 404, { error: 'not_found' });
      const form = new URLSearchParams(await body(req));
      if (state.stall) { stalled.add(res); return; }
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
      if (form.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
      if (!id || opts.clients[id] === undefined || opts.clients[id] !== secret) {
        res.setHeader('www-authenticate', 'Basic realm="kafka-dev-test"');
        return json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
      }
      const now = Math.floor(Date.now() / 1000);
      const exp = now + (state.expiredBySeconds ? -state.expiredBySeconds : state.lifetimeSeconds);
      const scope = form.get('scope') ?? undefined;
      const token = sign(privateKey, kid, { iss: url, sub: id, aud: audience, jti: randomUUID(), iat: now - (state.expiredBySeconds ? state.expiredBySeconds + state.lifetimeSeconds : 0), exp, ...(scope ? { scope } : {}) });
      state.issued.push({ clientId: id, scope, exp, token });
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: state.lifetimeSeconds, ...(scope ? { scope } : {}) });
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer: OidcIssuer = {
    url,
    jwksUrl: `${url}/jwks`,
    tokenUrl: `${url}/token`,
    audience,
    get issued() { return state.issued; },
    get lifetimeSeconds() { return state.lifetimeSeconds; },
    set lifetimeSeconds(v: number) { state.lifetimeSeconds = v; },
    get expiredBySeconds() { return state.expiredBySeconds; },
    set expiredBySeconds(v: number) { state.expiredBySeconds = v; },
    get stall() { return state.stall; },
    set stall(v: boolean) { state.stall = v; },
    async close(): Promise<void> {
      for (const r of stalled) r.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return issuer;
}
