// The AWS credential chain for MSK IAM, on throwaway home directories: environment, a profile's keys in
// ~/.aws/credentials or ~/.aws/config, SSO and assume-role profiles through the AWS CLI's cache, and the
// messages when nothing is there. The cache file names are checked against botocore's own functions
// where python3 has botocore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assumeRoleCacheKey, parseAwsIni, resolveAwsCredentials, ssoCacheKey } from '../../src/kafka/client/auth/awsCredentials';

const hasBotocore = ((): boolean => {
  try { execFileSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

function home(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-aws-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const NOW = new Date('2026-01-01T00:00:00Z');

test('environment keys come first, unless the cluster names a profile', () => {
  const h = home({ '.aws/credentials': '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n' });
  try {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_SESSION_TOKEN: 'envtoken' };
    assert.deepEqual(resolveAwsCredentials({ env, home: h }), { accessKeyId: 'AKIDENV', secretAccessKey: 'envsecret', sessionToken: 'envtoken', source: 'environment (AWS_ACCESS_KEY_ID)' });
    const p = resolveAwsCredentials({ env, home: h, profile: 'dev' });
    assert.equal(p.accessKeyId, 'AKIDDEV');
    assert.match(p.source, /AWS profile "dev" \(.*\.aws\/credentials\)/);
    assert.throws(() => resolveAwsCredentials({ env: { AWS_ACCESS_KEY_ID: 'A' }, home: h }), /AWS_SECRET_ACCESS_KEY is not/);
  } finally { rmSync(h, { recursive: true }); }
});

test('AWS_PROFILE, then "default"; keys may also sit in ~/.aws/config', () => {
  const h = home({
    '.aws/credentials': '# comment\n[default]\naws_access_key_id=AKIDDEFAULT\naws_secret_access_key=s1\n',
    '.aws/config': '[profile cfg]\nregion = eu-west-1\naws_access_key_id = AKIDCFG\naws_secret_access_key = s2\naws_session_token = t2\n',
  });
  try {
    assert.equal(resolveAwsCredentials({ env: {}, home: h }).accessKeyId, 'AKIDDEFAULT');
    const c = resolveAwsCredentials({ env: { AWS_PROFILE: 'cfg' }, home: h });
    assert.equal(c.accessKeyId, 'AKIDCFG');
    assert.equal(c.sessionToken, 't2');
    assert.throws(() => resolveAwsCredentials({ env: { AWS_PROFILE: 'nope' }, home: h }), /AWS profile "nope" is not in .*\(profiles there: default, cfg\)/);
  } finally { rmSync(h, { recursive: true }); }
});

test('SSO and assume-role profiles read the AWS CLI cache; an expired or missing cache says what to run', () => {
  const ssoKey = ssoCacheKey({ accountId: '111122223333', roleName: 'Dev', sessionName: 'corp' });
  const roleKey = assumeRoleCacheKey({ roleArn: 'arn:aws:iam::111122223333:role/msk', externalId: 'ext' });
  const cached = (exp: string): string => JSON.stringify({ ProviderType: 'sso', Credentials: { AccessKeyId: 'ASIACACHED', SecretAccessKey: 'cs', SessionToken: 'ct', Expiration: exp } });
  const h = home({
    '.aws/config': '[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n' +
      '[profile role]\nrole_arn = arn:aws:iam::111122223333:role/msk\nexternal_id = ext\nsource_profile = default\n' +
      '[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile proc]\ncredential_process = /bin/echo\n',
    [`.aws/cli/cache/${ssoKey}.json`]: cached('2026-01-01T01:00:00Z'),
    [`.aws/cli/cache/${roleKey}.json`]: cached('2025-12-31T23:00:00+00:00'),
  });
  try {
    const sso = resolveAwsCredentials({ env: {}, home: h, profile: 'sso', now: NOW });
    assert.equal(sso.accessKeyId, 'ASIACACHED');
    assert.equal(sso.sessionToken, 'ct');
    assert.match(sso.source, /AWS profile "sso" \(AWS CLI cache\)/);
    assert.throws(() => resolveAwsCredentials({ env: {}, home: h, profile: 'role', now: NOW }), /expired at 2025-12-31T23:00:00.000Z\. Run "aws sts get-caller-identity --profile role"/);
    assert.throws(() => resolveAwsCredentials({ env: {}, home: h, profile: 'old', now: NOW }), /no cached credentials in .*Run "aws sso login --profile old"/);
    assert.throws(() => resolveAwsCredentials({ env: {}, home: h, profile: 'proc', now: NOW }), /credential_process, which Kafka Dev does not run/);
  } finally { rmSync(h, { recursive: true }); }
});

test('the cache file names are botocore\'s', { skip: hasBotocore ? false : 'python3 botocore not installed' }, () => {
  const py = `
import botocore.credentials as c
print(c.SSOCredentialFetcher('https://corp.awsapps.com/start', 'us-east-1', 'Dev', '111122223333', None, sso_session_name='corp')._create_cache_key())
print(c.SSOCredentialFetcher('https://old.awsapps.com/start', 'us-east-1', 'R', '1', None)._create_cache_key())
print(c.AssumeRoleCredentialFetcher(None, None, 'arn:aws:iam::111122223333:role/msk', extra_args={'ExternalId': 'ext'})._create_cache_key())
print(c.AssumeRoleCredentialFetcher(None, None, 'arn:aws:iam::1:role/r', extra_args={'RoleSessionName': 'me', 'DurationSeconds': 3600, 'SerialNumber': 'arn:mfa'})._create_cache_key())`;
  const keys = execFileSync('python3', ['-c', py], { encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(keys, [
    ssoCacheKey({ accountId: '111122223333', roleName: 'Dev', sessionName: 'corp' }),
    ssoCacheKey({ accountId: '1', roleName: 'R', startUrl: 'https://old.awsapps.com/start' }),
    assumeRoleCacheKey({ roleArn: 'arn:aws:iam::111122223333:role/msk', externalId: 'ext' }),
    assumeRoleCacheKey({ roleArn: 'arn:aws:iam::1:role/r', roleSessionName: 'me', durationSeconds: 3600, mfaSerial: 'arn:mfa' }),
  ]);
});

test('the INI reader: sections, comments, spaces around =, nested blocks skipped', () => {
  assert.deepEqual(parseAwsIni('[a]\n k = v \n; c\n# d\ns3 =\n  max = 2\n[ b ]\nX=1'), { a: { k: 'v', s3: '' }, b: { x: '1' } });
});
