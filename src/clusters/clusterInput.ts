// The answers of Add/Edit Cluster, validated into a ClusterConfig plus its secrets. The same checks back
// the input boxes (validateInput) and the command's argument form used by tests and scripts.
import { existsSync, statSync } from 'node:fs';
import {
  awsProfileError, awsRegionError, ClusterConfig, ClusterSecrets, parseBootstrapServers, RegistrySettings, SaslMechanism, SshSettings, TlsSettings, tokenEndpointUrlError, VmSettings,
} from '../kafka/rules/clusterConfig';
import { readRegistryEntry, registrySummary } from '../kafka/rules/registryEntry';
import { readVmEntry } from '../kafka/rules/vmEntry';

/** The choices of the authentication step: user/password SASL, OAUTHBEARER, AWS MSK IAM, or none. */
export type SecurityChoice = 'none' | SaslMechanism | 'oauthbearer' | 'aws-msk-iam';

/** What `kafkaDev.addCluster` / `kafkaDev.editCluster` accept instead of asking. */
export interface ClusterInput {
  /** Present when editing. */
  id?: string;
  name: string;
  bootstrapServers: string | string[];
  security?: SecurityChoice;
  username?: string;
  /** SASL password; when editing, undefined keeps the stored one. Goes to SecretStorage only. */
  password?: string;
  /** OAUTHBEARER: token endpoint (http(s) URL), client id and optional scope. */
  oauth?: { tokenEndpointUrl: string; clientId: string; scope?: string };
  /** OAUTHBEARER client secret; when editing, undefined keeps the stored one. Goes to SecretStorage only. */
  clientSecret?: string;
  /** AWS MSK IAM: region (default from the host name) and profile (default: the AWS chain). */
  awsRegion?: string;
  awsProfile?: string;
  tls?: TlsSettings;
  tlsKeyPassphrase?: string;
  ssh?: SshSettings;
  /** The cluster's Schema Registry; absent: none. */
  schemaRegistry?: RegistrySettings;
  /** Registry basic-auth password / bearer token; when editing, undefined keeps the stored one. Go to SecretStorage only. */
  registryPassword?: string;
  registryToken?: string;
  /** Where Kafka is installed on the SSH host (needs `ssh`); Edit Cluster keeps the one saved. */
  vm?: VmSettings;
  /** Run Test Connection after saving (default: true from the UI, false from arguments). */
  testConnection?: boolean;
}

export const SECURITY_LABELS: Record<SecurityChoice, string> = {
  none: 'No authentication',
  plain: 'SASL PLAIN',
  'scram-sha-256': 'SASL SCRAM-SHA-256',
  'scram-sha-512': 'SASL SCRAM-SHA-512',
  oauthbearer: 'SASL OAUTHBEARER (OAuth 2 client credentials)',
  'aws-msk-iam': 'AWS MSK IAM',
};

/** Which authentication a saved cluster uses. */
export function securityOf(c: ClusterConfig): SecurityChoice {
  return c.oauth ? 'oauthbearer' : c.awsIam ? 'aws-msk-iam' : c.sasl?.mechanism ?? 'none';
}

/**
 * The placeholder of a choice step: what the cluster has now when editing; when adding there is no
 * "current" value, so it says what to choose instead.
 */
export function currentChoice(step: 'authentication' | 'tls' | 'network' | 'registry', current?: ClusterConfig): string {
  if (!current) {
    return {
      authentication: 'How the brokers authenticate clients', tls: 'Whether the listener uses TLS', network: 'How to reach the brokers',
      registry: 'Where the Avro, Protobuf and JSON schemas of the topics are registered',
    }[step];
  }
  switch (step) {
    case 'authentication': return `Current: ${SECURITY_LABELS[securityOf(current)]}`;
    case 'tls': return current.tls?.enabled ? 'Current: TLS on' : 'Current: no TLS';
    case 'network': return current.ssh ? `Current: through SSH ${current.ssh.alias ?? current.ssh.host ?? ''}` : 'Current: direct';
    case 'registry': return `Current: ${registrySummary(current.schemaRegistry)}`;
  }
}

export function clusterNameError(name: string, others: ClusterConfig[], selfId?: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Enter a name for the cluster, e.g. local or staging.';
  if (n.length > 80) return `The name is ${n.length} characters long; keep it under 80.`;
  const clash = others.find((c) => c.id !== selfId && c.name.toLowerCase() === n.toLowerCase());
  if (clash) return `A cluster named "${clash.name}" already exists: pick another name.`;
  return undefined;
}

export function pemFileError(path: string | undefined, what: string): string | undefined {
  if (!path) return undefined;
  if (!existsSync(path)) return `${what} "${path}" does not exist: give the full path of a PEM file.`;
  if (!statSync(path).isFile()) return `${what} "${path}" is not a file.`;
  return undefined;
}

/** "alias", "host", "user@host" or "user@host:port" → SSH settings, or what is wrong. */
export function parseSshTarget(text: string): SshSettings | { error: string } {
  const s = text.trim();
  if (!s) return { error: 'Enter a Host alias from ~/.ssh/config or user@host[:port].' };
  const m = /^(?:([^@\s]+)@)?([A-Za-z0-9._-]+)(?::(\d+))?$/.exec(s);
  if (!m) return { error: `"${s}" is not a Host alias or user@host[:port].` };
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return { error: `SSH port ${m[3]} is not between 1 and 65535.` };
  if (!m[1] && port === undefined) return { alias: m[2] };
  return { host: m[2], user: m[1], port: port ?? 22 };
}

/** "a, b or c" */
const orList = (xs: string[]): string => `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

export function buildCluster(
  input: ClusterInput,
  existing: ClusterConfig[],
): { cluster: Omit<ClusterConfig, 'id'> & { id?: string }; secrets?: ClusterSecrets } | { error: string } {
  if (typeof input.name !== 'string') return { error: 'name is required (a display name for the cluster).' };
  const nameErr = clusterNameError(input.name, existing, input.id);
  if (nameErr) return { error: nameErr };
  const servers = parseBootstrapServers(Array.isArray(input.bootstrapServers) ? input.bootstrapServers.join(',') : String(input.bootstrapServers ?? ''));
  if ('error' in servers) return { error: `Bootstrap servers: ${servers.error}` };
  const cluster: Omit<ClusterConfig, 'id'> & { id?: string } = { id: input.id, name: input.name.trim(), bootstrapServers: servers.servers };
  // Kafka writes mechanisms in capitals (PLAIN, SCRAM-SHA-512); the settings use lower case: both are meant.
  const security = (typeof input.security === 'string' ? input.security.toLowerCase() : input.security ?? 'none') as NonNullable<ClusterInput['security']>;
  if (!(security in SECURITY_LABELS)) return { error: `Unknown security "${String(input.security)}": use ${orList(Object.keys(SECURITY_LABELS))}.` };
  const secrets: ClusterSecrets = {};
  let secretsChanged = false;
  if (security === 'oauthbearer' || security === 'aws-msk-iam') {
    const token = buildTokenAuth(input, security, existing.find((c) => c.id === input.id));
    if ('error' in token) return token;
    Object.assign(cluster, token.cluster);
    if (token.clientSecret !== undefined) { secrets.oauthClientSecret = token.clientSecret; secretsChanged = true; }
  } else if (security !== 'none') {
    if (!input.username?.trim()) return { error: `${SECURITY_LABELS[security]} needs a user name.` };
    cluster.sasl = { mechanism: security, username: input.username.trim() };
    const previous = existing.find((c) => c.id === input.id)?.sasl;
    if (input.password === undefined && !previous) return { error: `${SECURITY_LABELS[security]} needs a password.` };
    if (input.password !== undefined) {
      if (input.password.length === 0) return { error: 'The password is empty: enter the SASL password.' };
      secrets.saslPassword = input.password;
      secretsChanged = true;
    }
  }
  if (input.tls?.enabled) {
    const t = input.tls;
    for (const [p, what] of [[t.caFile, 'CA file'], [t.clientCertFile, 'Client certificate'], [t.clientKeyFile, 'Client key']] as const) {
      const err = pemFileError(p, what);
      if (err) return { error: err };
    }
    if (!!t.clientCertFile !== !!t.clientKeyFile) return { error: 'Give both a client certificate and its key, or neither.' };
    cluster.tls = { enabled: true, ...(t.caFile ? { caFile: t.caFile } : {}), ...(t.clientCertFile ? { clientCertFile: t.clientCertFile, clientKeyFile: t.clientKeyFile } : {}), ...(t.skipVerify ? { skipVerify: true } : {}) };
    if (input.tlsKeyPassphrase) { secrets.tlsKeyPassphrase = input.tlsKeyPassphrase; secretsChanged = true; }
  }
  if (input.ssh && (input.ssh.alias || input.ssh.host)) cluster.ssh = { ...input.ssh };
  if (input.vm) {
    const vm = readVmEntry(input.vm, 'Kafka on the VM', !!cluster.ssh);
    if ('field' in vm) return { error: vm.message };
    cluster.vm = vm.vm;
  }
  if (input.schemaRegistry) {
    const reg = buildRegistry(input, existing.find((c) => c.id === input.id)?.schemaRegistry);
    if ('error' in reg) return reg;
    cluster.schemaRegistry = reg.registry;
    if (reg.secrets) { Object.assign(secrets, reg.secrets); secretsChanged = true; }
  }
  return secretsChanged ? { cluster, secrets } : { cluster };
}

/** The OAUTHBEARER / MSK IAM part of buildCluster: settings, and the client secret when one was given. */
function buildTokenAuth(input: ClusterInput, security: 'oauthbearer' | 'aws-msk-iam', previous: ClusterConfig | undefined):
  { cluster: Pick<ClusterConfig, 'oauth' | 'awsIam'>; clientSecret?: string } | { error: string } {
  if (security === 'aws-msk-iam') {
    const region = input.awsRegion?.trim() || undefined;
    const profile = input.awsProfile?.trim() || undefined;
    const err = awsRegionError(region ?? '') ?? awsProfileError(profile ?? '');
    if (err) return { error: err };
    return { cluster: { awsIam: { ...(region ? { region } : {}), ...(profile ? { profile } : {}) } } };
  }
  const o = input.oauth;
  const urlErr = tokenEndpointUrlError(o?.tokenEndpointUrl ?? '');
  if (urlErr) return { error: `OAUTHBEARER token endpoint: ${urlErr}` };
  if (!o?.clientId?.trim()) return { error: 'OAUTHBEARER needs a client id.' };
  if (input.clientSecret === undefined && !previous?.oauth) return { error: 'OAUTHBEARER needs a client secret.' };
  if (input.clientSecret !== undefined && input.clientSecret.length === 0) return { error: 'The client secret is empty: enter the OAuth client secret.' };
  const scope = o.scope?.trim() || undefined;
  return { cluster: { oauth: { tokenEndpointUrl: o.tokenEndpointUrl.trim(), clientId: o.clientId.trim(), ...(scope ? { scope } : {}) } }, clientSecret: input.clientSecret };
}

/**
 * The Schema Registry part of buildCluster: the settings checked as the settings reader checks them, and
 * the password or token when one was given. A secret is needed unless the stored one is for the same kind
 * of authentication (editing keeps it).
 */
function buildRegistry(input: ClusterInput, previous: RegistrySettings | undefined):
  { registry: RegistrySettings; secrets?: Pick<ClusterSecrets, 'registryPassword' | 'registryToken'> } | { error: string } {
  const r = readRegistryEntry(input.schemaRegistry, 'Schema Registry');
  if ('field' in r) return { error: r.message };
  const caErr = pemFileError(r.registry.caFile, 'Schema Registry CA file');
  if (caErr) return { error: caErr };
  const kind = r.registry.auth?.kind;
  if (kind === 'basic') {
    if (input.registryPassword === undefined && previous?.auth?.kind !== 'basic') return { error: 'Schema Registry basic auth needs a password.' };
    if (input.registryPassword === '') return { error: 'The Schema Registry password is empty: enter it, or choose no authentication.' };
    return input.registryPassword !== undefined ? { registry: r.registry, secrets: { registryPassword: input.registryPassword } } : { registry: r.registry };
  }
  if (kind === 'bearer') {
    if (input.registryToken === undefined && previous?.auth?.kind !== 'bearer') return { error: 'Schema Registry bearer authentication needs a token.' };
    if (input.registryToken === '') return { error: 'The Schema Registry token is empty: enter it, or choose no authentication.' };
    return input.registryToken !== undefined ? { registry: r.registry, secrets: { registryToken: input.registryToken } } : { registry: r.registry };
  }
  return { registry: r.registry };
}
