// Builds a kafkajs client for a cluster. The only place that maps ClusterConfig to kafkajs options.
import { readFileSync } from 'node:fs';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ConnectionOptions } from 'node:tls';
import type { ISocketFactory, Kafka, KafkaConfig, Mechanism, SASLOptions } from 'kafkajs';
import { ClusterConfig, ClusterSecrets } from '../rules/clusterConfig';
import { mskIamMechanism } from './auth/mskIam';
import { oauthBearerMechanism, OAuthTokenProvider } from './auth/oauthBearer';
import { registerCodecs } from './codecs';
import { kafkajs } from './vendor';

export interface ClientOptions {
  /** Upper bound for connecting and for each request, in ms. */
  connectionTimeoutMs: number;
  clientId?: string;
  /** Replaces kafkajs's TCP/TLS sockets (the SSH tunnel plugs in here). */
  socketFactory?: ISocketFactory;
  /** Where kafkajs logs go; nothing is logged when absent. */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

function tlsOptions(cfg: ClusterConfig, secrets: ClusterSecrets): boolean | ConnectionOptions | undefined {
  const t = cfg.tls;
  if (!t?.enabled) return undefined;
  const o: ConnectionOptions = { rejectUnauthorized: !t.skipVerify };
  if (t.caFile) o.ca = [readFileSync(t.caFile, 'utf8')];
  if (t.clientCertFile) o.cert = readFileSync(t.clientCertFile, 'utf8');
  if (t.clientKeyFile) o.key = readFileSync(t.clientKeyFile, 'utf8');
  if (secrets.tlsKeyPassphrase) o.passphrase = secrets.tlsKeyPassphrase;
  return o;
}

function saslOptions(cfg: ClusterConfig, secrets: ClusterSecrets, opts: ClientOptions): SASLOptions | Mechanism | undefined {
  // One token cache per client: every connection of this client shares its token and its refreshes.
  if (cfg.oauth) {
    // The token request is one step of connecting: it gets most of the connection timeout, so that its own
    // message ("the token endpoint did not answer") arrives before the connect's generic one.
    const timeoutMs = Math.max(500, Math.floor(opts.connectionTimeoutMs * 0.8));
    const provider = new OAuthTokenProvider({ ...cfg.oauth, clientSecret: secrets.oauthClientSecret ?? '' }, { timeoutMs });
    return oauthBearerMechanism(provider, cfg.oauth.tokenEndpointUrl);
  }
  if (cfg.awsIam) return mskIamMechanism({ region: cfg.awsIam.region, profile: cfg.awsIam.profile });
  if (!cfg.sasl) return undefined;
  const password = secrets.saslPassword ?? '';
  const username = cfg.sasl.username;
  switch (cfg.sasl.mechanism) {
    case 'plain': return { mechanism: 'plain', username, password };
    case 'scram-sha-256': return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512': return { mechanism: 'scram-sha-512', username, password };
  }
}

/**
 * kafkajs reads a bootstrap entry as `host:port` by splitting at every ':', so "[::1]:9092" becomes host "["
 * (its broker list has no IPv6 form). Such entries are handed to kafkajs under a placeholder name that
 * cannot resolve (.invalid), and the socket factory connects the placeholder to the real address. Brokers'
 * own addresses come from Metadata as separate host and port fields, so only bootstrap needs this.
 */
function ipv6Bootstrap(servers: string[], inner: ISocketFactory | undefined): { brokers: string[]; socketFactory?: ISocketFactory } {
  const real = new Map<string, string>();
  const brokers = servers.map((s, i) => {
    const m = /^\s*\[([0-9a-fA-F:.]+)\]:(\d+)\s*$/.exec(s);
    if (!m) return s;
    const alias = `ipv6-bootstrap-${i}.kafka-dev.invalid`;
    real.set(alias, m[1]);
    return `${alias}:${m[2]}`;
  });
  if (real.size === 0) return { brokers, socketFactory: inner };
  const connect: ISocketFactory = inner ?? (({ host, port, ssl, onConnect }) => {
    // What kafkajs's own factory does (src/network/socketFactory.js), for the one case it cannot name.
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(typeof ssl === 'object' ? ssl : {}) }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  });
  return { brokers, socketFactory: (a) => connect({ ...a, host: real.get(a.host) ?? a.host }) };
}

export function createKafkaClient(cfg: ClusterConfig, secrets: ClusterSecrets, opts: ClientOptions): Kafka {
  const { logLevel } = kafkajs();
  const levels = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info' } as const;
  const { brokers, socketFactory } = ipv6Bootstrap(cfg.bootstrapServers, opts.socketFactory);
  const config: KafkaConfig = {
    clientId: opts.clientId ?? 'kafka-dev',
    brokers,
    ssl: tlsOptions(cfg, secrets),
    sasl: saslOptions(cfg, secrets, opts),
    connectionTimeout: opts.connectionTimeoutMs,
    authenticationTimeout: opts.connectionTimeoutMs,
    requestTimeout: Math.max(opts.connectionTimeoutMs, 30_000),
    // Few, short retries: a person is waiting, and every error is shown with what was tried.
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
    socketFactory,
    logLevel: opts.log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry) => {
      const level = levels[entry.level as keyof typeof levels];
      if (level && opts.log) opts.log(level, `${entry.namespace}: ${entry.log.message}`);
    },
  };
  // Every client can then read and write snappy, lz4 and zstd batches (kafkajs ships only gzip).
  registerCodecs();
  return new (kafkajs().Kafka)(config);
}
