// The idempotent producer's retries when the connection drops mid-produce, on a broker of its own behind a
// loopback proxy that reads Kafka's framing (test/harness/kafkaProxy.ts). During one send ×60,000 (acks=all,
// idempotent, up to 5 requests in flight) every connection is cut three times: twice right after the broker
// wrote a batch, its answer swallowed (the client must resend it and the broker must recognise it), once
// in the middle of a request. Then two independent readers: kcat reads every record (each {{seq}} exactly
// once, in order per partition) and Kafka's DumpLogSegments reads the broker's log (one producer id, and
// each partition's batch sequence numbers 0…n−1 exactly once: no gap, no batch written twice).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { ClusterProducer } from '../../src/kafka/produce/producer';
import { emptyDraft, validateDraft } from '../../src/kafka/rules/produceValidation';
import { ensureKafkaJars, KafkaCluster, startKafka } from '../harness/kafka';
import { KafkaProxy, startKafkaProxy } from '../harness/kafkaProxy';
import { countLossAndDuplicates, recordFault } from '../harness/reliability';
import { uniqueTopic } from '../harness/sharedBroker';

const run = promisify(execFile);
const N = 60_000;
const PARTITIONS = 4;

let cluster: KafkaCluster;
let proxy: KafkaProxy;
before(async () => {
  cluster = await startKafka({ nodes: 1 });
});
after(async () => {
  await proxy?.close();
  await cluster?.stop();
});

interface LogBatch { baseSequence: number; lastSequence: number; producerId: string; count: number }

/** Every batch of a partition's log as the broker's own tool reads it (Kafka 4: org.apache.kafka.tools; 3.x: kafka.tools). */
async function dumpLog(partitionDir: string): Promise<LogBatch[]> {
  const libs = await ensureKafkaJars(cluster.version);
  const files = readdirSync(partitionDir).filter((f) => f.endsWith('.log')).map((f) => join(partitionDir, f));
  let out = '';
  for (const cls of ['org.apache.kafka.tools.DumpLogSegments', 'kafka.tools.DumpLogSegments']) {
    try {
      out = (await run('java', ['-Xmx256m', '-cp', join(libs, '*'), cls, '--files', files.join(',')], { maxBuffer: 64 << 20, timeout: 120_000 })).stdout;
      break;
    } catch (e) {
      if (!/ClassNotFoundException|Could not find or load main class/.test(String((e as { stderr?: string }).stderr ?? e))) throw e;
    }
  }
  return [...out.matchAll(/count: (\d+) baseSequence: (-?\d+) lastSequence: (-?\d+) producerId: (-?\d+)/g)]
    .map((m) => ({ count: Number(m[1]), baseSequence: Number(m[2]), lastSequence: Number(m[3]), producerId: m[4] }));
}

test('connections cut mid-produce: the idempotent retries are written exactly once (kcat and DumpLogSegments)', { timeout: 300_000 }, async () => {
  const upstream = Number(cluster.bootstrap.split(':').pop());
  proxy = await startKafkaProxy(upstream, [{ kind: 'drop-answer', produce: 4 }, { kind: 'half-request', produce: 15 }, { kind: 'drop-answer', produce: 30 }]);
  const bootstrap = `127.0.0.1:${proxy.port}`;
  // Every address the client dials (the bootstrap and what the metadata advertises) goes through the proxy.
  const kafka = createKafkaClient({ id: 'cut', name: 'cut', bootstrapServers: [bootstrap] }, {}, {
    connectionTimeoutMs: 10_000,
    socketFactory: ({ onConnect }) => connect({ host: '127.0.0.1', port: proxy.port }, onConnect),
  });
  const admin = new ClusterAdmin(kafka, 10_000, bootstrap);
  const producer = new ClusterProducer(kafka, admin, 10_000, bootstrap);
  const topic = uniqueTopic('cut');
  try {
    await admin.createTopic({ name: topic, partitions: PARTITIONS });
    const v = validateDraft({ ...emptyDraft(topic), value: `{"seq":{{seq}},"pad":"${'p'.repeat(180)}"}`, valueFormat: 'json', count: String(N) });
    assert.ok(v.ok);
    const t0 = Date.now();
    const r = await producer.produce(v.spec);
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(r.sent, N);
    assert.deepEqual(proxy.stats.droppedAnswers + proxy.stats.halfRequests, 3, `every cut happened: ${JSON.stringify(proxy.stats)}`);

    // kcat straight to the broker: every {{seq}} exactly once, ascending within each partition.
    const { stdout } = await run('kcat', ['-C', '-b', cluster.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p %o %s\n'], { maxBuffer: 64 << 20, timeout: 120_000 });
    const rows = stdout.split('\n').filter(Boolean).map((l) => {
      const [p, o, ...rest] = l.split(' ');
      return { p: Number(p), o: Number(o), seq: (JSON.parse(rest.join(' ')) as { seq: number }).seq };
    });
    const counted = countLossAndDuplicates(Array.from({ length: N }, (_, i) => String(i + 1)), rows.map((x) => String(x.seq)));
    assert.deepEqual({ lost: counted.lost, duplicated: counted.duplicated }, { lost: 0, duplicated: 0 }, `${rows.length} records read`);
    for (let p = 0; p < PARTITIONS; p++) {
      const seqs = rows.filter((x) => x.p === p).sort((a, b) => a.o - b.o).map((x) => x.seq);
      assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), `partition ${p} in the order sent`);
    }

    // The broker's log: one producer id; each partition's batches carry sequences 0…n−1, each exactly once.
    const dir = cluster.nodes[0].dataDir;
    let batches = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const log = await dumpLog(join(dir, `${topic}-${p}`));
      assert.ok(log.length > 0, `partition ${p} has batches`);
      assert.equal(new Set(log.map((b) => b.producerId)).size, 1, `partition ${p}: one producer id`);
      let next = 0;
      for (const b of log) {
        assert.equal(b.baseSequence, next, `partition ${p}: batch at sequence ${b.baseSequence}, expected ${next} (a gap or a batch written twice)`);
        assert.equal(b.lastSequence - b.baseSequence + 1, b.count);
        next = b.lastSequence + 1;
      }
      assert.equal(next, rows.filter((x) => x.p === p).length, `partition ${p}: sequences cover its records`);
      batches += log.length;
    }
    recordFault({
      id: 'produce-connection-cut', produced: N, shown: rows.length, lost: counted.lost, duplicated: counted.duplicated, recoverSeconds: null,
      fault: 'Every connection cut 3 times during one idempotent send ×60,000 (acks=all, 5 requests in flight): twice right after the broker wrote a batch (its answer swallowed), once mid-request',
      happened: `The send completed in ${seconds.toFixed(1)} s with ${proxy.stats.produceRequests} Produce requests for ${batches} batches in the log: the unanswered batches were resent with their sequence numbers and written once; kcat read each record once and DumpLogSegments shows every sequence once`,
    });
  } finally {
    await producer.close();
    await admin.close();
  }
});
