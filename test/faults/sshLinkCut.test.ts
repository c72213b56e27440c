// Fault 3a: the SSH link to the broker's VM is cut for 10 s in the middle of a consume. The tunnel's
// keepalive notices, the SSH connection is dropped, the consumer says it is reconnecting, the tunnel
// dials a new SSH connection by itself on the next channel request once the link is back, and the
// consumer resumes where it was: every record produced is shown once (counted by partition:offset).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Kafka } from 'kafkajs';
import { createTopicsReady } from '../../src/kafka/admin/topicCreation';
import { SshTunnel } from '../../src/kafka/ssh/sshTunnel';
import { namespacesPermitted, startSshVm, SshVm } from '../harness/netns';
import { waitFor } from '../harness/process';
import { countLossAndDuplicates, recordFault } from '../harness/reliability';
import { uniqueTopic } from '../harness/sharedBroker';
import { collect, noTimestamp } from '../integration/consumerHelpers';
import { kafkaThrough, tunnelTo } from '../tunnel/fixture';

const PARTITIONS = 3;
const PER_BATCH = 400; // per partition, three batches: before, during and after the cut
const CUT_MS = 10_000;
const skip = !namespacesPermitted() && 'needs network namespaces (root): the link to cut is the VM\'s veth';

let env: SshVm;
before(async () => { if (!skip) env = await startSshVm({ nodes: 1 }); });
after(async () => { await env?.stop(); });

/** Produces inside the VM with kcat (its own loopback: the cut does not touch it), `n` records per partition. */
function produceInVm(topic: string, batch: number, n: number): void {
  for (let p = 0; p < PARTITIONS; p++) {
    const input = Array.from({ length: n }, (_, i) => `b${batch}-p${p}-${i}`).join('\n') + '\n';
    execFileSync(env.vm.wrap[0], [...env.vm.wrap.slice(1), 'kcat', '-b', env.kafka.bootstrapServers[0], '-P', '-t', topic, '-p', String(p)],
      { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
  }
}

const OUTAGE_LINE = /reconnecting|no answer from/i;

test('SSH link cut for 10 s mid-consume: "reconnecting" (or "no answer"), a new SSH connection, 0 lost, 0 duplicated', { skip, timeout: 150_000 }, async () => {
  const topic = uniqueTopic('ssh-cut');
  const logs: string[] = [];
  // Keepalive as in the extension would take 15-20 s to notice; tighter here so the cut is noticed within it.
  const tunnel: SshTunnel = tunnelTo(env.sshd, { timeoutMs: 4_000, keepaliveIntervalMs: 2_000, keepaliveCountMax: 2, log: (m) => logs.push(m) });
  const states: string[] = [];
  tunnel.onStatus((s) => { if (states[states.length - 1] !== s.state) states.push(s.state); });
  const kafka: Kafka = kafkaThrough(tunnel, env.kafka.bootstrapServers, 'ssh-cut');
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsReady(admin, [{ topic, numPartitions: PARTITIONS }], 30_000);
  await admin.disconnect();

  produceInVm(topic, 0, PER_BATCH);
  const c = await collect(kafka, { topic, start: { kind: 'beginning' } }, noTimestamp, 10_000);
  try {
    await c.waitForRecords(PARTITIONS * PER_BATCH, 30_000);
    assert.equal(tunnel.status().connects, 1);

    // The cut: the VM's end of the veth goes down; records keep arriving inside the VM meanwhile.
    await env.vm.setLink(false);
    const cutAt = Date.now();
    let cutEnded = 0;
    try {
      produceInVm(topic, 1, PER_BATCH);
      // Which line comes first is a race between two true statements: the tunnel's keepalive drops the dead
      // SSH connection (the fetch fails: "lost; reconnecting") or the fetch in flight passes the silent-leader
      // bound first ("No answer from …; waiting").
      await c.waitForStatus(OUTAGE_LINE, CUT_MS);
      const remaining = CUT_MS - (Date.now() - cutAt);
      if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
    } finally {
      await env.vm.setLink(true);
      cutEnded = Date.now();
    }
    // Batch 1, produced during the cut, is the first thing shown once the consumer is back.
    await c.waitForRecords(PARTITIONS * PER_BATCH + 1, 60_000);
    const firstAfter = Date.now();
    produceInVm(topic, 2, PER_BATCH);
    await c.waitForRecords(3 * PARTITIONS * PER_BATCH, 60_000);
    // A moment for anything extra (a duplicate) to show up before counting.
    await waitFor('the consumer to be idle at the end offsets', 10_000, async () =>
      Object.values(c.session.positions()).every((o) => o === String(3 * PER_BATCH)));

    const produced: string[] = [];
    for (let p = 0; p < PARTITIONS; p++) for (let o = 0; o < 3 * PER_BATCH; o++) produced.push(`${p}:${o}`);
    const counts = countLossAndDuplicates(produced, c.records.map((r) => `${r.partition}:${r.offset}`));
    const status = c.status.join('\n');
    const reconnected = /Reconnected after ([\d.]+) s/.exec(status);
    recordFault({
      id: 'ssh-link-cut',
      fault: 'SSH: the link to the broker\'s VM is cut for 10 s mid-consume (veth down), records produced in the VM during the cut',
      happened: `The tunnel's keepalive dropped the dead SSH connection; the consumer said "${c.status.find((s) => OUTAGE_LINE.test(s)) ?? ''}"; ` +
        `the tunnel dialled a new SSH connection on the next channel request (${tunnel.status().connects} logins in all) and the consumer said "${reconnected?.[0] ?? '?'}" and resumed at the next offsets.`,
      ...counts,
      recoverSeconds: (firstAfter - cutEnded) / 1000,
    });
    assert.equal(counts.lost, 0, `lost ${counts.lost}\n${status}`);
    assert.equal(counts.duplicated, 0, `duplicated ${counts.duplicated}\n${status}`);
    assert.ok(reconnected, `the consumer says it reconnected:\n${status}`);
    assert.ok(tunnel.status().connects >= 2, `a new SSH connection was dialled (connects ${tunnel.status().connects}); log:\n${logs.join('\n')}`);
    assert.ok(states.includes('idle') || states.includes('failed'), `the dead connection was dropped: ${states.join(' → ')}`);
    assert.equal(tunnel.status().state, 'connected');
  } finally {
    await c.session.stop();
    tunnel.close();
  }
});
