// Three independent readers of a whole topic, for tests that check what our producer wrote: kcat's JSON
// envelope (-J, librdkafka), kafka-python (Debian's python3-kafka, the course notebook's client; with
// python3-snappy/-lz4/-zstandard it reads every codec) and Kafka's own Java ConsoleConsumer from the harness
// jars. Each returns every record with its partition, offset, key, value and headers as bytes. Records must
// be UTF-8 text for kcat -J and the console consumer (both print text); kafka-python's are exact bytes.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureKafkaJars, kafkaVersion } from '../harness/kafka';

const run = promisify(execFile);

export interface PeerRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

const text = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'utf8'));

/** `kcat -C -J`: one JSON object per record (key and payload as strings, null when absent). */
export async function readWithKcat(bootstrap: string, topic: string): Promise<PeerRecord[]> {
  const { stdout } = await run('kcat', ['-C', '-J', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q'],
    { maxBuffer: 256 << 20, timeout: 120_000 });
  return stdout.split('\n').filter(Boolean).map((line) => {
    const j = JSON.parse(line) as { partition: number; offset: number; key: string | null; payload: string | null; headers?: Array<string | null> };
    const headers: PeerRecord['headers'] = [];
    for (let i = 0; i < (j.headers?.length ?? 0); i += 2) headers.push([j.headers![i] ?? '', text(j.headers![i + 1])]);
    return { partition: j.partition, offset: j.offset, key: text(j.key), value: text(j.payload), headers };
  });
}

/**
 * kafka-python reading every record from the beginning; with `expect` it stops after that many. Also gives,
 * for each keyed record, the partition kafka-python's own murmur2 partitioner picks (`keyPartition`).
 */
export async function readWithKafkaPython(bootstrap: string, topic: string, expect: number): Promise<Array<PeerRecord & { keyPartition: number | null }>> {
  const py = `
import json, sys
from kafka import KafkaConsumer, TopicPartition
from kafka.partitioner.default import murmur2
bootstrap, topic, expect = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = KafkaConsumer(bootstrap_servers=bootstrap.split(','), enable_auto_commit=False, consumer_timeout_ms=20000,
                  auto_offset_reset='earliest', fetch_max_bytes=8 << 20, max_partition_fetch_bytes=4 << 20)
parts = sorted(c.partitions_for_topic(topic))
c.assign([TopicPartition(topic, p) for p in parts])
c.seek_to_beginning()
out = []
h = lambda b: None if b is None else b.hex()
for m in c:
    kp = None if m.key is None else (murmur2(m.key) & 0x7fffffff) % len(parts)
    out.append({'p': m.partition, 'o': m.offset, 'k': h(m.key), 'v': h(m.value), 'h': [[k, h(v)] for k, v in m.headers], 'kp': kp})
    if len(out) >= expect:
        break
c.close()
print(json.dumps(out))
`;
  const { stdout } = await run('/usr/bin/python3', ['-c', py, bootstrap, topic, String(expect)], { maxBuffer: 256 << 20, timeout: 180_000 });
  const hex = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'hex'));
  return (JSON.parse(stdout) as Array<{ p: number; o: number; k: string | null; v: string | null; h: Array<[string, string | null]>; kp: number | null }>)
    .map((r) => ({ partition: r.p, offset: r.o, key: hex(r.k), value: hex(r.v), headers: r.h.map(([k, v]) => [k, hex(v)] as [string, Buffer | null]), keyPartition: r.kp }));
}

// Separators no test record holds, so the console consumer's text splits unambiguously.
const FIELD = '\u241e';
const HEADER = '\u241f';
const NULL = '\u2400';

/** Kafka's ConsoleConsumer (the Java client) from the beginning, `expect` records, printing partition, offset, headers, key and value. */
export async function readWithConsoleConsumer(bootstrap: string, topic: string, expect: number): Promise<PeerRecord[]> {
  const libs = await ensureKafkaJars(kafkaVersion());
  const props = ['print.partition=true', 'print.offset=true', 'print.headers=true', 'print.key=true', 'print.value=true',
    `key.separator=${FIELD}`, `headers.separator=${HEADER}`, `null.literal=${NULL}`];
  const { stdout } = await run('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-cp', join(libs, '*'), 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning', '--max-messages', String(expect), '--timeout-ms', '60000',
    ...props.flatMap((p) => ['--property', p])], { maxBuffer: 256 << 20, timeout: 180_000, encoding: 'utf8' });
  const orNull = (s: string): Buffer | null => (s === NULL ? null : Buffer.from(s, 'utf8'));
  // Kafka 4 prints a deprecation notice for --property on stdout too (3.9 has no --formatter-property): records are the lines with our separator.
  return stdout.split('\n').filter((line) => line.includes(FIELD)).map((line) => {
    const [p, o, h, k, v] = line.split(FIELD);
    if (v === undefined) throw new Error(`ConsoleConsumer printed a line of another shape: ${JSON.stringify(line.slice(0, 300))}`);
    const headers: PeerRecord['headers'] = h === 'NO_HEADERS' ? [] : h.split(HEADER).map((kv) => {
      const at = kv.indexOf(':');
      return [kv.slice(0, at), orNull(kv.slice(at + 1))];
    });
    return { partition: Number(p.replace('Partition:', '')), offset: Number(o.replace('Offset:', '')), key: orNull(k), value: orNull(v), headers };
  });
}
