// Copy as… snippets over TLS, executed unchanged against a broker with an SSL listener (a throwaway
// keytool certificate whose PEM is the CA file the cluster names): kafka-python (ssl_cafile), kafkajs
// (ca read from the file), kcat (ssl.ca.location) and the console tools (a PEM truststore in
// client.properties) each produce {"name": "Theja"} and read it back, verifying the broker's certificate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKafkaClient } from '../../src/kafka/client/client';
import type { ClusterConfig } from '../../src/kafka/rules/clusterConfig';
import { renderSnippet, SnippetKind } from '../../src/kafka/rules/snippets';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { uniqueTopic } from '../harness/sharedBroker';
import { consoleToolsPath, runNode, runPython, runShell } from '../harness/snippetRun';

let kafka: KafkaCluster;
let cluster: ClusterConfig;

before(async () => {
  kafka = await startKafka({ nodes: 1, tls: true });
  assert.ok(kafka.tlsBootstrap && kafka.caFile);
  cluster = { id: 'tls', name: 'tls', bootstrapServers: kafka.tlsBootstrap.split(','), tls: { enabled: true, caFile: kafka.caFile } };
});
after(async () => { await kafka?.stop(); });

async function topic(prefix: string): Promise<string> {
  const t = uniqueTopic(prefix);
  const admin = createKafkaClient({ id: 'a', name: 'a', bootstrapServers: kafka.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: t, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return t;
}

const recordLines = (out: string): string[] => out.split('\n').filter((l) => l.startsWith('partition='));
const text = (kind: SnippetKind, t: string): string => renderSnippet(kind, cluster, t).text;

// Side by side: each snippet mostly waits for its consumer's 10 s without records, on its own topic.
describe('Copy as… over TLS', { concurrency: true }, () => {
  test('kafka-python over TLS: ssl_cafile verifies the broker; the consumer reads {"name": "Theja"} back', async () => {
    const t = await topic('snip-tls-py');
    assert.match(text('kafka-python-producer', t), /security_protocol="SSL",\n {4}ssl_cafile="/);
    await runPython(text('kafka-python-producer', t));
    const r = await runPython(text('kafka-python-consumer', t));
    assert.deepEqual(recordLines(r.stdout), ['partition=0 offset=0 key=None value={\'name\': \'Theja\'}']);
  });

  test('kafkajs over TLS: the CA read from the file', async () => {
    const t = await topic('snip-tls-js');
    const r = await runNode(text('kafkajs', t));
    assert.deepEqual(recordLines(r.stdout), ['partition=0 offset=0 key=undefined value={"name":"Theja"}']);
  });

  test('kcat over TLS: ssl.ca.location', async () => {
    const t = await topic('snip-tls-kcat');
    const r = await runShell(text('kcat', t));
    assert.deepEqual(recordLines(r.stdout), ['partition=0 offset=0 key= value={"name": "Theja"}']);
  });

  test('console tools over TLS: a PEM truststore in client.properties', async () => {
    const t = await topic('snip-tls-console');
    assert.match(text('console', t), /ssl\.truststore\.type=PEM\nssl\.truststore\.location=/);
    const r = await runShell(text('console', t), { PATH: await consoleToolsPath() }, 120_000);
    assert.match(r.stdout, /Partition:0\tOffset:0\tnull\t\{"name": "Theja"\}/);
  });
});
