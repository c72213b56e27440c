// The producer path (src/kafka/produce/producer.ts) against a real broker: what it writes is read back byte
// for byte by two independent clients (kcat/librdkafka and kafka-python), with every codec.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { hasNativeZstd } from '../../src/kafka/client/codecs';
import { createKafkaClient } from '../../src/kafka/client/client';
import { ClusterProducer, PRODUCE_BATCH, ProduceError } from '../../src/kafka/produce/producer';
import { COMPRESSIONS, emptyDraft, ProduceDraft, ProduceSpec, validateDraft } from '../../src/kafka/rules/produceValidation';
import { ensureKafkaJars } from '../harness/kafka';
import { BrokerHandle, uniqueTopic } from '../harness/sharedBroker';
import { producerFixture } from './producerFixture';

const run = promisify(execFile);
const TIMEOUT = 10_000;

let broker: BrokerHandle;
let admin: ClusterAdmin;
let producer: ClusterProducer;
const codecTopics = new Map<string, string>();

producerFixture('p', TIMEOUT, (f) => ({ broker, admin, producer } = f));

async function createTopic(prefix: string, partitions = 1): Promise<string> {
  const topic = uniqueTopic(prefix);
  await admin.createTopic({ name: topic, partitions });
  return topic;
}

function spec(d: Partial<ProduceDraft> & { topic: string }, partitionCount?: number): ProduceSpec {
  const r = validateDraft({ ...emptyDraft(d.topic), ...d }, { partitionCount });
  if (!r.ok) throw new Error(`unexpected validation errors: ${JSON.stringify(r.errors)}`);
  return r.spec;
}

interface KcatRecord { partition: number; offset: number; key: Buffer | null; payload: Buffer | null; headers: string }

/**
 * Reads `expected` records with kcat in a binary-safe format: explicit byte lengths before key and
 * payload (so nothing depends on delimiters or on kcat's JSON escaping).
 */
async function kcatRead(topic: string, extra: string[] = []): Promise<KcatRecord[]> {
  const { stdout } = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q',
    '-f', '%p %o %K %S %k%s|%h\n', ...extra], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  const out: KcatRecord[] = [];
  let pos = 0;
  const word = (): string => { const sp = stdout.indexOf(0x20, pos); const w = stdout.subarray(pos, sp).toString(); pos = sp + 1; return w; };
  while (pos < stdout.length) {
    const partition = Number(word());
    const offset = Number(word());
    const klen = Number(word());
    const slen = Number(word());
    const key = klen < 0 ? null : stdout.subarray(pos, pos + klen);
    pos += Math.max(0, klen);
    // kcat prints -1 as the size of an absent (null) key or value.
    const payload = slen < 0 ? null : stdout.subarray(pos, pos + slen);
    pos += Math.max(0, slen);
    assert.equal(stdout[pos], 0x7c, 'kcat output out of sync');
    const nl = stdout.indexOf(0x0a, pos);
    out.push({ partition, offset, key, payload, headers: stdout.subarray(pos + 1, nl).toString() });
    pos = nl + 1;
  }
  return out;
}

const KEY = 'order-42 ✓ Zoë 🚀';
const VALUE = JSON.stringify({ id: 42, customer: 'Zoë Ölçer', amount: 12.5, big: 9007199254740993, tags: ['a', 'β'], nested: { ok: true, none: null } }, null, 2)
  .replace('9007199254740993', '9007199254740993'); // the digits as typed, not a rounded double
const HEADERS = [{ name: 'trace-id', value: 'abc-123' }, { name: 'content-type', value: 'application/json; charset=utf-8' }, { name: 'note', value: 'größe=½' }];

describe('producer path against a real broker', () => {
  test('key, JSON value and headers are read back byte for byte by kcat and kafka-python', async () => {
    const topic = await createTopic('prod-bytes', 3);
    const r = await producer.produce(spec({ topic, key: KEY, value: VALUE, valueFormat: 'json', headers: HEADERS }, 3));
    assert.equal(r.sent, 1);
    assert.equal(r.partitions.length, 1);
    assert.equal(r.partitions[0].firstOffset, '0');

    const recs = await kcatRead(topic);
    assert.equal(recs.length, 1);
    assert.equal(recs[0].partition, r.partitions[0].partition, 'kcat sees it in the partition we reported');
    assert.equal(recs[0].offset, 0);
    assert.deepEqual(recs[0].key, Buffer.from(KEY, 'utf8'));
    assert.deepEqual(recs[0].payload, Buffer.from(VALUE, 'utf8'));
    assert.equal(recs[0].headers, HEADERS.map((h) => `${h.name}=${h.value}`).join(','));

    // kafka-python (Debian's python3-kafka), the client the chapter's notebook uses.
    const py = `
import json, sys
from kafka import KafkaConsumer
c = KafkaConsumer(sys.argv[2], bootstrap_servers=sys.argv[1].split(','), auto_offset_reset='earliest',
                  enable_auto_commit=False, consumer_timeout_ms=15000)
out = []
for m in c:
    out.append({'p': m.partition, 'o': m.offset, 'k': m.key.hex(), 'v': m.value.hex(),
                'h': [[k, v.hex()] for k, v in m.headers]})
    break
c.close()
print(json.dumps(out))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', py, broker.bootstrap, topic], { timeout: 60_000 });
    const got = JSON.parse(stdout) as Array<{ p: number; o: number; k: string; v: string; h: Array<[string, string]> }>;
    assert.equal(got.length, 1);
    assert.equal(got[0].p, r.partitions[0].partition);
    assert.equal(got[0].k, Buffer.from(KEY).toString('hex'));
    assert.equal(got[0].v, Buffer.from(VALUE).toString('hex'));
    assert.deepEqual(got[0].h, HEADERS.map((h) => [h.name, Buffer.from(h.value).toString('hex')]));
    assert.deepEqual(JSON.parse(Buffer.from(got[0].v, 'hex').toString('utf8')), JSON.parse(VALUE));
  });

  for (const compression of COMPRESSIONS) {
    test(`compression ${compression} round-trips through kcat`, async () => {
      const topic = await createTopic(`prod-${compression}`);
      const value = '{"seq": {{seq}}, "text": "' + 'compressible '.repeat(40) + '"}';
      const r = await producer.produce(spec({ topic, key: 'k-{{seq}}', value, compression, count: '300' }));
      assert.equal(r.sent, 300);
      assert.deepEqual(r.partitions, [{ partition: 0, firstOffset: '0', lastOffset: '299', count: 300 }]);
      const recs = await kcatRead(topic);
      assert.equal(recs.length, 300);
      recs.forEach((rec, i) => {
        assert.equal(rec.key?.toString(), `k-${i + 1}`);
        assert.deepEqual(rec.payload, Buffer.from(value.replace('{{seq}}', String(i + 1))));
      });
      codecTopics.set(compression, topic);
    });
  }

  test('each codec really compresses: the broker stores far fewer bytes than for none', async () => {
    // The broker's own view (Kafka's LogDirsCommand), so a codec that silently fell back to "none"
    // would be caught even though kcat reads both the same.
    const libs = await ensureKafkaJars();
    const { stdout } = await run('java', ['-cp', `${libs}/*`, 'org.apache.kafka.tools.LogDirsCommand', '--bootstrap-server', broker.bootstrap,
      '--describe', '--topic-list', [...codecTopics.values()].join(',')], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    const json = stdout.split('\n').find((l) => l.startsWith('{')) ?? '{}';
    const parsed = JSON.parse(json) as { brokers: Array<{ logDirs: Array<{ partitions: Array<{ partition: string; size: number }> }> }> };
    const size = new Map<string, number>();
    for (const b of parsed.brokers) for (const d of b.logDirs) for (const p of d.partitions) size.set(p.partition.replace(/-\d+$/, ''), p.size);
    const none = size.get(codecTopics.get('none') ?? '') ?? 0;
    assert.ok(none > 100_000, `uncompressed size ${none}`);
    for (const c of COMPRESSIONS.filter((x) => x !== 'none')) {
      const s = size.get(codecTopics.get(c) ?? '') ?? -1;
      // zstd on a Node without a zstd encoder writes stored frames (see codecs.ts): valid, not smaller.
      const bound = c === 'zstd' && !hasNativeZstd() ? none * 1.1 : none / 3;
      assert.ok(s > 0 && s < bound, `${c}: ${s} bytes on disk vs ${none} for none`);
    }
  });

  test('send ×N with templates: summary spans partitions, offsets are contiguous, acks=leader works', async () => {
    // More than one batch (one Produce request each), so progress and batching across partitions are exercised.
    const N = PRODUCE_BATCH.messages + 4000;
    const topic = await createTopic('prod-many', 4);
    let progressCalls = 0;
    const r = await producer.produce(spec({ topic, key: 'user-{{randomInt(1,50)}}', value: '{"seq":{{seq}},"id":"{{uuid}}","ts":{{timestamp}}}', count: String(N), acks: 'leader', compression: 'lz4' }),
      { onProgress: () => { progressCalls++; } });
    assert.equal(r.sent, N);
    assert.equal(r.cancelled, false);
    assert.ok(progressCalls >= 2, `progress reported per batch (${progressCalls})`);
    assert.equal(r.partitions.reduce((n, p) => n + p.count, 0), N);
    for (const p of r.partitions) assert.equal(BigInt(p.lastOffset) - BigInt(p.firstOffset) + 1n, BigInt(p.count));
    const recs = await kcatRead(topic);
    assert.equal(recs.length, N);
    const seqs = recs.map((x) => (JSON.parse(String(x.payload)) as { seq: number }).seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => i + 1));
    const uuids = new Set(recs.map((x) => (JSON.parse(String(x.payload)) as { id: string }).id));
    assert.equal(uuids.size, N);
  });

  test('an explicit partition is honoured and reported', async () => {
    const topic = await createTopic('prod-part', 3);
    const r = await producer.produce(spec({ topic, value: 'plain text', valueFormat: 'text', partition: '2', count: '3' }, 3));
    assert.deepEqual(r.partitions, [{ partition: 2, firstOffset: '0', lastOffset: '2', count: 3 }]);
    const recs = await kcatRead(topic);
    assert.deepEqual(recs.map((x) => [x.partition, x.key, String(x.payload)]), [[2, null, 'plain text'], [2, null, 'plain text'], [2, null, 'plain text']]);
  });

  test('cancel stops between batches and reports what was sent', async () => {
    const topic = await createTopic('prod-cancel');
    const ac = new AbortController();
    const r = await producer.produce(spec({ topic, value: 'x{{seq}}', valueFormat: 'text', count: '1000000' }),
      { signal: ac.signal, onProgress: (sent) => { if (sent >= 4000) ac.abort(); } });
    assert.equal(r.cancelled, true);
    assert.ok(r.sent >= 4000 && r.sent < 1_000_000, `sent ${r.sent}`);
    const recs = await kcatRead(topic);
    assert.equal(recs.length, r.sent, 'exactly what was reported is in the topic');
  });
});

describe('bad input is refused with a specific message, and nothing is sent', () => {
  test('unknown topic: error on the topic field, no auto-creation', async () => {
    const topic = uniqueTopic('prod-missing');
    await assert.rejects(producer.produce(spec({ topic, value: '{}' })), (e: unknown) => {
      assert.ok(e instanceof ProduceError);
      assert.equal(e.field, 'topic');
      assert.match(e.message, new RegExp(`Topic "${topic}" does not exist`));
      return true;
    });
    const topics = await admin.topics();
    assert.equal(topics.some((t) => t.name === topic), false, 'the topic was not created');
  });

  test('partition out of range: error on the partition field, nothing sent', async () => {
    const topic = await createTopic('prod-range', 2);
    // The extension validates against the live partition count even if the webview did not.
    await assert.rejects(producer.produce(spec({ topic, value: '{}', partition: '5' })), (e: unknown) => {
      assert.ok(e instanceof ProduceError);
      assert.equal(e.field, 'partition');
      assert.match(e.message, /Partition 5 does not exist: ".*" has 2 partitions \(0…1\)/);
      return true;
    });
    assert.equal((await kcatRead(topic)).length, 0);
  });

  test('invalid JSON, header without name, count ≤ 0 or not a number: field errors before anything is sent', () => {
    const base: ProduceDraft = { ...emptyDraft('t'), value: '{"a": 1}', valueFormat: 'json' };
    const errs = (d: Partial<ProduceDraft>, pc?: number): Record<string, string> => {
      const r = validateDraft({ ...base, ...d }, { partitionCount: pc });
      assert.equal(r.ok, false);
      return (r as { errors: Record<string, string> }).errors;
    };
    assert.match(errs({ value: '{"a": 1,}' }).value, /^The value is not valid JSON: /);
    assert.match(errs({ headers: [{ name: '', value: 'v' }] }).headers, /^Header 1 has a value but no name\.$/);
    assert.match(errs({ count: '0' }).count, /Count must be at least 1 \(got 0\)/);
    assert.match(errs({ count: '-3' }).count, /Count must be at least 1 \(got -3\)/);
    assert.match(errs({ count: 'NaN' }).count, /"NaN" is not a number of messages/);
    assert.match(errs({ count: '' }).count, /is not a number of messages/);
    assert.match(errs({ partition: '3' }, 3).partition, /Partition 3 does not exist/);
  });

  test('broker unreachable: a bounded error that says what was tried', async () => {
    const dead = '127.0.0.1:1'; // nothing listens on port 1
    const k = createKafkaClient({ id: 'd', name: 'd', bootstrapServers: [dead] }, {}, { connectionTimeoutMs: 2_000 });
    const a = new ClusterAdmin(k, 2_000, dead);
    const p = new ClusterProducer(k, a, 2_000, dead);
    const t0 = Date.now();
    try {
      await assert.rejects(p.produce(spec({ topic: 'anything', value: '{}' })), (e: unknown) => {
        assert.ok(e instanceof ProduceError);
        assert.match(e.message, /Connection refused \(tried 127\.0\.0\.1:1\)|No answer from the cluster in time \(tried 127\.0\.0\.1:1\)/);
        return true;
      });
      assert.ok(Date.now() - t0 < 15_000, `bounded: ${Date.now() - t0} ms`);
    } finally {
      await p.close();
      await a.close();
    }
  });
});
