// A 3-broker cluster inside the VM (each broker advertising localhost:<its port>, reachable only from
// inside), used through one SSH connection; then the SSH session is killed under a streaming consumer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startSshVm, SshVm } from '../harness/netns';
import { waitFor } from '../harness/process';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { uniqueTopic } from '../harness/sharedBroker';
import { kafkaThrough, tunnelTo } from './fixture';

let env: SshVm;
before(async () => {
  env = await startSshVm({ nodes: 3 });
  console.log(`# 3-broker VM (${env.vm.kind}): namespace ${env.setupMs.vm} ms, sshd ${env.setupMs.sshd} ms, Kafka ${env.setupMs.kafka} ms`);
});
after(async () => { await env?.stop(); });

/** Produces lines with kcat from inside the VM: a peer client the SSH tunnel cannot disturb. */
function kcatProducer(topic: string): { write(lines: string[]): void; close(): Promise<void> } {
  const args = ['kcat', '-P', '-b', env.kafka.bootstrapServers[0], '-t', topic, '-X', 'linger.ms=5'];
  const cmd = [...env.vm.wrap, ...args];
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    write: (lines) => { child.stdin.write(lines.map((l) => `${l}\n`).join('')); },
    close: async () => { child.stdin.end(); await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]); child.kill('SIGKILL'); },
  };
}

test('3 brokers in the VM: RF=3 topic, produce and consume through one SSH connection', async () => {
  const tunnel = tunnelTo(env.sshd);
  const kafka = kafkaThrough(tunnel, env.kafka.bootstrapServers);
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: uniqueTopic('g3') });
  const topic = uniqueTopic('rf3');
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    assert.deepEqual(cluster.brokers.map((b) => `${b.host}:${b.port}`).sort(), [...env.kafka.bootstrapServers].sort());
    await createTopicsReady(admin, [{ topic, numPartitions: 3, replicationFactor: 3 }], 30_000);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.deepEqual(md.topics[0].partitions.map((p) => p.replicas.length), [3, 3, 3]);
    assert.equal(new Set(md.topics[0].partitions.map((p) => p.leader)).size, 3, 'leaders spread over the three brokers');

    await producer.connect();
    const N = 3000;
    await producer.send({ topic, acks: -1, messages: Array.from({ length: N }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Set<string>();
    await consumer.run({ eachMessage: async ({ message }) => { seen.add(String(message.value)); } });
    await waitFor(`${N} records from 3 partitions`, 60_000, async () => seen.size >= N);
    assert.equal(seen.size, N);
    assert.equal(tunnel.status().connects, 1);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    tunnel.close();
  }
});

test('killing the SSH session under a streaming consumer: it reconnects and resumes with no gap and no duplicate', async () => {
  const tunnel = tunnelTo(env.sshd);
  const kafka = kafkaThrough(tunnel, env.kafka.bootstrapServers);
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId: uniqueTopic('gk'), maxWaitTimeInMs: 500 });
  const topic = uniqueTopic('kill');
  const delivered: string[] = [];
  const kcat = kcatProducer(topic);
  let sent = 0;
  const produce = (n: number): void => {
    kcat.write(Array.from({ length: n }, () => `r${sent++}`));
  };
  let ticker: NodeJS.Timeout | undefined;
  try {
    await admin.connect();
    await createTopicsReady(admin, [{ topic, numPartitions: 3, replicationFactor: 3 }], 30_000);
    await admin.disconnect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => { delivered.push(`${partition}:${message.offset}`); } });

    // A steady stream: 20 records every 50 ms, before, during and after the kill.
    ticker = setInterval(() => produce(20), 50);
    await waitFor('the consumer streaming', 30_000, async () => delivered.length >= 300);
    const killed = await env.sshd.killSessions();
    assert.ok(killed >= 1, 'an SSH session was there to kill');
    const atKill = delivered.length;
    await waitFor('an SSH reconnect', 30_000, async () => tunnel.status().connects >= 2);
    await waitFor('records after the reconnect', 30_000, async () => delivered.length >= atKill + 300);
    clearInterval(ticker);
    ticker = undefined;
    const total = sent;
    await kcat.close();

    // Everything produced arrives: compare with the partitions' end offsets (read through the tunnel).
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    const produced = ends.reduce((s, p) => s + Number(p.high), 0);
    assert.equal(produced, total, 'kcat wrote every record');
    await waitFor(`all ${produced} records`, 60_000, async () => delivered.length >= produced);
    const unique = new Set(delivered);
    assert.equal(unique.size, delivered.length, `no duplicate deliveries (${delivered.length - unique.size} duplicates)`);
    for (const p of ends) {
      for (let o = 0; o < Number(p.high); o++) assert.ok(unique.has(`${p.partition}:${o}`), `gap: partition ${p.partition} offset ${o} missing`);
    }
    assert.equal(delivered.length, produced);
    console.log(`# kill test: ${killed} sshd session process(es) killed after ${atKill} records; ${produced} records, ${tunnel.status().connects} SSH connects`);
  } finally {
    if (ticker) clearInterval(ticker);
    await kcat.close().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    tunnel.close();
  }
});
