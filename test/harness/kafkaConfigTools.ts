// Kafka's own ConfigCommand (`kafka-configs.sh`) from the harness's jars, the oracle for config changes:
// org.apache.kafka.tools.ConfigCommand in Kafka 4.x, kafka.admin.ConfigCommand (core jar) in 3.x.
// Plus kcat's view of a topic's records per partition, the oracle for purges.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureKafkaJars } from './kafka';

const run = promisify(execFile);
const CLASSES = ['org.apache.kafka.tools.ConfigCommand', 'kafka.admin.ConfigCommand'];

/** `kafka-configs.sh --bootstrap-server B --describe --entity-type topics --entity-name T`: its raw output. */
export async function kafkaConfigsDescribe(cluster: { version: string; bootstrap: string }, topic: string): Promise<string> {
  const libs = await ensureKafkaJars(cluster.version);
  let last: unknown;
  for (const cls of CLASSES) {
    try {
      const { stdout } = await run('java', ['-Xmx128m', '-cp', join(libs, '*'), cls,
        '--bootstrap-server', cluster.bootstrap, '--describe', '--entity-type', 'topics', '--entity-name', topic], { timeout: 60_000 });
      return stdout;
    } catch (e) {
      last = e;
      // Only a class missing from this Kafka version moves on to the other name.
      if (!/Could not find or load main class|ClassNotFoundException/.test(String((e as { stderr?: string }).stderr ?? e))) throw e;
    }
  }
  throw last;
}

/** The configs set on the topic itself, as ConfigCommand lists them ("Dynamic configs for topic T are:"). */
export async function topicOverrides(cluster: { version: string; bootstrap: string }, topic: string): Promise<Record<string, string>> {
  const out = await kafkaConfigsDescribe(cluster, topic);
  const found: Record<string, string> = {};
  for (const m of out.matchAll(/^\s+([^=\s]+)=(\S*) sensitive=/gm)) found[m[1]] = m[2];
  return found;
}

/** Every record kcat reads from the beginning to the end (`-o beginning -e`): per partition, first offset and count. */
export function kcatPartitionRecords(bootstrap: string, topic: string): Map<number, { first: string; count: number }> {
  const out = execFileSync('kcat', ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p %o\n'], { encoding: 'utf8', timeout: 30_000 });
  const by = new Map<number, { first: string; count: number }>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [p, o] = line.split(' ');
    const cur = by.get(Number(p));
    if (cur) cur.count++;
    else by.set(Number(p), { first: o, count: 1 });
  }
  return by;
}
