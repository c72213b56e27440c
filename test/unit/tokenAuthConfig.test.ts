// Add/Edit Cluster for OAUTHBEARER and AWS MSK IAM: what the boxes accept as you type, what is saved in
// settings, and that the client secret goes to secrets only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCluster, currentChoice, securityOf } from '../../src/clusters/clusterInput';
import { awsProfileError, awsRegionError, ClusterConfig, tokenEndpointUrlError } from '../../src/kafka/rules/clusterConfig';

const err = (r: unknown): string => (r as { error: string }).error;
const OAUTH = { tokenEndpointUrl: 'https://login.example.com/oauth2/token', clientId: 'app' };

test('the token endpoint must be an http(s) URL without credentials', () => {
  assert.equal(tokenEndpointUrlError('https://login.example.com/oauth2/token'), undefined);
  assert.equal(tokenEndpointUrlError(' http://127.0.0.1:8080/token '), undefined);
  assert.match(tokenEndpointUrlError('') ?? '', /Enter the token endpoint URL/);
  assert.match(tokenEndpointUrlError('login.example.com/token') ?? '', /is not a URL: write it as https:\/\/host\/path/);
  assert.match(tokenEndpointUrlError('ftp://login.example.com/token') ?? '', /must be an http\(s\) URL, not ftp:/);
  assert.match(tokenEndpointUrlError('file:///etc/token') ?? '', /not file:/);
  assert.match(tokenEndpointUrlError('https://app:secret@login.example.com/token') ?? '', /Do not put credentials in the URL/);
});

test('AWS region and profile names', () => {
  for (const ok of ['', 'us-east-1', 'eu-west-2', 'ap-southeast-3', 'us-gov-west-1', 'cn-north-1']) assert.equal(awsRegionError(ok), undefined, ok);
  assert.match(awsRegionError('US-EAST-1') ?? '', /"US-EAST-1" is not an AWS region name \(e\.g\. us-east-1/);
  assert.match(awsRegionError('useast1') ?? '', /not an AWS region name/);
  assert.equal(awsProfileError(''), undefined);
  assert.equal(awsProfileError('dev-admin_2'), undefined);
  assert.match(awsProfileError('my profile') ?? '', /"my profile" is not a profile name/);
});

test('OAUTHBEARER: settings hold endpoint, client id and scope; the secret goes to secrets only', () => {
  const ok = buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'oauthbearer', oauth: { ...OAUTH, scope: ' kafka ' }, clientSecret: 's3cret' }, []);
  assert.deepEqual(ok, { cluster: { id: undefined, name: 'n', bootstrapServers: ['a:1'], oauth: { ...OAUTH, scope: 'kafka' } }, secrets: { oauthClientSecret: 's3cret' } });
  assert.ok(!JSON.stringify((ok as { cluster: unknown }).cluster).includes('s3cret'));
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'oauthbearer', oauth: { ...OAUTH, tokenEndpointUrl: 'ldap://x' }, clientSecret: 's' }, [])), /^OAUTHBEARER token endpoint: The token endpoint must be an http\(s\) URL, not ldap:/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'oauthbearer', oauth: { ...OAUTH, clientId: ' ' }, clientSecret: 's' }, [])), /needs a client id/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'oauthbearer', oauth: OAUTH }, [])), /needs a client secret/);
  assert.match(err(buildCluster({ name: 'n', bootstrapServers: 'a:1', security: 'oauthbearer', oauth: OAUTH, clientSecret: '' }, [])), /client secret is empty/);
  // Editing keeps the stored secret when none is given.
  const saved: ClusterConfig = { id: 'c1', name: 'n', bootstrapServers: ['a:1'], oauth: OAUTH };
  assert.deepEqual(buildCluster({ id: 'c1', name: 'n', bootstrapServers: 'a:1', security: 'oauthbearer', oauth: OAUTH }, [saved]), { cluster: { id: 'c1', name: 'n', bootstrapServers: ['a:1'], oauth: OAUTH } });
});

test('AWS MSK IAM: region and profile are optional and checked', () => {
  assert.deepEqual(buildCluster({ name: 'm', bootstrapServers: 'b-1.x.kafka.us-east-1.amazonaws.com:9098', security: 'aws-msk-iam' }, []),
    { cluster: { id: undefined, name: 'm', bootstrapServers: ['b-1.x.kafka.us-east-1.amazonaws.com:9098'], awsIam: {} } });
  assert.deepEqual(buildCluster({ name: 'm', bootstrapServers: 'a:1', security: 'aws-msk-iam', awsRegion: 'eu-west-1', awsProfile: 'dev' }, []),
    { cluster: { id: undefined, name: 'm', bootstrapServers: ['a:1'], awsIam: { region: 'eu-west-1', profile: 'dev' } } });
  assert.match(err(buildCluster({ name: 'm', bootstrapServers: 'a:1', security: 'aws-msk-iam', awsRegion: 'Ireland' }, [])), /"Ireland" is not an AWS region name/);
  assert.match(err(buildCluster({ name: 'm', bootstrapServers: 'a:1', security: 'aws-msk-iam', awsProfile: 'a/b' }, [])), /"a\/b" is not a profile name/);
});

test('the authentication step names the current choice when editing', () => {
  const base = { id: 'x', name: 'x', bootstrapServers: ['a:1'] };
  assert.equal(securityOf({ ...base, oauth: OAUTH }), 'oauthbearer');
  assert.equal(securityOf({ ...base, awsIam: {} }), 'aws-msk-iam');
  assert.equal(securityOf({ ...base, sasl: { mechanism: 'plain', username: 'u' } }), 'plain');
  assert.equal(currentChoice('authentication', { ...base, oauth: OAUTH }), 'Current: SASL OAUTHBEARER (OAuth 2 client credentials)');
  assert.equal(currentChoice('authentication', { ...base, awsIam: { region: 'us-east-1' } }), 'Current: AWS MSK IAM');
});
