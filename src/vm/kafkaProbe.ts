// A real Kafka request through an SSH tunnel (the VM's localhost:<port>): the proof that a broker set up
// or started on the VM answers, as the cluster will reach it. A throwaway client, closed after.
import { createKafkaClient } from '../kafka/client/client';
import { createSshSocketFactory } from '../kafka/ssh/socketFactory';
import type { SshTunnel } from '../kafka/ssh/sshTunnel';

/** Connects through `tunnel` to `bootstrap` (as the VM sees it) and asks DescribeCluster; throws when it cannot. */
export async function probeKafka(tunnel: SshTunnel, bootstrap: string, timeoutMs: number): Promise<{ brokers: number; clusterId: string }> {
  const kafka = createKafkaClient({ id: 'kafka-dev-vm-probe', name: 'kafka-dev-vm-probe', bootstrapServers: [bootstrap] }, {}, {
    connectionTimeoutMs: timeoutMs, clientId: 'kafka-dev-vm-probe', socketFactory: createSshSocketFactory(tunnel),
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const d = await admin.describeCluster();
    return { brokers: d.brokers.length, clusterId: d.clusterId };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Probes every second until the broker answers or `totalMs` passed; the last error when it never did. */
export async function waitForKafka(tunnel: SshTunnel, bootstrap: string, timeoutMs: number, totalMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + totalMs;
  for (;;) {
    try {
      await probeKafka(tunnel, bootstrap, timeoutMs);
      return;
    } catch (e) {
      if (Date.now() + 1000 > deadline || signal?.aborted) {
        throw new Error(`Kafka at ${bootstrap} on ${tunnel.label} did not answer within ${Math.round(totalMs / 1000)} s: ${e instanceof Error ? e.message : String(e)}`);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
