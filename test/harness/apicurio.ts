// A real Schema Registry for tests: Apicurio Registry 3.3.3 (Confluent's registry is not on Maven Central;
// Apicurio is, and speaks the Confluent-compatible API at /apis/ccompat/v7). The Quarkus app (about 158 MB)
// is resolved by Maven once into ~/.cache/kafka-dev/apicurio-3.3.3 and started with `java -jar
// quarkus-run.jar` on a JDK >= 21 found by itself, storage in memory (H2), HTTP and management ports on
// loopback only, optionally inside a network namespace (the tunnel tests' "VM").
import { execFile } from 'node:child_process';
import { Agent } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from './cache';
import { freePort } from './ports';
import { GuardedProcess, releaseTempDir, spawnGuarded, trackTempDir, waitFor } from './process';

const run = promisify(execFile);

/**
 * How the tests' independent peer (Confluent's JS client) is pointed at Apicurio. Apicurio 3.3.3 now and then
 * reads a request on a kept-alive connection and never answers it (seen in one CI run, where
 * a test stack showed the peer's GET /associations/… waiting, which Apicurio otherwise answers 404 at once; an
 * earlier run that took 30 minutes longer fits the same wait) until Quarkus's 30-minute idle timeout, and the
 * peer's axios has no timeout of its own. So: a fresh connection per request, 10 s per attempt, and the
 * peer's own retries (axios-retry) each with a whole 10 s again.
 */
type PeerConfig = { baseURLs: string[]; createAxiosDefaults: { timeout: number; httpAgent: Agent; 'axios-retry': { shouldResetTimeout: boolean } } };
export function peerClientConfig(url: string): PeerConfig {
  return { baseURLs: [url], createAxiosDefaults: { timeout: 10_000, httpAgent: new Agent({ keepAlive: false }), 'axios-retry': { shouldResetTimeout: true } } };
}

export const APICURIO_VERSION = '3.3.3';
const ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`;
const MIN_JAVA = 21;

export interface ApicurioOptions {
  /** Address to bind HTTP and management to (default 127.0.0.1). */
  host?: string;
  /** Run inside this network namespace (`ip netns exec`); ports 8081 (HTTP) and 9001 (management) there. */
  netns?: string;
  /** Global compatibility set right after start (default BACKWARD, Confluent's default; Apicurio's is NONE). */
  compatibility?: string;
  /** How long to wait for the API to answer (default 180 s: 6 s on a quiet machine, 90 s seen with five test runs on 2 cores). */
  startTimeoutMs?: number;
}

export interface Apicurio {
  /** The Confluent-compatible API's base URL: http://127.0.0.1:<port>/apis/ccompat/v7 (inside the namespace when netns). */
  readonly url: string;
  readonly port: number;
  readonly logFile: string;
  /** Milliseconds from spawn to the API answering (reported as a figure, never asserted). */
  readonly startMs: number;
  readonly process: GuardedProcess;
  stop(): Promise<void>;
}

/** The unpacked app (the folder holding quarkus-run.jar), resolved from Maven Central on first use. */
export async function ensureApicurio(): Promise<string> {
  const home = join(cacheRoot(), `apicurio-${APICURIO_VERSION}`);
  if (existsSync(join(home, 'quarkus-run.jar'))) return home;
  mkdirSync(cacheRoot(), { recursive: true });
  // Said once, up front: on a fresh machine this is a 158 MB download.
  process.stderr.write(`[apicurio] resolving Apicurio Registry ${APICURIO_VERSION} (${ARTIFACT}, about 158 MB) from Maven Central into ${home}: once per machine\n`);
  // Unpacked beside the final folder and renamed into place, so a run killed midway leaves no half app
  // that a later run would take for a whole one.
  const staging = mkdtempSync(join(cacheRoot(), `apicurio-${APICURIO_VERSION}.partial-`));
  try {
    await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${staging}`],
      { maxBuffer: 16 * 1024 * 1024 });
    const tarball = readdirSync(staging).find((f) => f.endsWith('.tar.gz'));
    if (!tarball) throw new Error(`mvn dependency:copy of ${ARTIFACT} left no .tar.gz in ${staging}`);
    await run('tar', ['-xzf', join(staging, tarball), '-C', staging]);
    rmSync(join(staging, tarball));
    if (!existsSync(join(staging, 'quarkus-run.jar'))) throw new Error(`${ARTIFACT} has no quarkus-run.jar at its top level`);
    try {
      renameSync(staging, home);
    } catch (e) {
      // Another test process finished first: its copy is as good as ours.
      if (!existsSync(join(home, 'quarkus-run.jar'))) throw e;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return home;
}

/** The major version of the JDK at `home` (its `release` file, else `bin/java -version`), or undefined. */
async function javaMajor(home: string): Promise<number | undefined> {
  const release = join(home, 'release');
  const text = existsSync(release)
    ? readFileSync(release, 'utf8')
    : await run(join(home, 'bin', 'java'), ['-version']).then((r) => r.stderr, () => '');
  const m = /version\s*=?\s*"(\d+)(?:\.(\d+))?/i.exec(text) ?? /JAVA_VERSION="(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  // Java 8 and older call themselves 1.x.
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

/**
 * A `java` of version >= 21: JAVA_HOME's when it is new enough, else the newest JDK in /usr/lib/jvm
 * (Temurin unpacked there is not registered with update-alternatives, so `java` on PATH may be 17).
 */
export async function findJava21(): Promise<string> {
  const seen: string[] = [];
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const jvm = '/usr/lib/jvm';
  if (existsSync(jvm)) candidates.push(...readdirSync(jvm).filter((d) => !d.startsWith('.')).map((d) => join(jvm, d)));
  let best: { java: string; major: number } | undefined;
  for (const home of candidates) {
    const java = join(home, 'bin', 'java');
    if (!existsSync(java)) continue;
    const major = await javaMajor(home);
    seen.push(`${home} (${major ?? 'unknown version'})`);
    if (major === undefined || major < MIN_JAVA) continue;
    // JAVA_HOME wins when it qualifies: the user chose it.
    if (home === process.env.JAVA_HOME) return java;
    if (!best || major > best.major) best = { java, major };
  }
  if (best) return best.java;
  throw new Error(`Apicurio Registry ${APICURIO_VERSION} needs Java ${MIN_JAVA} or newer, and none was found ` +
    `(looked at JAVA_HOME and /usr/lib/jvm/*: ${seen.join(', ') || 'no JDK'}). Install one: on Debian 13 or Ubuntu 24.04 ` +
    '`apt-get install openjdk-21-jdk-headless`; on Debian 12 unpack Temurin 21+ (https://adoptium.net/temurin/releases/, ' +
    'Linux x64 JDK .tar.gz) into /usr/lib/jvm/, or set JAVA_HOME to a JDK >= 21.');
}

/** One HTTP request to the registry, made inside the namespace when there is one (the host cannot reach it). */
async function request(wrap: string[], url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
  if (!wrap.length) {
    return fetch(url, { method, headers, body, signal: AbortSignal.timeout(5000) })
      .then(async (r) => ({ status: r.status, text: await r.text() }), (e: Error) => ({ status: 0, text: e.message }));
  }
  // A tiny Node program prints status and body; Node is on every machine that runs these tests.
  const script = `fetch(process.argv[1], { method: process.argv[2], headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: process.argv[3] || undefined, signal: AbortSignal.timeout(5000) })
    .then(async (r) => { process.stdout.write(r.status + '\\n' + await r.text()); }, (e) => { process.stdout.write('0\\n' + e.message); });`;
  const args = ['-e', script, url, method, body ?? ''];
  const { stdout } = await run(wrap[0], [...wrap.slice(1), process.execPath, ...args]);
  const nl = stdout.indexOf('\n');
  return { status: Number(stdout.slice(0, nl)), text: stdout.slice(nl + 1) };
}

export async function startApicurio(opts: ApicurioOptions = {}): Promise<Apicurio> {
  const home = await ensureApicurio();
  const java = await findJava21();
  const host = opts.host ?? '127.0.0.1';
  const wrap = opts.netns ? ['ip', 'netns', 'exec', opts.netns] : [];
  // Inside a fresh namespace every port is free; on the host, picked free (another process may race us:
  // the start then fails with the log's "Address already in use").
  const port = opts.netns ? 8081 : await freePort(host);
  const mgmtPort = opts.netns ? 9001 : await freePort(host);
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-apicurio-'));
  trackTempDir(dir);
  const logFile = join(dir, 'apicurio.log');
  const props: Record<string, string> = {
    'quarkus.http.host': host,
    'quarkus.http.port': String(port),
    // The management interface (health, metrics) listens on all interfaces, port 9000, by default.
    'quarkus.management.host': host,
    'quarkus.management.port': String(mgmtPort),
    // In-memory H2: every start is empty, nothing is written to disk.
    'apicurio.storage.kind': 'sql',
    'apicurio.storage.sql.kind': 'h2',
    'apicurio.datasource.url': `jdbc:h2:mem:registry-${process.pid}`,
    'quarkus.log.level': 'WARN',
    'quarkus.log.category."io.quarkus".level': 'INFO',
    'java.io.tmpdir': dir,
  };
  const cmd = [...wrap, java, '-Xmx384m', '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`), '-jar', join(home, 'quarkus-run.jar')];
  const t0 = Date.now();
  const proc = spawnGuarded(cmd[0], cmd.slice(1), { logFile, cleanupDirs: [dir], cwd: dir });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/apis/ccompat/v7`;
  const timeoutMs = opts.startTimeoutMs ?? 180_000;
  try {
    // waitFor retries a check that throws, so an exit is returned as a result and thrown here: it is final.
    const up = await waitFor(`Apicurio Registry at ${url} (log: ${logFile})`, timeoutMs, async () =>
      proc.child.exitCode !== null ? 'exited' : (await request(wrap, `${url}/subjects`, 'GET')).status === 200 && 'up');
    if (up === 'exited') {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`Apicurio exited with code ${proc.child.exitCode} before answering; last lines of ${logFile}:\n${tail}`);
    }
    const startMs = Date.now() - t0;
    const level = opts.compatibility ?? 'BACKWARD';
    const set = await request(wrap, `${url}/config`, 'PUT', JSON.stringify({ compatibility: level }));
    if (set.status !== 200) throw new Error(`setting Apicurio's global compatibility to ${level} answered ${set.status}: ${set.text}`);
    return {
      url, port, logFile, startMs, process: proc,
      async stop(): Promise<void> {
        await proc.stop('SIGTERM', 10_000);
        releaseTempDir(dir);
      },
    };
  } catch (e) {
    await proc.stop('SIGKILL');
    releaseTempDir(dir);
    throw e;
  }
}

let shared: Promise<Apicurio> | undefined;
let users = 0;

/**
 * One Apicurio per test process, started on first use and stopped when its last user releases it ; one
 * never released is killed when the process exits. KAFKA_DEV_TEST_REGISTRY (a ccompat URL)
 * uses a registry someone else started. Tests sharing one use subject names of their own (uniqueTopic),
 * and put back any global level they change.
 */
export async function useApicurio(): Promise<{ url: string; release(): Promise<void> }> {
  const given = process.env.KAFKA_DEV_TEST_REGISTRY;
  if (given) return { url: given, release: async () => undefined };
  users++;
  // Unreferenced: a test file that forgets release() still ends (the exit hook then kills the child).
  shared ??= startApicurio().then((a) => {
    const c = a.process.child;
    c.unref();
    for (const s of [c.stdout, c.stderr]) (s as { unref?: () => void } | null)?.unref?.();
    return a;
  });
  let released = false;
  try {
    const a = await shared;
    return {
      url: a.url,
      async release(): Promise<void> {
        if (released) return;
        released = true;
        if (--users > 0) return;
        shared = undefined;
        await a.stop();
      },
    };
  } catch (e) {
    users--;
    shared = undefined;
    throw e;
  }
}
