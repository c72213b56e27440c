// A real Apache Kafka cluster for tests and benchmarks: Kafka 4.x jars from Maven Central, started as
// `kafka.Kafka` in KRaft combined mode (each node broker + controller) on loopback, with a small heap.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { promisify } from 'node:util';
import { cacheRoot, repoRoot } from './cache';
import { OAuthListenerOptions, oauthJvmProps, oauthListenerProps } from './kafkaOauth';
import { freePort } from './ports';
import { GuardedProcess, releaseTempDir, spawnGuarded, trackTempDir, waitFor } from './process';

const run = promisify(execFile);

/** The default is the newest 4.x that resolves on Maven Central; KAFKA_VERSION picks another (e.g. 3.9.1). */
export const DEFAULT_KAFKA_VERSION = '4.4.0';
export const kafkaVersion = (): string => process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;

export interface ScramUser {
  name: string;
  password: string;
  mechanism?: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
}

export interface KafkaClusterOptions {
  /** 1 (default) or 3 nodes. */
  nodes?: 1 | 3;
  version?: string;
  /** Adds a SASL_PLAINTEXT listener with SCRAM users (created at format time). */
  scramUsers?: ScramUser[];
  /**
   * Adds an SSL listener with a throwaway self-signed certificate (keytool; SAN 127.0.0.1 and
   * localhost); its PEM is `caFile`, for clients that verify it.
   */
  tls?: boolean;
  /** Address to listen on and advertise (default 127.0.0.1). */
  host?: string;
  /** Host name advertised to clients (default: `host`). */
  advertisedHost?: string;
  /** Fixed client ports per node instead of free ones (e.g. [9092] inside a network namespace). */
  ports?: number[];
  /** Prefix for the java command, e.g. ['ip', 'netns', 'exec', 'vm'] to run inside a namespace. */
  wrap?: string[];
  /** Adds an OAUTHBEARER listener validating JWTs from `jwksUrl` (test/harness/kafkaOauth.ts). */
  oauth?: OAuthListenerOptions;
  /** Extra server.properties entries for every node. */
  serverProperties?: Record<string, string>;
  heap?: string;
  /** How long to wait for the cluster to answer (default 60 s). */
  startTimeoutMs?: number;
}

export interface BrokerNode {
  id: number;
  port: number;
  controllerPort: number;
  saslPort?: number;
  tlsPort?: number;
  oauthPort?: number;
  dataDir: string;
  logFile: string;
  process?: GuardedProcess;
}

export interface KafkaCluster {
  readonly version: string;
  readonly clusterId: string;
  /** host:port list for PLAINTEXT clients. */
  readonly bootstrap: string;
  readonly bootstrapServers: string[];
  /** host:port list of the SASL_PLAINTEXT listener, when scramUsers were given. */
  readonly saslBootstrap?: string;
  /** host:port list of the SSL listener, when `tls` was asked for. */
  readonly tlsBootstrap?: string;
  /** host:port list of the OAUTHBEARER listener, when `oauth` was asked for. */
  readonly oauthBootstrap?: string;
  /** PEM of the brokers' self-signed certificate (the CA a TLS client needs), when `tls` was asked for. */
  readonly caFile?: string;
  readonly nodes: readonly BrokerNode[];
  readonly dir: string;
  stopBroker(id: number, signal?: NodeJS.Signals): Promise<void>;
  startBroker(id: number): Promise<void>;
  /** SIGSTOP: the process keeps its sockets (connections are accepted by the kernel) but answers nothing. */
  pauseBroker(id: number): void;
  /** SIGCONT after pauseBroker. */
  resumeBroker(id: number): void;
  stop(): Promise<void>;
}

/** A self-signed broker certificate in a PKCS12 keystore, and its PEM for clients (Java's keytool). */
async function makeKeystore(dir: string, wrap: string[]): Promise<{ keystore: string; caFile: string; password: string }> {
  const keystore = join(dir, 'broker.p12');
  const caFile = join(dir, 'broker-ca.pem');
  const password = 'kafka-dev-test';
  const keytool = (args: string[]): Promise<unknown> => run(wrap[0] ?? 'keytool', [...wrap.slice(1), ...(wrap.length ? ['keytool'] : []), ...args]);
  await keytool(['-genkeypair', '-alias', 'broker', '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '2',
    '-dname', 'CN=kafka-dev-test-broker', '-ext', 'SAN=ip:127.0.0.1,dns:localhost',
    '-keystore', keystore, '-storetype', 'PKCS12', '-storepass', password, '-keypass', password]);
  await keytool(['-exportcert', '-alias', 'broker', '-rfc', '-keystore', keystore, '-storepass', password, '-file', caFile]);
  return { keystore, caFile, password };
}

/** The folder with Kafka's jars, resolved by Maven from test/harness/kafka/pom.xml on first use. */
export async function ensureKafkaJars(version = kafkaVersion()): Promise<string> {
  const libs = join(cacheRoot(), `kafka-${version}`, 'libs');
  if (existsSync(libs) && readdirSync(libs).some((f) => f.startsWith('kafka_2.13-'))) return libs;
  mkdirSync(libs, { recursive: true });
  // Said once, up front: on a fresh machine this is a minute of silence otherwise.
  process.stderr.write(`[kafka] resolving Apache Kafka ${version}'s jars from Maven Central into ${libs}: about a minute, once per machine\n`);
  await run('mvn', ['-q', '-B', '-f', join(repoRoot, 'test', 'harness', 'kafka', 'pom.xml'),
    'dependency:copy-dependencies', '-DincludeScope=runtime', `-Dkafka.version=${version}`,
    `-DoutputDirectory=${libs}`], { maxBuffer: 16 * 1024 * 1024 });
  return libs;
}

const LOG4J2 = `status = error
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = INFO
`;

function javaArgs(libs: string, dir: string, heap: string, props: string[] = []): string[] {
  return [...props, `-Xmx${heap}`, '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto',
    `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`, '-cp', `${libs}/*`];
}

/** True when something accepts TCP on host:port (run inside the namespace via `wrap` if needed). */
function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.setTimeout(1000);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}

/** Thrown when a broker could not bind a port picked for it: another process took it meanwhile. */
class PortTakenError extends Error {}

export async function startKafka(opts: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  // Free ports are picked before the broker binds them; another test process can take one in
  // between. Ports the caller fixed, or ones inside a namespace, are not ours to pick again.
  const mayRepick = !opts.ports && !opts.wrap?.length;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKafkaOnce(opts);
    } catch (e) {
      if (!(e instanceof PortTakenError) || !mayRepick || attempt >= 3) throw e;
    }
  }
}

async function startKafkaOnce(opts: KafkaClusterOptions): Promise<KafkaCluster> {
  const version = opts.version ?? kafkaVersion();
  const libs = await ensureKafkaJars(version);
  const count = opts.nodes ?? 1;
  const host = opts.host ?? '127.0.0.1';
  const adv = opts.advertisedHost ?? host;
  const wrap = opts.wrap ?? [];
  const heap = opts.heap ?? '384m';
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-broker-'));
  trackTempDir(dir);
  writeFileSync(join(dir, 'log4j2.properties'), LOG4J2);

  // Inside a namespace the host's free ports say nothing, but nothing else listens there either.
  const pick = async (i: number, offset: number): Promise<number> =>
    wrap.length ? (opts.ports?.[i] ?? 9092 + i * 10) + offset : (offset === 0 && opts.ports?.[i]) || freePort(host);

  const nodes: BrokerNode[] = [];
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const port = await pick(i, 0);
    const controllerPort = await pick(i, 1);
    const saslPort = opts.scramUsers?.length ? await pick(i, 2) : undefined;
    const tlsPort = opts.tls ? await pick(i, 3) : undefined;
    const oauthPort = opts.oauth ? await pick(i, 4) : undefined;
    nodes.push({ id, port, controllerPort, saslPort, tlsPort, oauthPort, dataDir: join(dir, `node-${id}`), logFile: join(dir, `node-${id}.log`) });
  }
  const tls = opts.tls ? await makeKeystore(dir, wrap) : undefined;
  const voters = nodes.map((n) => `${n.id}@${host}:${n.controllerPort}`).join(',');
  const rf = String(Math.min(3, count));

  for (const n of nodes) {
    const listeners = [`PLAINTEXT://${host}:${n.port}`, `CONTROLLER://${host}:${n.controllerPort}`];
    const advertised = [`PLAINTEXT://${adv}:${n.port}`];
    const protocolMap = ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT'];
    const props: Record<string, string> = {
      'process.roles': 'broker,controller',
      'node.id': String(n.id),
      'controller.quorum.voters': voters,
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'log.dirs': n.dataDir,
      'num.partitions': '1',
      'default.replication.factor': '1',
      'offsets.topic.replication.factor': rf,
      'offsets.topic.num.partitions': '10',
      'transaction.state.log.replication.factor': rf,
      'transaction.state.log.min.isr': '1',
      'share.coordinator.state.topic.replication.factor': rf,
      'share.coordinator.state.topic.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'false',
      'delete.topic.enable': 'true',
      // A stopped broker should leave the ISR within seconds, so fault tests do not wait for the default 30 s.
      'replica.lag.time.max.ms': '4000',
      'broker.session.timeout.ms': '6000',
      'broker.heartbeat.interval.ms': '1000',
      'log.segment.bytes': String(64 * 1024 * 1024),
      'num.network.threads': '2',
      'num.io.threads': '4',
      'log.cleaner.enable': 'false',
    };
    if (n.saslPort !== undefined) {
      listeners.push(`SASL_PLAINTEXT://${host}:${n.saslPort}`);
      advertised.push(`SASL_PLAINTEXT://${adv}:${n.saslPort}`);
      protocolMap.push('SASL_PLAINTEXT:SASL_PLAINTEXT');
      props['sasl.enabled.mechanisms'] = 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN';
      props['listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config'] = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
      props['listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config'] = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
      const plainUsers = (opts.scramUsers ?? []).map((u) => `user_${u.name}="${u.password}"`).join(' ');
      props['listener.name.sasl_plaintext.plain.sasl.jaas.config'] = `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`;
    }
    if (n.tlsPort !== undefined && tls) {
      listeners.push(`SSL://${host}:${n.tlsPort}`);
      advertised.push(`SSL://${adv}:${n.tlsPort}`);
      protocolMap.push('SSL:SSL');
      Object.assign(props, {
        'ssl.keystore.type': 'PKCS12',
        'ssl.keystore.location': tls.keystore,
        'ssl.keystore.password': tls.password,
        'ssl.key.password': tls.password,
        'ssl.client.auth': 'none',
      });
    }
    if (n.oauthPort !== undefined && opts.oauth) {
      listeners.push(`OAUTH://${host}:${n.oauthPort}`);
      advertised.push(`OAUTH://${adv}:${n.oauthPort}`);
      protocolMap.push('OAUTH:SASL_PLAINTEXT');
      Object.assign(props, oauthListenerProps(opts.oauth));
    }
    props.listeners = listeners.join(',');
    props['advertised.listeners'] = advertised.join(',');
    props['listener.security.protocol.map'] = protocolMap.join(',');
    Object.assign(props, opts.serverProperties);
    writeFileSync(join(dir, `server-${n.id}.properties`), Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  }

  const { stdout: uuidOut } = await run('java', ['-cp', `${libs}/*`, 'kafka.tools.StorageTool', 'random-uuid']);
  const clusterId = uuidOut.trim().split('\n').pop() ?? '';
  await Promise.all(nodes.map((n) =>
    run('java', ['-cp', `${libs}/*`, 'kafka.tools.StorageTool', 'format', '--ignore-formatted',
      '-t', clusterId, '-c', join(dir, `server-${n.id}.properties`)])));

  const launch = (n: BrokerNode): void => {
    const cmd = [...wrap, 'java', ...javaArgs(libs, dir, heap, oauthJvmProps(opts.oauth)), 'kafka.Kafka', join(dir, `server-${n.id}.properties`)];
    n.process = spawnGuarded(cmd[0], cmd.slice(1), { logFile: n.logFile, cleanupDirs: [dir] });
  };
  const probe = async (n: BrokerNode): Promise<boolean> => {
    if (n.process && n.process.child.exitCode !== null) {
      throw new Error(`broker ${n.id} exited with code ${n.process.child.exitCode}; see ${n.logFile}`);
    }
    if (!wrap.length) return tcpOpen(host, n.port);
    // Inside a namespace, look for the listening socket there.
    const { stdout } = await run(wrap[0], [...wrap.slice(1), 'ss', '-ltnH', `sport = :${n.port}`]);
    return stdout.trim().length > 0;
  };
  // A broker's client port opens once it has joined the quorum and caught up with metadata.
  const waitUp = (n: BrokerNode): Promise<boolean> =>
    waitFor(`Kafka broker ${n.id} on ${host}:${n.port}`, opts.startTimeoutMs ?? 60_000, () => probe(n));

  nodes.forEach(launch);
  try {
    await Promise.all(nodes.map(waitUp));
  } catch (e) {
    await Promise.all(nodes.map((n) => n.process?.stop('SIGKILL')));
    const portTaken = nodes.some((n) => existsSync(n.logFile) && /Address already in use/.test(readFileSync(n.logFile, 'utf8')));
    releaseTempDir(dir);
    throw portTaken ? new PortTakenError(`a picked port was taken before the broker bound it: ${String(e)}`) : e;
  }

  const bootstrapServers = nodes.map((n) => `${adv}:${n.port}`);
  // SCRAM credentials are created the way an operator does it (AlterUserScramCredentials through
  // kafka-configs), over the PLAINTEXT listener. Kafka 4.0 moved the command from core to tools.
  const configCommand = Number(version.split('.')[0]) >= 4 ? 'org.apache.kafka.tools.ConfigCommand' : 'kafka.admin.ConfigCommand';
  for (const u of opts.scramUsers ?? []) {
    await run(wrap[0] ?? 'java', [...wrap.slice(1), ...(wrap.length ? ['java'] : []), '-cp', `${libs}/*`, configCommand,
      '--bootstrap-server', `${host}:${nodes[0].port}`, '--alter', '--entity-type', 'users', '--entity-name', u.name,
      '--add-config', `${u.mechanism ?? 'SCRAM-SHA-256'}=[iterations=4096,password=${u.password}]`]);
  }
  return {
    version,
    clusterId,
    bootstrap: bootstrapServers.join(','),
    bootstrapServers,
    saslBootstrap: opts.scramUsers?.length ? nodes.map((n) => `${adv}:${n.saslPort}`).join(',') : undefined,
    tlsBootstrap: tls ? nodes.map((n) => `${adv}:${n.tlsPort}`).join(',') : undefined,
    oauthBootstrap: opts.oauth ? nodes.map((n) => `${adv}:${n.oauthPort}`).join(',') : undefined,
    caFile: tls?.caFile,
    nodes,
    dir,
    async stopBroker(id: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
      const n = nodes.find((x) => x.id === id);
      if (!n) throw new Error(`no broker ${id}`);
      await n.process?.stop(signal);
      n.process = undefined;
    },
    async startBroker(id: number): Promise<void> {
      const n = nodes.find((x) => x.id === id);
      if (!n) throw new Error(`no broker ${id}`);
      if (n.process) return;
      launch(n);
      await waitUp(n);
    },
    pauseBroker(id: number): void {
      const n = nodes.find((x) => x.id === id);
      if (!n?.process) throw new Error(`broker ${id} is not running`);
      n.process.child.kill('SIGSTOP');
    },
    resumeBroker(id: number): void {
      nodes.find((x) => x.id === id)?.process?.child.kill('SIGCONT');
    },
    async stop(): Promise<void> {
      // A paused broker would ignore SIGTERM until the grace ran out.
      for (const n of nodes) n.process?.child.kill('SIGCONT');
      // Kafka's controlled shutdown waits for the quorum; with every node going down at once that can
      // stall, so allow a short grace and then kill.
      await Promise.all(nodes.map((n) => n.process?.stop('SIGTERM', 8_000)));
      releaseTempDir(dir);
    },
  };
}
