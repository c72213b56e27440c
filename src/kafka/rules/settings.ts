// Settings read and checked once, where they are read. A settings.json edited by hand can hold any JSON
// value: the schema in package.json only underlines it in the editor, it does not stop it. So each value
// is checked for its type and range here, and a bad one gives a message that names the setting, says
// what was found and what would work, instead of being used as it is ("5000" + 30000 as a string, a
// 0 ms timeout, a cluster that vanishes, a mechanism that is silently ignored).
import { readRegistryEntry } from './registryEntry';
import { readVmEntry } from './vmEntry';
import { awsProfileError, awsRegionError, ClusterConfig, parseHostPort, SaslMechanism, SshSettings, TlsSettings, tokenEndpointUrlError } from './clusterConfig';

export interface SettingProblem {
  /** The setting's full name, with the index of a cluster entry: kafkaDev.clusters[1].bootstrapServers */
  setting: string;
  message: string;
}

export const CONNECTION_TIMEOUT_DEFAULT = 10_000;
export const CONNECTION_TIMEOUT_MIN = 1_000;
export const CONNECTION_TIMEOUT_MAX = 600_000;

/** `kafkaDev.connectionTimeoutMs`: a number of milliseconds from 1,000 to 600,000. */
export function connectionTimeoutMs(raw: unknown): { value: number; problem?: SettingProblem } {
  if (raw === undefined || raw === null) return { value: CONNECTION_TIMEOUT_DEFAULT };
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= CONNECTION_TIMEOUT_MIN && raw <= CONNECTION_TIMEOUT_MAX) {
    return { value: Math.floor(raw) };
  }
  const why = typeof raw !== 'number'
    ? `must be a number (without quotes), got ${describe(raw)}`
    : `must be from ${CONNECTION_TIMEOUT_MIN} to ${CONNECTION_TIMEOUT_MAX} milliseconds, got ${raw}${raw === 0 ? ' (0 would time out every request)' : ''}`;
  return {
    value: CONNECTION_TIMEOUT_DEFAULT,
    problem: { setting: 'kafkaDev.connectionTimeoutMs', message: `kafkaDev.connectionTimeoutMs ${why}. Using ${CONNECTION_TIMEOUT_DEFAULT} until it is fixed.` },
  };
}

/** Mechanism names as Kafka writes them (PLAIN, SCRAM-SHA-256) or as the settings do; both are accepted. */
const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];
const SSH_AUTH: ReadonlyArray<NonNullable<SshSettings['auth']>> = ['agent', 'key', 'password'];

/**
 * `kafkaDev.clusters`: the entries that can be used, and one problem per entry that cannot. An entry with
 * a problem is left out of `clusters` (it would connect with settings other than the ones written) but is
 * never dropped from the setting: the store writes back the raw list, so fixing the entry brings it back.
 */
export function readClusters(raw: unknown): { clusters: ClusterConfig[]; problems: SettingProblem[] } {
  const clusters: ClusterConfig[] = [];
  const problems: SettingProblem[] = [];
  if (raw === undefined || raw === null) return { clusters, problems };
  if (!Array.isArray(raw)) {
    problems.push({ setting: 'kafkaDev.clusters', message: `kafkaDev.clusters must be a list ([ … ]) of clusters, got ${describe(raw)}.` });
    return { clusters, problems };
  }
  raw.forEach((entry: unknown, i) => {
    const r = readCluster(entry, i);
    if ('problem' in r) problems.push(r.problem);
    else clusters.push(r.cluster);
  });
  return { clusters, problems };
}

function readCluster(entry: unknown, i: number): { cluster: ClusterConfig } | { problem: SettingProblem } {
  const at = `kafkaDev.clusters[${i}]`;
  const fail = (field: string, message: string): { problem: SettingProblem } =>
    ({ problem: { setting: field ? `${at}.${field}` : at, message } });
  if (!isObject(entry)) return fail('', `${at} must be an object such as {"name": "local", "bootstrapServers": ["localhost:9092"]}, got ${describe(entry)}.`);
  const name = entry.name;
  if (typeof name !== 'string' || !name.trim()) return fail('name', `${at}.name must be a non-empty text, got ${describe(name)}.`);
  const who = `${at} ("${name}")`;
  if (entry.id !== undefined && (typeof entry.id !== 'string' || !entry.id)) return fail('id', `${who}: id must be a text, got ${describe(entry.id)}; remove it to have one derived from the name.`);

  const bs = entry.bootstrapServers;
  if (typeof bs === 'string') {
    const list = bs.split(/[\s,]+/).filter(Boolean).map((s) => JSON.stringify(s)).join(', ');
    return fail('bootstrapServers', `${who}: bootstrapServers must be a list of "host:port" texts, e.g. [${list || '"localhost:9092"'}], got the text ${JSON.stringify(bs)}.`);
  }
  if (!Array.isArray(bs) || bs.length === 0) return fail('bootstrapServers', `${who}: bootstrapServers must be a non-empty list of "host:port" texts, e.g. ["localhost:9092"], got ${describe(bs)}.`);
  for (const s of bs) {
    if (typeof s !== 'string') return fail('bootstrapServers', `${who}: bootstrapServers holds ${describe(s)}; each entry must be a "host:port" text.`);
    const hp = parseHostPort(s);
    if ('error' in hp) return fail('bootstrapServers', `${who}: bootstrapServers: ${hp.error}.`);
  }

  const cluster: ClusterConfig = { id: typeof entry.id === 'string' ? entry.id : `name:${name}`, name, bootstrapServers: bs.map((s: string) => s.trim()) };

  if (entry.sasl !== undefined && entry.sasl !== null) {
    const s = entry.sasl;
    if (!isObject(s)) return fail('sasl', `${who}: sasl must be an object such as {"mechanism": "scram-sha-512", "username": "alice"}, got ${describe(s)}.`);
    const mech = typeof s.mechanism === 'string' ? s.mechanism.trim().toLowerCase() : undefined;
    if (mech === 'oauthbearer' || mech === 'aws_msk_iam' || mech === 'aws-msk-iam') {
      const field = mech === 'oauthbearer' ? '"oauth": {"tokenEndpointUrl": …, "clientId": …}' : '"awsIam": {"region": …}';
      return fail('sasl.mechanism', `${who}: ${String(s.mechanism)} is set with ${field} instead of "sasl" (Add Cluster writes it so).`);
    }
    if (!mech || !(MECHANISMS as readonly string[]).includes(mech)) {
      return fail('sasl.mechanism', `${who}: sasl.mechanism must be one of ${MECHANISMS.map((m) => `"${m}"`).join(', ')}, got ${describe(s.mechanism)}. The cluster is not used until it is fixed, rather than connecting without SASL.`);
    }
    if (typeof s.username !== 'string' || !s.username) return fail('sasl.username', `${who}: sasl.username must be a non-empty text, got ${describe(s.username)}.`);
    cluster.sasl = { mechanism: mech as SaslMechanism, username: s.username };
  }

  if (entry.oauth !== undefined && entry.oauth !== null) {
    const o = entry.oauth;
    if (!isObject(o)) return fail('oauth', `${who}: oauth must be an object such as {"tokenEndpointUrl": "https://login.example.com/oauth2/token", "clientId": "my-app"}, got ${describe(o)}.`);
    const urlErr = typeof o.tokenEndpointUrl === 'string' ? tokenEndpointUrlError(o.tokenEndpointUrl) : `must be a URL text, got ${describe(o.tokenEndpointUrl)}.`;
    if (urlErr) return fail('oauth.tokenEndpointUrl', `${who}: oauth.tokenEndpointUrl: ${urlErr}`);
    if (typeof o.clientId !== 'string' || !o.clientId) return fail('oauth.clientId', `${who}: oauth.clientId must be a non-empty text, got ${describe(o.clientId)}.`);
    if (o.scope !== undefined && typeof o.scope !== 'string') return fail('oauth.scope', `${who}: oauth.scope must be a text of space-separated scopes, got ${describe(o.scope)}.`);
    cluster.oauth = { tokenEndpointUrl: o.tokenEndpointUrl as string, clientId: o.clientId, ...(typeof o.scope === 'string' ? { scope: o.scope } : {}) };
  }

  if (entry.awsIam !== undefined && entry.awsIam !== null) {
    const a = entry.awsIam;
    if (!isObject(a)) return fail('awsIam', `${who}: awsIam must be an object such as {"region": "eu-west-1"} (or {} to find the region and credentials as the AWS CLI does), got ${describe(a)}.`);
    for (const [f, check] of [['region', awsRegionError], ['profile', awsProfileError]] as const) {
      if (a[f] === undefined) continue;
      const e = typeof a[f] === 'string' ? check(a[f] as string) : `must be a text, got ${describe(a[f])}.`;
      if (e) return fail(`awsIam.${f}`, `${who}: awsIam.${f}: ${e}`);
    }
    cluster.awsIam = { ...(typeof a.region === 'string' && a.region ? { region: a.region } : {}), ...(typeof a.profile === 'string' && a.profile ? { profile: a.profile } : {}) };
  }
  const auths = (['sasl', 'oauth', 'awsIam'] as const).filter((k) => cluster[k]);
  if (auths.length > 1) {
    return fail(auths[1], `${who}: ${auths.join(' and ')} are both set; a cluster authenticates one way: keep one of them.`);
  }

  if (entry.tls !== undefined && entry.tls !== null) {
    const t = entry.tls;
    if (!isObject(t)) return fail('tls', `${who}: tls must be an object such as {"enabled": true}, got ${describe(t)}.`);
    if (typeof t.enabled !== 'boolean') return fail('tls.enabled', `${who}: tls.enabled must be true or false (without quotes), got ${describe(t.enabled)}.`);
    for (const f of ['caFile', 'clientCertFile', 'clientKeyFile'] as const) {
      if (t[f] !== undefined && typeof t[f] !== 'string') return fail(`tls.${f}`, `${who}: tls.${f} must be a file path text, got ${describe(t[f])}.`);
    }
    if (t.skipVerify !== undefined && typeof t.skipVerify !== 'boolean') return fail('tls.skipVerify', `${who}: tls.skipVerify must be true or false (without quotes), got ${describe(t.skipVerify)}.`);
    cluster.tls = t as unknown as TlsSettings;
  }

  if (entry.ssh !== undefined && entry.ssh !== null) {
    const s = entry.ssh;
    if (!isObject(s)) return fail('ssh', `${who}: ssh must be an object such as {"alias": "course-vm"} or {"host": "vm.example.org", "user": "ubuntu"}, got ${describe(s)}.`);
    for (const f of ['alias', 'host', 'user', 'identityFile'] as const) {
      if (s[f] !== undefined && typeof s[f] !== 'string') return fail(`ssh.${f}`, `${who}: ssh.${f} must be a text, got ${describe(s[f])}.`);
    }
    if (!s.alias && !s.host) return fail('ssh', `${who}: ssh needs "alias" (a Host in ~/.ssh/config) or "host".`);
    if (s.port !== undefined && !(typeof s.port === 'number' && Number.isInteger(s.port) && s.port >= 1 && s.port <= 65535)) {
      return fail('ssh.port', `${who}: ssh.port must be a number from 1 to 65535 (without quotes), got ${describe(s.port)}.`);
    }
    if (s.auth !== undefined && !(SSH_AUTH as readonly unknown[]).includes(s.auth)) {
      return fail('ssh.auth', `${who}: ssh.auth must be one of ${SSH_AUTH.map((a) => `"${a}"`).join(', ')}, got ${describe(s.auth)}.`);
    }
    cluster.ssh = s as unknown as SshSettings;
  }
  if (entry.schemaRegistry !== undefined && entry.schemaRegistry !== null) {
    const r = readRegistryEntry(entry.schemaRegistry, who);
    if ('field' in r) return fail(r.field, r.message);
    cluster.schemaRegistry = r.registry;
  }
  if (entry.vm !== undefined && entry.vm !== null) {
    const v = readVmEntry(entry.vm, who, !!cluster.ssh);
    if ('field' in v) return fail(v.field, v.message);
    cluster.vm = v.vm;
  }
  return { cluster };
}

/** A warning for choices that work but expose a secret: SASL PLAIN's password or an OAuth token in clear text. */
export function securityWarning(c: Pick<ClusterConfig, 'sasl' | 'oauth' | 'tls' | 'ssh'>): string | undefined {
  // The SSH channel encrypts the whole way to the VM, and the broker is on its loopback.
  if (c.tls?.enabled || c.ssh) return undefined;
  if (c.sasl?.mechanism === 'plain') {
    return 'SASL PLAIN without TLS sends the password in clear text over the network: turn TLS on, or use SCRAM, unless the broker is on this machine.';
  }
  if (c.oauth) {
    return 'SASL OAUTHBEARER without TLS sends the token in clear text over the network: anyone who reads it can use it until it expires. Turn TLS on unless the broker is on this machine.';
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A found value as a person reads it: `the text "5000"`, `the number 0`, `a list`, `nothing (null)`. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number' : ''} ${String(v)}`.trim();
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  return 'an object';
}

/**
 * The `kafkaDev.consumer.*` settings as read (`inspect`ed values as found, undefined when not set): one
 * problem per value of the wrong type or range. The consumer then uses the default for that value.
 */
export function consumerSettingsProblems(raw: Record<string, unknown>): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const bad = (key: string, want: string, fallback: string): void => {
    const setting = `kafkaDev.consumer.${key}`;
    problems.push({ setting, message: `${setting} must be ${want}, got ${describe(raw[key])}. Using ${fallback} until it is fixed.` });
  };
  const has = (k: string): boolean => raw[k] !== undefined && raw[k] !== null;
  const PREFIX = ['timestamp', 'partition', 'offset', 'key', 'headers'];
  if (has('prefix')) {
    const unknown = Array.isArray(raw.prefix) ? raw.prefix.filter((f) => !PREFIX.includes(f as string)) : undefined;
    if (!unknown) bad('prefix', `a list of fields from ${PREFIX.map((f) => `"${f}"`).join(', ')}`, 'all of them');
    else if (unknown.length) {
      problems.push({
        setting: 'kafkaDev.consumer.prefix',
        message: `kafkaDev.consumer.prefix holds ${unknown.map((f) => JSON.stringify(f)).join(', ')}, which ${unknown.length === 1 ? 'is not a field' : 'are not fields'}: ` +
          `use ${PREFIX.map((f) => `"${f}"`).join(', ')}. Using all of them until it is fixed.`,
      });
    }
  }
  if (has('valueFormat') && !['auto', 'text', 'json', 'hex', 'base64'].includes(raw.valueFormat as string)) bad('valueFormat', 'one of "auto", "text", "json", "hex", "base64"', '"auto"');
  if (has('binaryFormat') && !['hex', 'base64'].includes(raw.binaryFormat as string)) bad('binaryFormat', '"hex" or "base64"', '"hex"');
  for (const k of ['prettyJson', 'showAbsentFields']) {
    if (has(k) && typeof raw[k] !== 'boolean') bad(k, 'true or false (without quotes)', 'the default');
  }
  const num = (k: string, min: number, zeroOk: boolean, fallback: string): void => {
    const v = raw[k];
    if (!has(k)) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || (v < min && !(zeroOk && v === 0))) {
      bad(k, `a number (without quotes)${zeroOk ? ` of at least ${min}, or 0 for no limit` : ` of at least ${min}`}`, fallback);
    }
  };
  num('maxValueBytes', 16, false, '65536');
  num('maxRecordsPerSecond', 10, true, '2000');
  num('maxCharactersPerSecond', 1024, true, '1048576');
  return problems;
}
