// What a cluster is, independent of where it is stored. Secrets are never part of this object:
// they are looked up by cluster id (see ClusterSecrets) so that settings and state never hold them.

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface TlsSettings {
  enabled: boolean;
  /** PEM file with the CA that signed the brokers' certificates. */
  caFile?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  /** Accept any broker certificate. Insecure: only for throwaway test clusters. */
  skipVerify?: boolean;
}

export interface SshSettings {
  /** A Host alias from ~/.ssh/config, or empty when host is given. */
  alias?: string;
  host?: string;
  port?: number;
  user?: string;
  /** Private key file; its passphrase (if any) is a secret. */
  identityFile?: string;
  auth?: 'agent' | 'key' | 'password';
}

/** SASL OAUTHBEARER with the OAuth 2 client-credentials grant; the client secret is a secret. */
export interface OAuthSettings {
  tokenEndpointUrl: string;
  clientId: string;
  /** Space-separated scopes to ask for (optional). */
  scope?: string;
}

/** SASL AWS_MSK_IAM; credentials come from the AWS chain (env, profile, AWS CLI cache), never from here. */
export interface AwsIamSettings {
  /** Default: read from the broker host name (…kafka.<region>.amazonaws.com), else AWS_REGION, else the profile's. */
  region?: string;
  /** A profile of ~/.aws/config or ~/.aws/credentials; default: AWS_PROFILE, else the environment keys, else "default". */
  profile?: string;
}

/** Where a cluster's Schema Registry is and how to log in; its password or token is in ClusterSecrets. */
export interface RegistrySettings {
  /** Base URL of the Confluent-compatible API, e.g. http://localhost:8081 or http://localhost:8080/apis/ccompat/v7. */
  url: string;
  auth?: { kind: 'basic'; username: string } | { kind: 'bearer' };
  /** PEM file with the CA that signed the registry's certificate. */
  caFile?: string;
  /** Accept any certificate. Insecure: only for throwaway test set-ups (the UI warns). */
  skipVerify?: boolean;
}

/**
 * This cluster's broker runs on its SSH host, installed in kafkaDir (Set Up Kafka on a VM writes it, or the
 * person names the directory): the broker controls and the VM row act there. Paths are absolute or `~/…`.
 */
export interface VmSettings {
  kafkaDir: string;
  /** log.dirs and the KRaft metadata; default `~/kafka-data`. */
  dataDir?: string;
}

export interface ClusterConfig {
  id: string;
  name: string;
  bootstrapServers: string[];
  sasl?: { mechanism: SaslMechanism; username: string };
  /** SASL OAUTHBEARER; at most one of sasl, oauth and awsIam is set. */
  oauth?: OAuthSettings;
  /** SASL AWS_MSK_IAM; at most one of sasl, oauth and awsIam is set. */
  awsIam?: AwsIamSettings;
  tls?: TlsSettings;
  ssh?: SshSettings;
  /** The cluster's Schema Registry (Confluent-compatible REST API); reached through `ssh` when that is set. */
  schemaRegistry?: RegistrySettings;
  /** The broker on the SSH host (only with `ssh`): where Kafka is installed there. */
  vm?: VmSettings;
}

export interface ClusterSecrets {
  saslPassword?: string;
  /** OAuth client secret (OAUTHBEARER client-credentials). */
  oauthClientSecret?: string;
  tlsKeyPassphrase?: string;
  sshPassword?: string;
  sshKeyPassphrase?: string;
  /** Schema Registry basic-auth password. */
  registryPassword?: string;
  /** Schema Registry bearer token. */
  registryToken?: string;
}

export interface HostPort {
  host: string;
  port: number;
}

/** Parses "host:port" (IPv6 as "[::1]:9092"), or returns a message that says what is wrong. */
export function parseHostPort(text: string): HostPort | { error: string } {
  const s = text.trim();
  if (!s) return { error: 'empty entry: write host:port, e.g. localhost:9092' };
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(s) ?? /^([^:\s[\]]+):(\d+)$/.exec(s);
  if (!m) {
    if (/^[^:]+$/.test(s) || /^\[[0-9a-fA-F:.]+\]$/.test(s)) return { error: `"${s}" has no port: write ${s}:9092` };
    // An IPv6 address needs brackets to tell its colons from the port's: [::1]:9092.
    const v6 = /^([0-9a-fA-F:]*:[0-9a-fA-F:]*):(\d+)$/.exec(s);
    if (v6 && v6[1].split(':').length > 2) return { error: `"${s}": write an IPv6 address in brackets, e.g. [${v6[1]}]:${v6[2]}` };
    return { error: `"${s}" is not host:port (e.g. localhost:9092)` };
  }
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `"${s}": port ${m[2]} is not between 1 and 65535` };
  if (!/^[A-Za-z0-9.\-_:]+$/.test(m[1])) return { error: `"${s}": "${m[1]}" is not a valid host name` };
  return { host: m[1], port };
}

/** Parses a comma- or space-separated bootstrap list. */
export function parseBootstrapServers(text: string): { servers: string[] } | { error: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  if (parts.length === 0) return { error: 'enter at least one bootstrap server as host:port, e.g. localhost:9092' };
  const servers: string[] = [];
  for (const p of parts) {
    const hp = parseHostPort(p);
    if ('error' in hp) return hp;
    servers.push(p);
  }
  return { servers };
}

/** What is wrong with an OAuth token endpoint URL as typed, or undefined. */
export function tokenEndpointUrlError(text: string): string | undefined {
  const s = text.trim();
  if (!s) return 'Enter the token endpoint URL, e.g. https://login.example.com/oauth2/token.';
  let u: URL;
  try { u = new URL(s); } catch { return `"${s}" is not a URL: write it as https://host/path.`; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `The token endpoint must be an http(s) URL, not ${u.protocol}.`;
  if (!u.hostname) return `"${s}" has no host.`;
  if (u.username || u.password) return 'Do not put credentials in the URL: the client id and secret are asked for next.';
  return undefined;
}

/** What is wrong with an AWS region name as typed (empty is fine: then it comes from the host name), or undefined. */
export function awsRegionError(text: string): string | undefined {
  const s = text.trim();
  if (!s) return undefined;
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(s) ? undefined : `"${s}" is not an AWS region name (e.g. us-east-1, eu-west-2).`;
}

/** What is wrong with an AWS profile name as typed (empty is fine), or undefined. */
export function awsProfileError(text: string): string | undefined {
  const s = text.trim();
  if (!s) return undefined;
  return /^[A-Za-z0-9_.+=,@-]+$/.test(s) ? undefined : `"${s}" is not a profile name as ~/.aws/config writes them ([profile NAME]): letters, digits and _ . - only.`;
}
