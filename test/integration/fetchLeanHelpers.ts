// Shared pieces of the lean Fetch path's tests against a real broker: what our session reads (bounded to
// the end offsets) and what kcat reads (`-J`, librdkafka's read_committed default), as comparable rows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { ConsumerSession, SessionSettings } from '../../src/kafka/consume/consumerSession';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

/** One record as both readers can say it: text key and value (the tests write text), headers in order. */
export interface Row {
  partition: number;
  offset: string;
  timestamp: string;
  timestampType: string;
  key: string | null;
  value: string | null;
  headers: Array<[string, string | null]>;
}

const str = (b: Buffer | string | null | undefined): string | null => (b === null || b === undefined ? null : b.toString('utf8'));

export function ourRow(r: ConsumedRecord): Row {
  const headers: Array<[string, string | null]> = [];
  for (const [k, v] of Object.entries(r.headers)) for (const one of Array.isArray(v) ? v : [v]) headers.push([k, str(one)]);
  return {
    partition: r.partition, offset: r.offset, timestamp: r.timestamp,
    timestampType: r.timestampType === 'LogAppendTime' ? 'logappend' : 'create',
    key: str(r.key), value: str(r.value), headers,
  };
}

const order = (a: Row, b: Row): number => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1);

/** Reads `topic` from the beginning to its end offsets with our session; every record, in (partition, offset) order. */
export async function ourRows(kafka: Kafka, topic: string, settings: Partial<SessionSettings> = {}): Promise<{ rows: Row[]; records: ConsumedRecord[] }> {
  const records: ConsumedRecord[] = [];
  const s = await ConsumerSession.start(kafka, { topic, start: { kind: 'beginning' } }, { timeoutMs: 20_000, target: 'test broker', ...settings },
    { onRecords: (r) => { records.push(...r); }, onStatus: () => undefined }, { toEnd: true });
  const end = await s.ended;
  if (end.kind !== 'end') throw new Error(`our session ended with ${JSON.stringify(end)}`);
  return { rows: records.map(ourRow).sort(order), records };
}

interface KcatJson {
  partition: number; offset: number; tstype: string; ts: number;
  key: string | null; payload: string | null; headers?: Array<string | null>;
}

/** The same with kcat (-J: one JSON object per record; read_committed, librdkafka's default). */
export async function kcatRows(bootstrap: string, topic: string, extra: string[] = []): Promise<Row[]> {
  const { stdout } = await promisify(execFile)('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J', ...extra],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 512 * 1024 * 1024 });
  return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => {
    const j = JSON.parse(l) as KcatJson;
    const h = j.headers ?? [];
    const headers: Array<[string, string | null]> = [];
    for (let i = 0; i + 1 < h.length; i += 2) headers.push([h[i] ?? '', h[i + 1]]);
    return {
      partition: j.partition, offset: String(j.offset), timestamp: String(j.ts), timestampType: j.tstype,
      key: j.key, value: j.payload, headers,
    };
  }).sort(order);
}

/** Fails naming the first difference (a whole-array deepEqual of thousands of rows says nothing readable). */
export function sameRows(ours: Row[], theirs: Row[], what: string): void {
  const n = Math.max(ours.length, theirs.length);
  for (let i = 0; i < n; i++) {
    const a = JSON.stringify(ours[i]);
    const b = JSON.stringify(theirs[i]);
    if (a !== b) throw new Error(`${what}: record ${i} differs (ours ${ours.length}, kcat ${theirs.length} records)\n ours: ${a}\n kcat: ${b}`);
  }
}

/** Values that do not compress to nothing (a PRNG's hex), so that batch sizes are what the test means. */
export function noise(seed: number, bytes: number): string {
  let a = seed >>> 0;
  let s = '';
  while (s.length < bytes) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    s += ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, '0');
  }
  return s.slice(0, bytes);
}
