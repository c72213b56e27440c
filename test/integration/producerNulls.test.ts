// What the producer path sends when there is no key or no value, and what a person is told when the
// broker refuses a record: against a real broker, read back with kcat, and the log lines kafkajs writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka } from 'kafkajs';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { ClusterProducer, ProduceError } from '../../src/kafka/produce/producer';
import { emptyDraft, ProduceDraft, ProduceSpec, validateDraft } from '../../src/kafka/rules/produceValidation';
import { BrokerHandle, uniqueTopic } from '../harness/sharedBroker';
import { producerFixture } from './producerFixture';

const run = promisify(execFile);
const TIMEOUT = 10_000;

let broker: BrokerHandle;
let kafka: Kafka;
let admin: ClusterAdmin;
let producer: ClusterProducer;
/** Every line kafkajs logged through createKafkaClient's log option, with its level. */
const logLines: Array<{ level: string; message: string }> = [];

producerFixture('n', TIMEOUT, (f) => ({ broker, kafka, admin, producer } = f), (level, message) => { logLines.push({ level, message }); });

function spec(d: Partial<ProduceDraft> & { topic: string }): ProduceSpec {
  const r = validateDraft({ ...emptyDraft(d.topic), ...d });
  if (!r.ok) throw new Error(`unexpected validation errors: ${JSON.stringify(r.errors)}`);
  return r.spec;
}

/** kcat's view of each record: key and value sizes (-1 = null, as kcat prints an absent field) and text. */
async function kcatSizes(topic: string): Promise<Array<{ keySize: number; key: string; valueSize: number; value: string }>> {
  const { stdout } = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%K|%S|%k|%s\\n'], { timeout: 30_000 });
  return stdout.split('\n').filter((l) => l).map((l) => {
    const [k, s, key, value] = l.split('|');
    return { keySize: Number(k), key, valueSize: Number(s), value };
  });
}

test('no key, the empty key and a tombstone arrive as kcat tells them apart', async () => {
  const topic = uniqueTopic('prod-nulls');
  await admin.createTopic({ name: topic, partitions: 1 });
  await producer.produce(spec({ topic, keyFormat: 'text', key: '', value: 'no key' }));
  await producer.produce(spec({ topic, keyFormat: 'null', key: 'typed, not sent', value: 'null key' }));
  await producer.produce(spec({ topic, keyFormat: 'empty', value: 'empty key' }));
  await producer.produce(spec({ topic, key: 'k1', valueFormat: 'null', value: 'typed, not sent' }));
  await producer.produce(spec({ topic, keyFormat: 'empty', valueFormat: 'text', value: '' }));
  assert.deepEqual(await kcatSizes(topic), [
    { keySize: -1, key: '', valueSize: 6, value: 'no key' },
    { keySize: -1, key: '', valueSize: 8, value: 'null key' },
    { keySize: 0, key: '', valueSize: 9, value: 'empty key' },
    { keySize: 2, key: 'k1', valueSize: -1, value: '' },
    { keySize: 0, key: '', valueSize: 0, value: '' },
  ]);
  // kcat -Z prints NULL for the tombstone's value (it prints NULL for zero-length fields too, so the
  // sizes above are what tell null and empty apart).
  const { stdout } = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-Z', '-f', '%k=%s\\n'], { timeout: 30_000 });
  assert.equal(stdout.split('\n')[3], 'k1=NULL');
});

test('a compacted topic refuses a record without a key: the broker\'s reason in words, then "Nothing was sent."', async () => {
  const topic = uniqueTopic('prod-compact');
  await admin.createTopic({ name: topic, partitions: 1, configs: { 'cleanup.policy': 'compact' } });
  for (const keyless of [{ keyFormat: 'text', key: '' }, { keyFormat: 'null' }] as const) {
    await assert.rejects(producer.produce(spec({ topic, ...keyless, value: '{"id":1}' })), (e: unknown) => {
      assert.ok(e instanceof ProduceError, String(e));
      assert.equal(e.field, 'key');
      assert.equal(e.message, `"${topic}" is a compacted topic (cleanup.policy=compact): Kafka keeps the latest record for each key, so every record needs a key, and the broker refused this one because it has no key (INVALID_RECORD). Enter a key (a tombstone, too, names the key it deletes). Nothing was sent.`);
      return true;
    });
  }
  // With a key it goes through, and so does a tombstone for that key; the empty key is a key to Kafka.
  await producer.produce(spec({ topic, key: 'user-1', value: '{"id":1}' }));
  await producer.produce(spec({ topic, key: 'user-1', valueFormat: 'null' }));
  await producer.produce(spec({ topic, keyFormat: 'empty', value: 'e' }));
  assert.deepEqual((await kcatSizes(topic)).map((r) => [r.keySize, r.key, r.valueSize]), [[6, 'user-1', 8], [6, 'user-1', -1], [0, '', 1]]);
});

test('connecting and sending logs no warning or error', async () => {
  // A producer of its own, so that its connect happens within this test.
  const p = new ClusterProducer(kafka, admin, TIMEOUT, broker.bootstrap);
  const topic = uniqueTopic('prod-log');
  await admin.createTopic({ name: topic, partitions: 1 });
  const from = logLines.length;
  try {
    await p.produce(spec({ topic, key: 'k', value: 'v', acks: 'all' }));
    await p.produce(spec({ topic, key: 'k', value: 'v', acks: 'leader' }));
  } finally {
    await p.close();
  }
  const lines = logLines.slice(from);
  assert.deepEqual(lines.filter((l) => l.level === 'warn' || l.level === 'error'), [], 'no warnings or errors for a send that worked');
  // kafkajs's producer (whose connect logged "Limiting retries for the idempotent producer…") is not used any more.
  assert.ok(!lines.some((l) => /Limiting retries for the idempotent producer/.test(l.message)), JSON.stringify(lines));
});
