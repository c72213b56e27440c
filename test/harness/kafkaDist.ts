// A Kafka binary distribution (kafka_2.13-<version>.tgz) built from the Maven jars the harness already
// resolves, for Set Up Kafka on a VM (no internet here, so no archive.apache.org): libs/*.jar plus the
// bin scripts Set Up calls, each doing what Apache's does for those calls (kafka-run-class.sh honours
// KAFKA_HEAP_OPTS, LOG_DIR (default <dist>/logs) and KAFKA_LOG4J_OPTS; the broker logs to
// $LOG_DIR/server.log through config/log4j2.properties). Differences from Apache's, to spare the
// 2-core test machine: SerialGC and C1 only. Cached under ~/.cache/kafka-dev/kafka-dist-<version>/,
// with its .sha512 in Apache's `gpg --print-md SHA512` format.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from './cache';
import { ensureKafkaJars, kafkaVersion } from './kafka';

const run = promisify(execFile);

export interface KafkaDist {
  version: string;
  /** The folder holding the tarball and its checksum (what the test's HTTP server serves). */
  dir: string;
  /** kafka_2.13-<version>.tgz */
  fileName: string;
  tarball: string;
  /** tarball + '.sha512' */
  checksumFile: string;
  sha512: string;
}

const RUN_CLASS = `#!/bin/sh
# kafka-run-class.sh (test build): the JVM options Apache's script sets for what Kafka Dev runs.
[ $# -lt 1 ] && { echo "USAGE: $0 classname [opts]" >&2; exit 1; }
base_dir=$(cd "$(dirname "$0")/.." && pwd)
[ -z "$LOG_DIR" ] && LOG_DIR="$base_dir/logs"
mkdir -p "$LOG_DIR"
[ -z "$KAFKA_HEAP_OPTS" ] && KAFKA_HEAP_OPTS="-Xmx256M"
[ -z "$KAFKA_LOG4J_OPTS" ] && KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.properties"
if [ -z "$JAVA_HOME" ]; then JAVA=java; else JAVA="$JAVA_HOME/bin/java"; fi
exec "$JAVA" $KAFKA_HEAP_OPTS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true $KAFKA_JVM_PERFORMANCE_OPTS \\
  -Dkafka.logs.dir="$LOG_DIR" $KAFKA_LOG4J_OPTS -cp "$base_dir/libs/*" $KAFKA_OPTS "$@"
`;

const SERVER_START = `#!/bin/sh
# kafka-server-start.sh (test build)
[ $# -lt 1 ] && { echo "USAGE: $0 server.properties [--override property=value]*" >&2; exit 1; }
base_dir=$(dirname "$0")
[ -z "$KAFKA_LOG4J_OPTS" ] && export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$base_dir/../config/log4j2.properties"
[ -z "$KAFKA_HEAP_OPTS" ] && export KAFKA_HEAP_OPTS="-Xmx1G -Xms1G"
exec "$base_dir/kafka-run-class.sh" kafka.Kafka "$@"
`;

const STORAGE = `#!/bin/sh
# kafka-storage.sh (test build)
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
`;

const SERVER_LOG4J = `status = error
appender.file.type = File
appender.file.name = SERVER
appender.file.fileName = \${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = SERVER
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = INFO
`;

const TOOLS_LOG4J = `status = error
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
`;

/** `gpg --print-md SHA512 <file>` as Apache publishes it: upper-case hex in groups of 8, wrapped. */
export function printMd(fileName: string, hex: string): string {
  const groups = hex.toUpperCase().match(/.{1,8}/g) ?? [];
  const prefix = `${fileName}: `;
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 6) lines.push(groups.slice(i, i + 6).join(' '));
  return prefix + lines.join(`\n${' '.repeat(prefix.length)}`) + '\n';
}

async function sha512Of(path: string): Promise<string> {
  const h = createHash('sha512');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

export async function ensureKafkaDist(version = kafkaVersion()): Promise<KafkaDist> {
  const dir = join(cacheRoot(), `kafka-dist-${version}`);
  const fileName = `kafka_2.13-${version}.tgz`;
  const tarball = join(dir, fileName);
  const checksumFile = `${tarball}.sha512`;
  if (!existsSync(checksumFile)) {
    const libs = await ensureKafkaJars(version);
    const stage = join(dir, 'stage');
    const top = join(stage, `kafka_2.13-${version}`);
    rmSync(stage, { recursive: true, force: true });
    for (const d of ['bin', 'config', 'libs']) mkdirSync(join(top, d), { recursive: true });
    for (const jar of readdirSync(libs)) copyFileSync(join(libs, jar), join(top, 'libs', jar));
    const script = (name: string, text: string): void => { writeFileSync(join(top, 'bin', name), text); chmodSync(join(top, 'bin', name), 0o755); };
    script('kafka-run-class.sh', RUN_CLASS);
    script('kafka-server-start.sh', SERVER_START);
    script('kafka-storage.sh', STORAGE);
    writeFileSync(join(top, 'config', 'log4j2.properties'), SERVER_LOG4J);
    writeFileSync(join(top, 'config', 'tools-log4j2.properties'), TOOLS_LOG4J);
    await run('tar', ['-czf', `${tarball}.tmp`, '-C', stage, `kafka_2.13-${version}`]);
    renameSync(`${tarball}.tmp`, tarball);
    rmSync(stage, { recursive: true, force: true });
    writeFileSync(`${checksumFile}.tmp`, printMd(fileName, await sha512Of(tarball)));
    renameSync(`${checksumFile}.tmp`, checksumFile);
  }
  return { version, dir, fileName, tarball, checksumFile, sha512: await sha512Of(tarball) };
}
