// Partition starvation (issue 11, defect 6): a Fetch response is capped, and Kafka fills it in the order
// the request lists the partitions. With a cap so small that one batch fills it, a fixed order shows
// nothing of partition 1 until partition 0 is read to its end; with the order turned each time,
// partition 1 comes in while partition 0 is still being read. Two things turn it today: kafkajs's
// broker.fetch shuffles the partitions of every Fetch (KIP-74), and the session rotates them before that
// (src/kafka/consume/fetchPlan.ts rotate), so fairness does not rest on a private detail of kafkajs.
// Checked: with kafkajs's shuffle taken out, this fails without the rotation (partition 1 after all 400)
// and passes with it (after 1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka } from 'kafkajs';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, collect, createTopic, kcatProduce } from './consumerHelpers';

let broker: BrokerHandle;
let kafka: Kafka;
before(async () => {
  broker = await useBroker();
  kafka = client(broker.bootstrap);
});
after(async () => { await broker.release(); });

test('a later partition progresses while an earlier one is busy', { timeout: 120_000 }, async () => {
  const topic = uniqueTopic('fairness');
  await createTopic(kafka, topic, 2);
  const busy = 400;
  // One record per batch on partition 0, so each response (capped at 1 byte: Kafka still returns the
  // first batch whole) carries one record of it; partition 1 has a few records.
  kcatProduce(broker.bootstrap, topic, Array.from({ length: busy }, (_, i) => `busy-${i}`), ['-p', '0', '-X', 'batch.num.messages=1', '-X', 'linger.ms=0']);
  kcatProduce(broker.bootstrap, topic, ['later-0', 'later-1', 'later-2'], ['-p', '1']);
  let p0WhenP1Done: number | undefined;
  let p0 = 0;
  let p1 = 0;
  const c = await collect(kafka, { topic, start: { kind: 'beginning' } }, undefined, 10_000, { maxBytes: 1, maxBytesPerPartition: 1024 * 1024 });
  const onRecords = c.records.push.bind(c.records);
  c.records.push = (...rs) => {
    for (const r of rs) {
      if (r.partition === 0) p0++;
      else if (++p1 === 3) p0WhenP1Done = p0;
    }
    return onRecords(...rs);
  };
  try {
    await c.waitForRecords(busy + 3, 60_000);
    assert.ok(p0WhenP1Done !== undefined, 'partition 1 was read');
    console.log(`# partition 1 complete after ${p0WhenP1Done} of ${busy} records of partition 0`);
    assert.ok(p0WhenP1Done < busy / 2, `partition 1 waited until ${p0WhenP1Done} of ${busy} records of partition 0 were read`);
  } finally {
    await c.session.stop();
  }
});
