// SASL OAUTHBEARER with the OAuth 2 client-credentials grant (RFC 6749 §4.4): the token endpoint is asked
// for an access token with the client id and secret (HTTP Basic, as Kafka's own Java client does), the
// token is cached and fetched again at 80% of its lifetime (or 15 s before it expires, if that is sooner), and sent to each broker as RFC 7628's
// initial client response. The authenticator is ours rather than kafkajs's built-in one because a broker
// that refuses a token answers with an error challenge first: kafkajs 2.2.4 takes that for success, the
// broker then closes the connection, and the person saw a generic connection error ("No brokers in the
// broker pool" against Kafka 4.4 with an expired token) instead of "token refused".
import type { AuthenticationProviderArgs, Mechanism } from 'kafkajs';
import { AuthError, brokerReason, saslRoundTrip } from './saslExchange';

export interface OAuthClientCredentials {
  tokenEndpointUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface OAuthTokenOptions {
  /** Bound for one token request, ms (the cluster's connection timeout). */
  timeoutMs: number;
  /** Fraction of expires_in after which a new token is fetched (default 0.8). */
  refreshAt?: number;
  /**
   * Never hand out a token with less than this left (default 15 s). kafkajs re-authenticates a connection
   * 10 s before its session ends (the broker ends it when the token expires); with a token that has less
   * left, every request would re-authenticate, and the broker refuses more than one re-authentication a
   * second (ILLEGAL_SASL_STATE).
   */
  minRemainingMs?: number;
  now?: () => number;
}

interface CachedToken {
  value: string;
  refreshAt: number;
  expiresAt: number;
}

/** The `exp` claim of a JWT access token, ms since the epoch, when the token is a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function networkCause(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const c = cur as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (c.name === 'TimeoutError' || c.name === 'AbortError') return 'TIMEOUT';
    cur = c.cause;
  }
  return '';
}

/** Fetches and caches access tokens for one cluster; safe to call from many connections at once. */
export class OAuthTokenProvider {
  private cached?: CachedToken;
  private inflight?: Promise<CachedToken>;
  /** Number of tokens fetched so far (shown in logs and read by tests). */
  fetched = 0;

  constructor(private readonly creds: OAuthClientCredentials, private readonly opts: OAuthTokenOptions) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** A token that is not past its refresh point; fetches one when needed. */
  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.value;
    this.inflight ??= this.fetch().finally(() => { this.inflight = undefined; });
    this.cached = await this.inflight;
    return this.cached.value;
  }

  /** Forget the cached token (the broker refused it), so the next attempt fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetch(): Promise<CachedToken> {
    const { tokenEndpointUrl: url, clientId, clientSecret, scope } = this.creds;
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into the Basic header.
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const cause = networkCause(e);
      const fix = 'Check the token endpoint URL in Edit Cluster and that the identity provider is running and reachable from here.';
      if (cause === 'TIMEOUT') throw new AuthError('KAFKA_DEV_OAUTH_TIMEOUT', `The OAuth token endpoint ${url} did not answer within ${this.opts.timeoutMs} ms. ${fix}`);
      if (cause === 'ECONNREFUSED') throw new AuthError('KAFKA_DEV_OAUTH_UNREACHABLE', `The OAuth token endpoint ${url} refused the connection. ${fix}`);
      if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') throw new AuthError('KAFKA_DEV_OAUTH_UNREACHABLE', `The OAuth token endpoint's host in ${url} was not found. ${fix}`);
      throw new AuthError('KAFKA_DEV_OAUTH_UNREACHABLE', `Could not reach the OAuth token endpoint ${url} (${cause || (e as Error).message}). ${fix}`);
    }
    let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try { json = JSON.parse(text) as typeof json; } catch { /* handled below by what is missing */ }
    const oauthError = typeof json.error === 'string' ? json.error : undefined;
    const detail = typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
    if (res.status === 401 || oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
      throw new AuthError('KAFKA_DEV_OAUTH_CLIENT', `The OAuth token endpoint ${url} refused client "${clientId}" (HTTP ${res.status}${oauthError ? ` ${oauthError}` : ''}${detail}): ` +
        'the client secret or client id is wrong. Enter them again in Edit Cluster.');
    }
    if (oauthError === 'invalid_scope') {
      throw new AuthError('KAFKA_DEV_OAUTH_SCOPE', `The OAuth token endpoint ${url} refused scope "${scope ?? ''}" (invalid_scope${detail}). Fix the scope in Edit Cluster.`);
    }
    if (!res.ok || oauthError) {
      throw new AuthError('KAFKA_DEV_OAUTH_ENDPOINT', `The OAuth token endpoint ${url} answered HTTP ${res.status}${oauthError ? ` ${oauthError}` : ''}${detail || (text ? `: ${text.slice(0, 200)}` : '')}. Check the token endpoint URL and the client's settings at the identity provider.`);
    }
    if (typeof json.access_token !== 'string' || !json.access_token) {
      throw new AuthError('KAFKA_DEV_OAUTH_ENDPOINT', `The OAuth token endpoint ${url} answered without an access_token (${text.slice(0, 200) || 'empty body'}). Is this the token endpoint (…/token), not the issuer or authorize URL?`);
    }
    const now = this.now();
    const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0
      ? json.expires_in * 1000
      : Math.max(0, (jwtExpiry(json.access_token) ?? now + 3_600_000) - now);
    this.fetched++;
    const refreshAt = now + Math.max(0, Math.min(lifetime * (this.opts.refreshAt ?? 0.8), lifetime - (this.opts.minRemainingMs ?? 15_000)));
    return { value: json.access_token, refreshAt, expiresAt: now + lifetime };
  }
}

/** RFC 7628 initial client response: GS2 header, then auth=Bearer <token>, separated by ^A. */
export function oauthBearerMessage(token: string): Buffer {
  return Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`, 'utf8');
}

/** The kafkajs mechanism: `sasl: oauthBearerMechanism(provider)`. */
export function oauthBearerMechanism(provider: OAuthTokenProvider, tokenEndpointUrl: string): Mechanism {
  return {
    mechanism: 'OAUTHBEARER',
    authenticationProvider: (args: AuthenticationProviderArgs) => ({
      authenticate: async () => {
        const token = await provider.token();
        let challenge: Buffer;
        try {
          challenge = await saslRoundTrip(args, oauthBearerMessage(token));
        } catch (e) {
          provider.invalidate();
          throw new AuthError('KAFKA_DEV_OAUTH_REFUSED', `Broker ${args.host}:${args.port} refused the OAuth token from ${tokenEndpointUrl} (${brokerReason(e)}).`);
        }
        if (challenge.length === 0) return;
        // A refusal: the broker sends {"status":"invalid_token",...}, and waits for ^A before failing.
        let status = challenge.toString('utf8');
        try { status = (JSON.parse(status) as { status?: string }).status ?? status; } catch { /* keep the raw text */ }
        await saslRoundTrip(args, Buffer.from([1])).catch(() => undefined);
        provider.invalidate();
        throw new AuthError('KAFKA_DEV_OAUTH_REFUSED', `Broker ${args.host}:${args.port} refused the OAuth token from ${tokenEndpointUrl} (${status}): ` +
          'the token has expired or is not meant for this cluster. Check the scope, and that the broker trusts this identity provider (its JWKS URL, expected audience and issuer).');
      },
    }),
  };
}
