// AWS_MSK_IAM end to end through our kafkajs client (createKafkaClient + Test Connection) against a fake
// MSK broker on loopback (test/harness/fakeMskBroker.ts) that recomputes the SigV4 signature: no AWS is
// reachable from the tests. Credentials come from profile files the test writes (AWS_SHARED_CREDENTIALS_FILE
// / AWS_CONFIG_FILE), through the same chain the extension uses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaClient } from '../../src/kafka/client/client';
import { testConnection } from '../../src/kafka/client/connectionTest';
import { AwsIamSettings } from '../../src/kafka/rules/clusterConfig';
import { FakeMskBroker, startFakeMskBroker } from '../harness/fakeMskBroker';

const BOUND = 5_000;
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
let broker: FakeMskBroker;
let dir: string;
const saved = { ...process.env };

before(async () => {
  broker = await startFakeMskBroker({ region: 'us-east-1', keys: { AKIDMSKTEST: { secret: SECRET }, ASIAMSKTEMP: { secret: 'tempsecret', sessionToken: 'the-session-token' } } });
  dir = mkdtempSync(join(tmpdir(), 'kafka-dev-msk-'));
  writeFileSync(join(dir, 'credentials'), `[msk]\naws_access_key_id = AKIDMSKTEST\naws_secret_access_key = ${SECRET}\n` +
    '[temp]\naws_access_key_id = ASIAMSKTEMP\naws_secret_access_key = tempsecret\naws_session_token = the-session-token\n' +
    '[wrong]\naws_access_key_id = AKIDMSKTEST\naws_secret_access_key = not-the-secret\n');
  writeFileSync(join(dir, 'config'), '[profile msk]\nregion = us-east-1\n');
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete process.env[k];
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
});
after(async () => {
  process.env = saved;
  await broker.close();
  rmSync(dir, { recursive: true, force: true });
});

const connect = (awsIam: AwsIamSettings): ReturnType<typeof testConnection> =>
  testConnection(createKafkaClient({ id: 'm', name: 'msk', bootstrapServers: [broker.bootstrap], awsIam }, {}, { connectionTimeoutMs: BOUND }), [broker.bootstrap], BOUND);

test('a profile\'s keys authenticate: the fake broker accepts the signature and answers metadata', async () => {
  const n = broker.attempts.length;
  const r = await connect({ region: 'us-east-1', profile: 'msk' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.clusterId, 'fake-msk-cluster-id-000');
  const a = broker.attempts.slice(n);
  assert.ok(a.length >= 1 && a.every((x) => x.accepted), JSON.stringify(a.map((x) => x.reason)));
  assert.equal(a[0].payload.host, '127.0.0.1');
  assert.match(a[0].payload['x-amz-credential'], /^AKIDMSKTEST\/\d{8}\/us-east-1\/kafka-cluster\/aws4_request$/);
  assert.equal(a[0].payload['x-amz-security-token'], undefined);
});

test('temporary keys send their session token; the region can come from the profile', async () => {
  const r = await connect({ region: 'us-east-1', profile: 'temp' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(broker.attempts.at(-1)?.payload['x-amz-security-token'], 'the-session-token');
  process.env.AWS_PROFILE = 'msk';
  try {
    const viaProfile = await connect({});
    assert.ok(viaProfile.ok, JSON.stringify(viaProfile));
  } finally { delete process.env.AWS_PROFILE; }
});

test('a wrong secret key: the broker\'s refusal becomes a message that says what to check', async () => {
  const r = await connect({ region: 'us-east-1', profile: 'wrong' });
  assert.ok(!r.ok, JSON.stringify(r));
  assert.equal(r.kind, 'auth');
  assert.match(r.message, new RegExp(`Broker ${broker.bootstrap.replace(/\./g, '\\.')} refused MSK IAM authentication \\(\\[[0-9a-f-]+\\]: Access denied\\)\\. Check the AWS credentials from AWS profile "wrong" .*key AKIDMSKTEST: a wrong secret key`));
  assert.equal(broker.attempts.at(-1)?.reason, 'signature does not match');
  assert.ok(!r.message.includes('not-the-secret'), 'the secret key never appears in the message');
});

test('no credentials, an unknown profile and no region each say where to fix it', async () => {
  const none = await connect({ region: 'us-east-1', profile: 'absent' });
  assert.ok(!none.ok && none.kind === 'auth', JSON.stringify(none));
  assert.match(none.message, /^MSK IAM for 127\.0\.0\.1:\d+: AWS profile "absent" is not in .*credentials.*\(profiles there: msk, temp, wrong\)/);
  const noRegion = await connect({ profile: 'temp' });
  assert.ok(!noRegion.ok, JSON.stringify(noRegion));
  assert.match(noRegion.message, /No AWS region for 127\.0\.0\.1: .*Set the region in Edit Cluster/);
});
