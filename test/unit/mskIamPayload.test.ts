// The AWS_MSK_IAM payload: the fields MSK's broker reads, signed as a SigV4 presigned
// GET /?Action=kafka-cluster:Connect for service kafka-cluster; region rules. Where python3 has botocore
// (the AWS CLI's library), the signature is also checked against botocore's own presigner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mskAuthPayload, regionFromHost, resolveRegion } from '../../src/kafka/client/auth/mskIam';
import { presign } from '../../src/kafka/client/auth/sigv4';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const HOST = 'b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com';
const DATE = new Date('2020-10-22T10:20:30Z');

const hasBotocore = ((): boolean => {
  try { execFileSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

test('the payload has exactly the fields MSK reads, signed for kafka-cluster:Connect', () => {
  const p = mskAuthPayload(HOST, 'eu-west-1', CREDS, DATE, 'kafka-dev/test');
  assert.deepEqual(Object.keys(p).sort(), ['action', 'host', 'user-agent', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signature', 'x-amz-signedheaders']);
  assert.equal(p.version, '2020_10_22');
  assert.equal(p.host, HOST);
  assert.equal(p.action, 'kafka-cluster:Connect');
  assert.equal(p['x-amz-algorithm'], 'AWS4-HMAC-SHA256');
  assert.equal(p['x-amz-credential'], 'AKIDEXAMPLE/20201022/eu-west-1/kafka-cluster/aws4_request');
  assert.equal(p['x-amz-date'], '20201022T102030Z');
  assert.equal(p['x-amz-expires'], '900');
  assert.equal(p['x-amz-signedheaders'], 'host');
  // The signature is the presigned request's: the broker recomputes it from these same fields.
  const again = presign({ method: 'GET', host: HOST, path: '/', query: { Action: 'kafka-cluster:Connect' }, region: 'eu-west-1', service: 'kafka-cluster', credentials: CREDS, date: DATE, expiresSeconds: 900 });
  assert.equal(p['x-amz-signature'], again.signature);
  assert.match(again.canonicalRequest, /^GET\n\/\nAction=kafka-cluster%3AConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20201022%2Feu-west-1%2Fkafka-cluster%2Faws4_request&X-Amz-Date=20201022T102030Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host\nhost:b-1\.demo/);
});

test('a session token is sent and signed', () => {
  const p = mskAuthPayload(HOST, 'eu-west-1', { ...CREDS, sessionToken: 'tok/en+=' }, DATE);
  assert.equal(p['x-amz-security-token'], 'tok/en+=');
  assert.notEqual(p['x-amz-signature'], mskAuthPayload(HOST, 'eu-west-1', CREDS, DATE)['x-amz-signature']);
});

test('the signature matches botocore\'s SigV4 presigner (the AWS CLI\'s), with and without a session token', { skip: hasBotocore ? false : 'python3 botocore not installed' }, () => {
  for (const token of [undefined, 'FQoGZXIvYXdzEJr//////////wEaDEXAMPLETOKEN']) {
    const ours = mskAuthPayload(HOST, 'eu-west-1', { ...CREDS, sessionToken: token }, DATE);
    const py = `
import datetime, sys
from unittest import mock
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
creds = Credentials(sys.argv[1], sys.argv[2], sys.argv[3] or None)
req = AWSRequest(method='GET', url='https://' + sys.argv[4] + '/?Action=kafka-cluster%3AConnect')
with mock.patch('botocore.auth.get_current_datetime', return_value=datetime.datetime(2020, 10, 22, 10, 20, 30)):
    SigV4QueryAuth(creds, 'kafka-cluster', 'eu-west-1', expires=900).add_auth(req)
print(req.url)`;
    const url = new URL(execFileSync('python3', ['-c', py, CREDS.accessKeyId, CREDS.secretAccessKey, token ?? '', HOST], { encoding: 'utf8' }).trim());
    assert.equal(url.searchParams.get('X-Amz-Date'), ours['x-amz-date']);
    assert.equal(url.searchParams.get('X-Amz-Signature'), ours['x-amz-signature'], `token ${token ?? 'none'}`);
  }
});

test('the region comes from the setting, else the MSK host name, else AWS_REGION', () => {
  assert.equal(regionFromHost(HOST), 'eu-west-1');
  assert.equal(regionFromHost('boot-abc.c1.kafka-serverless.us-east-2.amazonaws.com'), 'us-east-2');
  assert.equal(regionFromHost('b-2.x.y.c3.kafka.cn-north-1.amazonaws.com.cn'), 'cn-north-1');
  assert.equal(regionFromHost('localhost'), undefined);
  const env = { HOME: '/nonexistent' };
  assert.equal(resolveRegion(HOST, { region: 'us-west-2', env }), 'us-west-2');
  assert.equal(resolveRegion(HOST, { env }), 'eu-west-1');
  assert.equal(resolveRegion('127.0.0.1', { env: { ...env, AWS_REGION: 'ap-south-1' } }), 'ap-south-1');
  assert.throws(() => resolveRegion('127.0.0.1', { env }), /No AWS region for 127\.0\.0\.1.*Set the region in Edit Cluster/);
});
