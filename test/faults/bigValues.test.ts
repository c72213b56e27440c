// Fault case (7): 20,000 records of 16 KiB binary values (about 320 MB, shown as hex, 32 KiB of text
// each) through the extension's consumer path with its default throttle into the Output mirror
// (src/consumer/textMirror.ts, what the extension keeps of each channel). Heap, buffers and the mirror
// must stay bounded whatever the volume; every record is either shown or counted in a summary line,
// and none is delivered twice or skipped. Bounds are on memory, never on time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { startConsumerPipeline } from '../../src/kafka/consume/consumerPipeline';
import { DEFAULT_THROTTLE } from '../../src/kafka/consume/outputThrottle';
import { TextMirror } from '../../src/consumer/textMirror';
import { kcatProduce } from '../harness/kcat';
import { waitFor } from '../harness/process';
import { countLossAndDuplicates, recordFault } from '../harness/reliability';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { client, createTopic, noTimestamp } from '../integration/consumerHelpers';

let broker: BrokerHandle;
let kafka: Kafka;
before(async () => {
  broker = await useBroker();
  kafka = client(broker.bootstrap);
});
const made: string[] = [];
after(async () => {
  // 320 MB on the shared broker: gone before the later groups (and their tree of topics) start.
  const admin = kafka.admin();
  await admin.connect().then(() => admin.deleteTopics({ topics: made, timeout: 30_000 })).catch(() => undefined);
  await admin.disconnect();
  await broker.release();
});

const N = 20_000;
const SIZE = 16 * 1024;
const MB = 1024 * 1024;

/** Random bytes that are not UTF-8 text (so they are shown as hex) and hold no 0x1e (kcatProduce's delimiter). */
function binaryValue(): Buffer {
  const b = randomBytes(SIZE);
  for (let i = 0; i < b.length; i++) if (b[i] === 0x1e) b[i] = 0x1f;
  b[0] = 0xff; // never valid UTF-8
  return b;
}

test('(7) 20,000 records of 16 KiB binary values: heap, buffers and the Output mirror stay bounded', { timeout: 300_000 }, async () => {
  const topic = uniqueTopic('fault-big');
  made.push(topic);
  await createTopic(kafka, topic, 2);
  // In chunks of 1,000 (16 MB each): the test itself must not hold 320 MB either.
  for (let i = 0; i < N / 1000; i++) {
    kcatProduce(broker.bootstrap, topic, Array.from({ length: 1000 }, binaryValue), ['-X', 'message.max.bytes=2000000']);
  }
  const ends = execFileSync('kcat', ['-b', broker.bootstrap, '-Q', '-t', `${topic}:0:-1`, '-t', `${topic}:1:-1`], { encoding: 'utf8', timeout: 30_000 });
  const produced = [...ends.matchAll(/\[(\d+)\] offset (\d+)/g)].flatMap(([, p, end]) => Array.from({ length: Number(end) }, (_, o) => `${p}:${o}`));
  assert.equal(produced.length, N, `kcat says the topic holds ${produced.length} records: ${ends}`);

  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = 0;
  let peakBuffers = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
  }, 20);
  const mirror = new TextMirror();
  let peakMirror = 0;
  const delivered: string[] = [];
  let hexLines = 0;
  const { session, throttle } = await startConsumerPipeline({
    kafka,
    options: { topic, start: { kind: 'beginning' }, maxRecords: N },
    settings: { timeoutMs: 10_000, target: 'faults' },
    sink: (t) => {
      hexLines += t.match(/«hex:/g)?.length ?? 0;
      mirror.append(t);
      peakMirror = Math.max(peakMirror, mirror.heldChars);
    },
    throttle: { ...DEFAULT_THROTTLE, format: noTimestamp },
    onRecords: (rs) => { for (const r of rs) delivered.push(`${r.partition}:${r.offset}`); },
  });
  const t0 = Date.now();
  try {
    await waitFor(`${N} records`, 240_000, async () => delivered.length >= N);
    const end = await session.ended;
    assert.equal(end.kind, 'limit');
  } finally {
    clearInterval(sample);
    await session.stop();
    throttle.close();
  }
  const secs = (Date.now() - t0) / 1000;
  const st = throttle.stats;
  console.log(`# ${N} records in ${secs.toFixed(1)} s; shown ${st.shown}, summarised ${st.skipped}; ` +
    `peak growth: heap ${(peakHeap / MB).toFixed(1)} MB, buffers ${(peakBuffers / MB).toFixed(1)} MB; mirror at most ${(peakMirror / MB).toFixed(2)} M characters`);
  assert.equal(st.received, N);
  assert.equal(st.shown + st.skipped, N, 'every record is shown or counted');
  assert.ok(hexLines > 0 && hexLines <= st.shown, `${hexLines} hex values written`);
  // About 640 MB of hex went through: bounded means a small fraction of it, whatever the machine's speed.
  assert.ok(peakHeap < 160 * MB, `heap grew by ${(peakHeap / MB).toFixed(0)} MB`);
  assert.ok(peakBuffers < 160 * MB, `buffers grew by ${(peakBuffers / MB).toFixed(0)} MB`);
  assert.ok(peakMirror <= 1.25 * MB + 64 * 1024, `the mirror held ${peakMirror} characters`);
  assert.ok(mirror.text().length <= MB);
  const r = countLossAndDuplicates(produced, delivered);
  recordFault({
    id: 'big-binary-values', fault: '20,000 records of 16 KiB binary values (~320 MB, shown as hex) through the throttled Output path',
    happened: `${st.shown} shown as hex, ${st.skipped} counted in "not shown" summary lines with the offsets to start again from; ` +
      `heap grew at most ${(peakHeap / MB).toFixed(0)} MB, buffers ${(peakBuffers / MB).toFixed(0)} MB, the Output mirror held at most ${(peakMirror / MB).toFixed(2)} M characters`,
    ...r, recoverSeconds: null,
  });
  assert.equal(r.lost, 0);
  assert.equal(r.duplicated, 0);
});
