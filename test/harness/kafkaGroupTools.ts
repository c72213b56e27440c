// Kafka's consumer-group tool (kafka-consumer-groups.sh = org.apache.kafka.tools.consumer.group.ConsumerGroupCommand,
// the same class in 3.9 and 4.x) and console consumer, run from the harness's jars: the oracle for what
// the extension computes about groups (describe, lag, --reset-offsets --dry-run).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ensureKafkaJars, kafkaVersion } from './kafka';
import { GuardedProcess, spawnGuarded } from './process';

export interface ToolRun { code: number; stdout: string; stderr: string }

const JAVA_OPTS = ['-Xmx128m', '-XX:TieredStopAtLevel=1', '-Xshare:auto'];

function java(cls: string, args: string[], timeoutMs = 90_000): Promise<ToolRun> {
  return ensureKafkaJars(kafkaVersion()).then((libs) => new Promise<ToolRun>((resolve, reject) => {
    execFile('java', [...JAVA_OPTS, '-cp', join(libs, '*'), cls, ...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') { reject(err); return; }
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
  }));
}

/** `kafka-consumer-groups.sh --bootstrap-server B …args`. */
export function consumerGroups(bootstrap: string, args: string[]): Promise<ToolRun> {
  return java('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', bootstrap, ...args]);
}

/** Data rows of a table Kafka printed (the lines after the header starting with `header`), split on blanks. */
export function tableRows(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const out: string[][] = [];
  let inTable = false;
  for (const l of lines) {
    if (l.startsWith(header)) { inTable = true; continue; }
    if (!inTable) continue;
    if (!l.trim()) continue;
    out.push(l.trim().split(/\s+/));
  }
  return out;
}

/** Sorted "topic partition offset" rows of `--reset-offsets … --dry-run`. */
export async function resetDryRun(bootstrap: string, group: string, scope: string[], kind: string[]): Promise<{ rows: string[]; run: ToolRun }> {
  const run = await consumerGroups(bootstrap, ['--group', group, '--reset-offsets', ...scope, ...kind, '--dry-run']);
  // Kafka 3.9 prints the rows without line breaks between them: read "group topic partition offset" runs.
  const esc = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rows = [...run.stdout.matchAll(new RegExp(`(?:^|\\s)${esc}\\s+(\\S+)\\s+(\\d+)\\s+(-?\\d+)`, 'g'))].map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
  return { rows, run };
}

/** `--describe` rows keyed "topic partition" → { current, end, lag, consumerId, host, clientId }. */
export async function describeOffsets(bootstrap: string, group: string): Promise<{ rows: Map<string, { current: string; end: string; lag: string; consumerId: string; host: string; clientId: string }>; run: ToolRun }> {
  const run = await consumerGroups(bootstrap, ['--group', group, '--describe']);
  const rows = new Map<string, { current: string; end: string; lag: string; consumerId: string; host: string; clientId: string }>();
  for (const r of tableRows(run.stdout, 'GROUP ')) {
    rows.set(`${r[1]} ${r[2]}`, { current: r[3], end: r[4], lag: r[5], consumerId: r[6], host: r[7], clientId: r.slice(8).join(' ') });
  }
  return { rows, run };
}

/** Rows of a table whose header names columns (one word each), cut at the header's column starts. */
export function columns(text: string, firstColumn: string): Array<Record<string, string>> {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(firstColumn));
  if (at < 0) return [];
  const header = lines[at];
  const cols = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index ?? 0 }));
  return lines.slice(at + 1).filter((l) => l.trim())
    .map((l) => ({ ...Object.fromEntries(cols.map((c, i) => [c.name, l.slice(c.start, cols[i + 1]?.start).trim()])), LINE: l }));
}

export interface KafkaMember { consumerId: string; host: string; clientId: string; partitions: string; assignment: string }

/** `--describe --members --verbose`: one row per member (assignment as Kafka 4 prints it, e.g. "t:0,1"). */
export async function describeMembers(bootstrap: string, group: string): Promise<{ members: KafkaMember[]; run: ToolRun }> {
  const run = await consumerGroups(bootstrap, ['--group', group, '--describe', '--members', '--verbose']);
  const members = columns(run.stdout, 'GROUP ').map((r) => ({
    consumerId: r['CONSUMER-ID'], host: r.HOST, clientId: r['CLIENT-ID'], partitions: r['#PARTITIONS'],
    // The first "topic:0,1" in the row (Kafka 4.x prints current, then target assignment). Kafka 3.9.1 prints
    // "(0,1)", without the topic, in a column that does not line up with its header: read as ":0,1".
    assignment: (/\S*(?::[\d,]+|\([\d,]*\))/.exec(r.LINE)?.[0] ?? '').replace(/\(([^)]*)\)/g, ':$1'),
  }));
  return { members, run };
}

/** Kafka's Java console consumer in a group; `protocol` 'consumer' is KIP-848's (Kafka 4). */
export async function startConsoleConsumer(bootstrap: string, topic: string, group: string, protocol: 'classic' | 'consumer', clientId: string): Promise<GuardedProcess> {
  const libs = await ensureKafkaJars(kafkaVersion());
  return spawnGuarded('java', [...JAVA_OPTS, '-cp', join(libs, '*'), 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server', bootstrap, '--topic', topic, '--group', group, '--from-beginning',
    '--consumer-property', `group.protocol=${protocol}`, '--consumer-property', `client.id=${clientId}`,
    '--consumer-property', 'auto.commit.interval.ms=200'], { stdio: ['ignore', 'pipe', 'pipe'] });
}
