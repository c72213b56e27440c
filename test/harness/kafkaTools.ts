// Kafka's own command-line tools (org.apache.kafka.tools.*) from the jars the harness already resolved,
// as independent peers: what the extension shows is checked against what Kafka itself prints.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureKafkaJars } from './kafka';

const run = promisify(execFile);

/** `kafka-topics.sh --bootstrap-server B --describe --topic T`, run from the harness's jars. */
export async function kafkaTopicsDescribe(cluster: { version: string; bootstrap: string }, topic: string): Promise<string> {
  const libs = await ensureKafkaJars(cluster.version);
  const { stdout } = await run('java', ['-Xmx128m', '-cp', join(libs, '*'), 'org.apache.kafka.tools.TopicCommand',
    '--bootstrap-server', cluster.bootstrap, '--describe', '--topic', topic], { timeout: 60_000 });
  return stdout;
}

/**
 * The describe text with what kafkajs cannot know left out (TopicId, Elr, LastKnownElr), and the
 * Configs list sorted, so our rendering and Kafka's compare line for line.
 */
export function comparableDescribe(text: string): string {
  return text
    .replace(/\tTopicId: [^\t\n]*/g, '')
    .replace(/\t(?:Elr|LastKnownElr): [^\t\n]*/g, '')
    .replace(/\tConfigs: ([^\n]*)/g, (_, list: string) => `\tConfigs: ${list.split(',').filter(Boolean).sort().join(',')}`);
}
