// The OAuth token cache on its own, against the tests' loopback issuer with a controlled clock: one
// request for many concurrent callers, reuse until 80% of the lifetime (or 15 s before expiry, whichever
// is sooner), a new token after that or after the broker refused one, and the RFC 7628 message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jwtExpiry, oauthBearerMessage, OAuthTokenProvider } from '../../src/kafka/client/auth/oauthBearer';
import { OidcIssuer, startOidcIssuer } from '../harness/oidcIssuer';

let issuer: OidcIssuer;
before(async () => { issuer = await startOidcIssuer({ clients: { app: 'secret' } }); });
after(async () => { await issuer.close(); });

function provider(clock: { now: number }): OAuthTokenProvider {
  return new OAuthTokenProvider({ tokenEndpointUrl: issuer.tokenUrl, clientId: 'app', clientSecret: 'secret' }, { timeoutMs: 2_000, now: () => clock.now });
}

test('concurrent callers share one request; the token is reused until 80% of its lifetime', async () => {
  issuer.lifetimeSeconds = 100;
  const clock = { now: 1_000_000 };
  const p = provider(clock);
  const [a, b, c] = await Promise.all([p.token(), p.token(), p.token()]);
  assert.equal(p.fetched, 1);
  assert.ok(a === b && b === c);
  clock.now += 79_000;
  assert.equal(await p.token(), a);
  clock.now += 2_000;
  assert.notEqual(await p.token(), a);
  assert.equal(p.fetched, 2);
});

test('a short-lived token is replaced 15 s before it expires; a refused one at once', async () => {
  issuer.lifetimeSeconds = 20;
  const clock = { now: 5_000_000 };
  const p = provider(clock);
  const first = await p.token();
  clock.now += 4_000;
  assert.equal(await p.token(), first);
  clock.now += 2_000; // 6 s in: 14 s left, under the 15 s kafkajs needs to re-authenticate calmly
  const second = await p.token();
  assert.notEqual(second, first);
  p.invalidate();
  assert.notEqual(await p.token(), second);
  assert.equal(p.fetched, 3);
  issuer.lifetimeSeconds = 3600;
});

test('the JWT exp claim and the SASL message', () => {
  const token = issuer.issued.at(-1)?.token ?? '';
  assert.equal(jwtExpiry(token), (issuer.issued.at(-1)?.exp ?? 0) * 1000);
  assert.equal(jwtExpiry('opaque-token'), undefined);
  assert.equal(oauthBearerMessage('abc').toString('utf8'), 'n,,\x01auth=Bearer abc\x01\x01');
});
