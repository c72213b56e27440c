// Copy as… for a cluster behind SSH, the course's set-up: the broker on the VM's own loopback advertising
// localhost:<port>, sshd the only door. The `ssh -N -L` command the snippet prints is run as printed
// (plus only what a test needs: its throwaway known_hosts, ExitOnForwardFailure so a taken port fails at
// once, -F /dev/null so no user config interferes), then the kafka-python and kcat snippets go through it.
//
// The printed -L binds the advertised port on this machine (the local port must equal the advertised
// one). That is 9092 in the course; on a test machine another broker may hold 127.0.0.1:9092. The test
// checks: when 9092 is free the VM's broker advertises localhost:9092 exactly as in the course; when it
// is taken, the VM's broker advertises localhost:<a free port> instead and the snippet follows (said in
// the log), so the test proves the same thing without fighting over 9092.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafkaClient } from '../../src/kafka/client/client';
import type { ClusterConfig } from '../../src/kafka/rules/clusterConfig';
import { renderSnippet } from '../../src/kafka/rules/snippets';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { createVm, namespacesPermitted, Vm } from '../harness/netns';
import { freePort, tcpConnects } from '../harness/ports';
import { GuardedProcess, spawnGuarded, waitFor } from '../harness/process';
import { uniqueTopic } from '../harness/sharedBroker';
import { runPython, runShell } from '../harness/snippetRun';
import { Sshd, startSshd } from '../harness/sshd';
import { tempDir } from './fixture';

const skip = !namespacesPermitted() && 'no network namespaces: in the loopback stand-in the broker itself holds the host port that ssh -L must bind';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

let vm: Vm | undefined;
let sshd: Sshd | undefined;
let kafka: KafkaCluster | undefined;
let port = 9092;

before(async () => {
  if (skip) return;
  if (!(await portFree(9092))) {
    port = await freePort();
    console.log(`# 127.0.0.1:9092 is taken on this machine (another broker?): the VM's broker advertises localhost:${port} instead, and the snippet's ssh -L forwards ${port}`);
  }
  vm = await createVm();
  sshd = await startSshd({ netns: vm.name, listenAddress: vm.address });
  kafka = await startKafka({ nodes: 1, wrap: vm.wrap, host: '127.0.0.1', advertisedHost: 'localhost', ports: [port] });
});
after(async () => {
  await kafka?.stop();
  await sshd?.stop();
  await vm?.destroy();
});

describe('Copy as… through the printed ssh -L', { skip }, () => {
  test('the kafka-python producer and consumer, and kcat, run through the tunnel the snippet prints', async () => {
    assert.ok(sshd && vm && kafka);
    const cluster: ClusterConfig = { id: 'vm', name: 'course-vm', bootstrapServers: [`localhost:${port}`],
      ssh: { host: sshd.host, port: sshd.port, user: sshd.user, identityFile: sshd.userKeyPath } };
    const producer = renderSnippet('kafka-python-producer', cluster, 'ignored').text;
    const printed = /^# {3}(ssh -N -L .*)$/m.exec(producer)?.[1];
    assert.equal(printed, `ssh -N -L ${port}:localhost:${port} -i ${sshd.userKeyPath} ${sshd.user}@${sshd.host} -p ${sshd.port}`);
    assert.match(producer, new RegExp(`the broker advertises localhost:${port}`));

    // Nothing on this machine reaches the broker before the tunnel is up.
    assert.equal(await tcpConnects(vm.address, port), false, 'the VM must not expose Kafka');

    const knownHosts = join(tempDir('kd-snip-kh-'), 'known_hosts');
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`);
    const extra = `-F /dev/null -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o ExitOnForwardFailure=yes -o BatchMode=yes`;
    const ssh: GuardedProcess = spawnGuarded('sh', ['-c', `exec ${printed} ${extra}`]);
    let stderr = '';
    ssh.child.stderr?.on('data', (b: Buffer) => { stderr += b.toString(); });
    try {
      const exited = ssh.exited.then((code) => { throw new Error(`the printed ssh command exited (${String(code)}) before the tunnel was up: ${stderr}`); });
      await Promise.race([exited, waitFor(`the tunnel's local port ${port} (ssh: ${printed})`, 15_000, () => tcpConnects('127.0.0.1', port))]);
      void exited.catch(() => undefined);

      const topic = uniqueTopic('snip-ssh');
      // Created through the tunnel as well, by kafkajs: the topic's broker is the VM's.
      const admin = createKafkaClient({ id: 'a', name: 'a', bootstrapServers: [`localhost:${port}`] }, {}, { connectionTimeoutMs: 10_000 }).admin();
      await admin.connect();
      try {
        const { clusterId } = await admin.describeCluster();
        assert.equal(clusterId, kafka.clusterId, 'localhost through the tunnel is the VM\'s broker');
        await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
      const p = await runPython(renderSnippet('kafka-python-producer', cluster, topic).text);
      assert.match(p.stdout, /^sent to partition 0 at offset 0$/m);
      const c = await runPython(renderSnippet('kafka-python-consumer', cluster, topic).text);
      assert.deepEqual(c.stdout.split('\n').filter((l) => l.startsWith('partition=')), ['partition=0 offset=0 key=None value={\'name\': \'Theja\'}']);
      const k = await runShell(renderSnippet('kcat', cluster, topic).text);
      assert.deepEqual(k.stdout.split('\n').filter((l) => l.startsWith('partition=')),
        ['partition=0 offset=0 key= value={"name": "Theja"}', 'partition=0 offset=1 key= value={"name": "Theja"}']);
    } finally {
      await ssh.stop();
    }
  });
});
