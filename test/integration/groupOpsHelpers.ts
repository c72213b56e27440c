// Shared pieces of the consumer-group operation suites: records with known timestamps, a kcat group
// member whose output says which offsets it reads, and a kafka-python member.
import { spawn, ChildProcess, execFile } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { waitFor } from '../harness/process';

/** `perPartition` records on each of `partitions`, record i stamped base + i·1000 ms (value "p<p>-<i>"). */
export async function produceStamped(kafka: Kafka, topic: string, partitions: number, perPartition: number, base: number): Promise<void> {
  const p = kafka.producer();
  await p.connect();
  try {
    for (let part = 0; part < partitions; part++) {
      await p.send({ topic, acks: -1, messages: Array.from({ length: perPartition }, (_, i) => ({ partition: part, value: `p${part}-${i}`, timestamp: String(base + i * 1000) })) });
    }
  } finally {
    await p.disconnect();
  }
}

export interface KcatMember {
  child: ChildProcess;
  /** "partition offset" lines read so far. */
  lines: string[];
  stop(): Promise<void>;
}

/** A kcat (librdkafka) group member printing "<partition> <offset>" for each record it reads. */
export function kcatMember(bootstrap: string, group: string, topic: string, clientId = 'kcat-member'): KcatMember {
  const child = spawn('kcat', ['-b', bootstrap, '-G', group, '-q', '-u', '-f', '%p %o\\n', '-X', 'auto.offset.reset=earliest',
    '-X', `client.id=${clientId}`, '-X', 'auto.commit.interval.ms=100', topic], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, lines, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

/** The first offset the member read on each partition. */
export function firstOffsets(lines: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of lines) {
    const [p, o] = l.split(' ');
    if (!out.has(Number(p))) out.set(Number(p), o);
  }
  return out;
}

/** kafka-python (python3-kafka) consumes `count` records in `group`, commits and leaves. */
export function kafkaPythonConsume(bootstrap: string, group: string, topic: string, count: number): Promise<string> {
  const script = [
    'import sys',
    'from kafka import KafkaConsumer',
    `c = KafkaConsumer(${JSON.stringify(topic)}, bootstrap_servers=${JSON.stringify(bootstrap)}, group_id=${JSON.stringify(group)}, client_id="kafka-python-member", auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=20000)`,
    'n = 0',
    'for m in c:',
    '    n += 1',
    `    if n >= ${count}: break`,
    'c.commit()',
    'c.close()',
    'print(n)',
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', script], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`kafka-python: ${stderr || err.message}`)) : resolve(stdout.trim())));
  });
}

export async function waitForMember(lines: readonly string[], partitions: number[], what: string): Promise<Map<number, string>> {
  return waitFor(what, 60_000, async () => {
    const f = firstOffsets(lines);
    return partitions.every((p) => f.has(p)) ? f : undefined;
  });
}
