// SASL OAUTHBEARER for real: an OIDC issuer of the test's own on loopback (test/harness/oidcIssuer.ts:
// JWKS + client-credentials token endpoint, RS256 JWTs from node:crypto keys) and a Kafka broker whose
// OAUTH listener validates those JWTs against the JWKS URL and audience. Our client (createKafkaClient)
// produces and consumes through it, fetches a new token before the old one expires (the broker ends
// sessions at token expiry), and each failure names the endpoint and what to fix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka/client/client';
import { testConnection } from '../../src/kafka/client/connectionTest';
import { OAuthSettings } from '../../src/kafka/rules/clusterConfig';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { OidcIssuer, startOidcIssuer } from '../harness/oidcIssuer';
import { freePort } from '../harness/ports';
import { waitFor } from '../harness/process';
import { collect, createTopic } from './consumerHelpers';

const BOUND = 5_000;
const CLIENT = { id: 'kafka-dev', secret: 'the-client-secret' };
let issuer: OidcIssuer;
let cluster: KafkaCluster;
let servers: string[];

before(async () => {
  issuer = await startOidcIssuer({ clients: { [CLIENT.id]: CLIENT.secret } });
  // The broker ends a session when its token expires (connections.max.reauth.ms caps it at 60 s).
  cluster = await startKafka({ oauth: { jwksUrl: issuer.jwksUrl, audience: issuer.audience, issuer: issuer.url, maxReauthMs: 60_000 } });
  servers = (cluster.oauthBootstrap ?? '').split(',');
});
after(async () => {
  await cluster?.stop();
  await issuer?.close();
});

function client(oauth: Partial<OAuthSettings> = {}, secret = CLIENT.secret, timeoutMs = BOUND): Kafka {
  return createKafkaClient({ id: 'o', name: 'oauth', bootstrapServers: servers, oauth: { tokenEndpointUrl: issuer.tokenUrl, clientId: CLIENT.id, scope: 'kafka', ...oauth } },
    { oauthClientSecret: secret }, { connectionTimeoutMs: timeoutMs });
}

test('Test Connection, produce and consume through the OAUTHBEARER listener', async () => {
  const r = await testConnection(client(), servers, BOUND);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(issuer.issued.at(-1)?.scope, 'kafka');

  const kafka = client();
  await createTopic(kafka, 'oauth-topic');
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'oauth-topic', messages: [{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }] });
  await producer.disconnect();
  const c = await collect(kafka, { topic: 'oauth-topic', start: { kind: 'beginning' }, maxRecords: 2 });
  await c.waitForRecords(2);
  await c.session.ended;
  assert.deepEqual(c.records.map((x) => x.value?.toString()), ['one', 'two']);
});

test('tokens are fetched again before they expire: a producer and a running consumer keep working past the first token\'s expiry', async () => {
  issuer.lifetimeSeconds = 16;
  try {
    const kafka = client();
    await createTopic(kafka, 'oauth-refresh');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'oauth-refresh', messages: [{ value: 'before' }] });
    const first = issuer.issued.at(-1);
    assert.ok(first && first.exp - Date.now() / 1000 <= 16, 'a short-lived token was used');
    // A consumer fetching and a producer sending all along: their connections re-authenticate (the broker
    // ends sessions when their token expires) while they work, which must not become a re-authentication
    // per request (the broker refuses more than one a second).
    const c = await collect(kafka, { topic: 'oauth-refresh', start: { kind: 'beginning' } });
    await c.waitForRecords(1);
    let sent = 1;
    const sendErrors: string[] = [];
    await waitFor('the first token to expire', 30_000, async () => {
      try {
        await producer.send({ topic: 'oauth-refresh', messages: [{ value: `tick-${sent}` }] });
        sent++;
      } catch (e) {
        sendErrors.push((e as Error).message);
      }
      return Date.now() / 1000 > first.exp + 1;
    });
    assert.deepEqual(sendErrors, []);
    // The first token is past its expiry: the broker accepts this client only with a newer one.
    await producer.send({ topic: 'oauth-refresh', messages: [{ value: 'after' }] });
    await c.waitForRecords(sent + 1);
    await c.session.stop();
    await producer.disconnect();
    assert.deepEqual(c.records.map((x) => x.value?.toString()), ['before', ...Array.from({ length: sent - 1 }, (_, i) => `tick-${i + 1}`), 'after']);
    assert.ok(!c.status.some((l) => /reconnect|refused|fail|error|SASL/i.test(l)), c.status.join('\n'));
    const latest = issuer.issued.at(-1);
    assert.ok(latest && latest.exp > first.exp, `a newer token was fetched (${issuer.issued.length} issued)`);
  } finally {
    issuer.lifetimeSeconds = 3600;
  }
});

test('a wrong client secret: the token endpoint\'s 401 invalid_client, named', async () => {
  const r = await testConnection(client({}, 'not-the-secret'), servers, BOUND);
  assert.ok(!r.ok && r.kind === 'auth', JSON.stringify(r));
  assert.match(r.message, new RegExp(`^The OAuth token endpoint ${issuer.tokenUrl} refused client "kafka-dev" \\(HTTP 401 invalid_client: Client authentication failed\\): the client secret or client id is wrong\\. Enter them again in Edit Cluster\\.$`));
  assert.ok(!r.message.includes('not-the-secret'));
});

test('an expired token: the broker refuses it, and says so', async () => {
  issuer.expiredBySeconds = 600;
  try {
    const r = await testConnection(client(), servers, BOUND);
    assert.ok(!r.ok && r.kind === 'auth', JSON.stringify(r));
    assert.match(r.message, new RegExp(`^Broker 127\\.0\\.0\\.1:\\d+ refused the OAuth token from ${issuer.tokenUrl} \\(invalid_token\\): the token has expired or is not meant for this cluster`));
  } finally {
    issuer.expiredBySeconds = 0;
  }
});

test('a token endpoint that refuses connections, and one that never answers, within the bound', async () => {
  const closed = `http://127.0.0.1:${await freePort()}/token`;
  const refused = await testConnection(client({ tokenEndpointUrl: closed }), servers, BOUND);
  assert.ok(!refused.ok && refused.kind === 'auth', JSON.stringify(refused));
  assert.match(refused.message, new RegExp(`^The OAuth token endpoint ${closed} refused the connection\\. Check the token endpoint URL in Edit Cluster`));

  issuer.stall = true;
  try {
    const t0 = Date.now();
    const r = await testConnection(client({}, CLIENT.secret, 2_000), servers, 2_000);
    const took = Date.now() - t0;
    assert.ok(!r.ok && r.kind === 'auth', JSON.stringify(r));
    assert.match(r.message, new RegExp(`^The OAuth token endpoint ${issuer.tokenUrl} did not answer within 1600 ms\\.`));
    assert.ok(took < 3_500, `took ${took} ms`);
  } finally {
    issuer.stall = false;
  }
});
