// A topic scan and a search across a broker restart, on a 1-broker cluster of its own (the shared broker
// must not go down under other suites): the broker is killed mid-scan and comes back on the same ports
// and data dir; the scan resumes where it was and ends at the end offsets it saw when it started, with
// every offset exactly once, in order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka } from 'kafkajs';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { uniqueTopic } from '../harness/sharedBroker';
import { client, createTopic, kcatProduce } from '../integration/consumerHelpers';
import { scanTopic } from '../../src/kafka/browse/scan';
import { searchTopic } from '../../src/kafka/browse/search';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';

let cluster: KafkaCluster;
let kafka: Kafka;
before(async () => {
  cluster = await startKafka({ nodes: 1 });
  kafka = client(cluster.bootstrap);
});
after(async () => { await cluster?.stop(); });

// One record per batch and fetches capped at 1 byte: one record per fetch, so the scan is mid-way when the broker goes.
const ONE_PER_BATCH = ['-X', 'batch.num.messages=1', '-X', 'linger.ms=0'];
const settings = { timeoutMs: 10_000, target: 'test cluster', reconnectGiveUpMs: 120_000, maxBytesPerPartition: 1 };
const N = 400;

test('scan and search across a broker kill and restart: no gap, no duplicate, ends at the end seen at the start', { timeout: 5 * 60_000 }, async () => {
  const topic = uniqueTopic('scan-restart');
  await createTopic(kafka, topic);
  kcatProduce(cluster.bootstrap, topic, Array.from({ length: N }, (_, i) => (i % 50 === 7 ? `match ${i}` : `v${i}`)), ONE_PER_BATCH);
  for (const kind of ['scan', 'search'] as const) {
    const got: ConsumedRecord[] = [];
    let restart: Promise<void> | undefined;
    const kill = (seen: number): void => {
      if (restart || seen < 60) return;
      restart = (async () => {
        await cluster.stopBroker(1, 'SIGKILL');
        await cluster.startBroker(1);
        // Records written after the scan started are not part of it.
        kcatProduce(cluster.bootstrap, topic, ['late match'], ONE_PER_BATCH);
      })();
    };
    if (kind === 'scan') {
      const r = await scanTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'end' } }, settings, {
        onRecords: (b) => { got.push(...b); kill(got.length); },
      });
      assert.deepEqual(r, { scanned: N, complete: true, stoppedBy: 'end', reached: { 0: String(N) } });
    } else {
      let scanned = 0;
      const r = await searchTopic(kafka, { topic, from: { kind: 'beginning' }, to: { kind: 'count', records: N }, filter: { text: 'MATCH' }, maxMatches: 100 }, settings, {
        onProgress: (p) => { scanned = p.scanned; kill(scanned); },
      });
      assert.deepEqual([r.stoppedBy, r.complete, r.scanned], ['end', true, N]);
      got.push(...r.matches);
    }
    await restart;
    assert.ok(restart, `${kind}: the broker was restarted mid-way`);
    const offsets = got.map((r) => Number(r.offset));
    const want = kind === 'scan' ? Array.from({ length: N }, (_, i) => i) : Array.from({ length: N }, (_, i) => i).filter((i) => i % 50 === 7);
    assert.deepEqual(offsets, want, `${kind}: every offset once, in order`);
    assert.ok(got.every((r) => r.value?.toString() === (r.value?.toString().startsWith('match') ? `match ${r.offset}` : `v${r.offset}`)));
  }
});
