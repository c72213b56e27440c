// AWS credentials for MSK IAM from the standard places, read the way the AWS CLI (botocore) reads them, with
// no AWS SDK and no network call:
//   1. the cluster's own profile setting, when set (then only that profile);
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) in the environment;
//   3. the profile AWS_PROFILE names, else "default": static keys in ~/.aws/credentials or ~/.aws/config
//      (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE move them), or, for an SSO profile (sso_session or
//      sso_start_url) and an assume-role profile (role_arn), the credentials the AWS CLI cached in
//      ~/.aws/cli/cache after `aws sso login` / any `aws` command with that profile.
// Not supported: logging in or refreshing (SSO portal, STS AssumeRole, MFA prompts), credential_process,
// web identity tokens, and the EC2/ECS instance metadata endpoints. Each of those gets a message saying
// what to run instead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentials } from './sigv4';

export interface ResolvedAwsCredentials extends AwsCredentials {
  /** Where they came from, for messages: 'environment', 'profile "dev" (~/.aws/credentials)', … */
  source: string;
}

export interface CredentialOptions {
  /** The cluster's profile setting; overrides AWS_PROFILE and the environment keys. */
  profile?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  now?: Date;
}

/** Credentials could not be found or used; the message says where we looked and what to do. */
export class AwsCredentialsError extends Error {
  readonly code = 'KAFKA_DEV_AWS_CREDENTIALS';
  constructor(message: string) {
    super(message);
    this.name = 'AwsCredentialsError';
  }
}

type Ini = Record<string, Record<string, string>>;

/** The INI dialect of ~/.aws/config and ~/.aws/credentials (sections, key = value, # and ; comments). */
export function parseAwsIni(text: string): Ini {
  const out: Ini = {};
  let section: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const head = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(raw);
    if (head) { section = out[head[1]] ??= {}; lastKey = undefined; continue; }
    // Indented lines continue a nested value (e.g. s3 = \n  max_concurrent_requests = 2): kept, unused.
    if (/^\s/.test(raw) && lastKey && section) continue;
    const kv = /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (kv && section) { section[kv[1].toLowerCase()] = kv[2]; lastKey = kv[1]; }
  }
  return out;
}

function readIni(path: string): Ini {
  return existsSync(path) ? parseAwsIni(readFileSync(path, 'utf8')) : {};
}

/** The AWS CLI's cache file name for an SSO profile's role credentials (botocore SSOCredentialFetcher). */
export function ssoCacheKey(p: { accountId: string; roleName: string; sessionName?: string; startUrl?: string }): string {
  // Keys sorted, compact JSON, as botocore's json.dumps(sort_keys=True, separators=(',', ':')).
  const args = p.sessionName
    ? `{"accountId":${JSON.stringify(p.accountId)},"roleName":${JSON.stringify(p.roleName)},"sessionName":${JSON.stringify(p.sessionName)}}`
    : `{"accountId":${JSON.stringify(p.accountId)},"roleName":${JSON.stringify(p.roleName)},"startUrl":${JSON.stringify(p.startUrl ?? '')}}`;
  return createHash('sha1').update(args, 'utf8').digest('hex');
}

/** The AWS CLI's cache file name for an assume-role profile (botocore AssumeRoleCredentialFetcher). */
export function assumeRoleCacheKey(p: { roleArn: string; externalId?: string; mfaSerial?: string; roleSessionName?: string; durationSeconds?: number }): string {
  const args: Record<string, string | number> = { RoleArn: p.roleArn };
  if (p.externalId) args.ExternalId = p.externalId;
  if (p.mfaSerial) args.SerialNumber = p.mfaSerial;
  if (p.roleSessionName) args.RoleSessionName = p.roleSessionName;
  if (p.durationSeconds !== undefined) args.DurationSeconds = p.durationSeconds;
  // Python's json.dumps(sort_keys=True) with its default ", " and ": " separators.
  const json = `{${Object.keys(args).sort().map((k) => `${JSON.stringify(k)}: ${JSON.stringify(args[k])}`).join(', ')}}`;
  return createHash('sha1').update(json, 'utf8').digest('hex');
}

interface CachedFile {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: string };
}

function fromCliCache(home: string, key: string, now: Date, what: string, fix: string): ResolvedAwsCredentials {
  const file = join(home, '.aws', 'cli', 'cache', `${key}.json`);
  if (!existsSync(file)) throw new AwsCredentialsError(`${what}: no cached credentials in ${file}. ${fix}`);
  let c: CachedFile['Credentials'];
  try {
    c = (JSON.parse(readFileSync(file, 'utf8')) as CachedFile).Credentials;
  } catch (e) {
    throw new AwsCredentialsError(`${what}: ${file} is not valid JSON (${(e as Error).message}). ${fix}`);
  }
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AwsCredentialsError(`${what}: ${file} holds no AccessKeyId/SecretAccessKey. ${fix}`);
  const expiration = c.Expiration ? new Date(c.Expiration) : undefined;
  if (expiration && !(expiration.getTime() > now.getTime() + 60_000)) {
    throw new AwsCredentialsError(`${what}: the cached credentials expired at ${expiration.toISOString()}. ${fix}`);
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration, source: `${what} (AWS CLI cache)` };
}

function fromProfile(name: string, env: NodeJS.ProcessEnv, home: string, now: Date): ResolvedAwsCredentials {
  const credFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const confFile = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const creds = readIni(credFile)[name];
  const confIni = readIni(confFile);
  const conf = confIni[name === 'default' ? 'default' : `profile ${name}`] ?? (name === 'default' ? confIni['profile default'] : undefined);
  const label = `AWS profile "${name}"`;
  for (const [section, file] of [[creds, credFile], [conf, confFile]] as const) {
    if (section?.aws_access_key_id && section.aws_secret_access_key) {
      return { accessKeyId: section.aws_access_key_id, secretAccessKey: section.aws_secret_access_key, sessionToken: section.aws_session_token || undefined, source: `${label} (${file})` };
    }
    if (section?.aws_access_key_id) throw new AwsCredentialsError(`${label} in ${file} has aws_access_key_id but no aws_secret_access_key.`);
  }
  if (conf?.sso_account_id && conf.sso_role_name) {
    const sessionName = conf.sso_session;
    const startUrl = sessionName ? confIni[`sso-session ${sessionName}`]?.sso_start_url : conf.sso_start_url;
    if (!sessionName && !startUrl) throw new AwsCredentialsError(`${label} in ${confFile} has sso_account_id but neither sso_session nor sso_start_url.`);
    return fromCliCache(home, ssoCacheKey({ accountId: conf.sso_account_id, roleName: conf.sso_role_name, sessionName, startUrl }), now, label,
      `Run "aws sso login --profile ${name}" and then any aws command with --profile ${name} (e.g. aws sts get-caller-identity) to cache its role credentials.`);
  }
  if (conf?.role_arn) {
    const duration = conf.duration_seconds && /^\d+$/.test(conf.duration_seconds) ? Number(conf.duration_seconds) : undefined;
    return fromCliCache(home, assumeRoleCacheKey({ roleArn: conf.role_arn, externalId: conf.external_id, mfaSerial: conf.mfa_serial, roleSessionName: conf.role_session_name, durationSeconds: duration }), now, label,
      `Run "aws sts get-caller-identity --profile ${name}" (the AWS CLI assumes ${conf.role_arn} and caches the result).`);
  }
  if (conf?.credential_process) throw new AwsCredentialsError(`${label} uses credential_process, which Kafka Dev does not run: put keys in ${credFile} or use an SSO or role profile the AWS CLI has cached.`);
  if (conf?.web_identity_token_file) throw new AwsCredentialsError(`${label} uses web_identity_token_file, which Kafka Dev does not support: use keys, or an SSO or role profile the AWS CLI has cached.`);
  if (!creds && !conf) {
    const known = [...Object.keys(readIni(credFile)), ...Object.keys(confIni).filter((k) => k.startsWith('profile ')).map((k) => k.slice(8))];
    throw new AwsCredentialsError(`${label} is not in ${credFile} or ${confFile}` + (known.length ? ` (profiles there: ${[...new Set(known)].join(', ')}).` : '.') +
      ' Set the AWS profile in Edit Cluster, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment VS Code starts from.');
  }
  throw new AwsCredentialsError(`${label} has no aws_access_key_id/aws_secret_access_key, SSO or role_arn settings.`);
}

/** Finds credentials in the order above, or throws AwsCredentialsError saying where it looked. */
export function resolveAwsCredentials(opts: CredentialOptions = {}): ResolvedAwsCredentials {
  const env = opts.env ?? process.env;
  const home = opts.home ?? env.HOME ?? homedir();
  const now = opts.now ?? new Date();
  if (opts.profile) return fromProfile(opts.profile, env, home, now);
  if (env.AWS_ACCESS_KEY_ID) {
    if (!env.AWS_SECRET_ACCESS_KEY) throw new AwsCredentialsError('AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both (and AWS_SESSION_TOKEN for temporary keys).');
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined, source: 'environment (AWS_ACCESS_KEY_ID)' };
  }
  return fromProfile(env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default', env, home, now);
}

/** The region a profile sets in ~/.aws/config, if any (after the cluster setting and AWS_REGION). */
export function profileRegion(opts: CredentialOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const home = opts.home ?? env.HOME ?? homedir();
  const name = opts.profile || env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  const ini = readIni(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'));
  return (ini[name === 'default' ? 'default' : `profile ${name}`] ?? {}).region || undefined;
}
