// Export and import in the real extension host: Produce from File refuses a file with a bad line with a
// message naming the line (and sends nothing), sends a good one with its offsets, Export Messages writes
// the exact count, and a .jsonl file open in an editor is offered "Send to topic…" and "Send" lenses.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ImportResult } from '../../../src/kafka/browse/importFile';
import type { ExportResult } from '../../../src/kafka/browse/exportRecords';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { activate, addCluster, removeCluster } from '../extensionApi';

suite('export and import', function () {
  this.timeout(60_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-porting-'));
  const topic = `vscode-porting-${Date.now().toString(36)}`;
  let api: KafkaDevApi;
  let cluster: ClusterConfig;

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: 'porting', bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: topic, partitions: 2 });
  });

  suiteTeardown(async () => {
    const conn = await api.services.connections.get(cluster.id).catch(() => undefined);
    await conn?.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    if (cluster) await removeCluster(api, cluster.id);
  });

  test('Produce from File: a bad line is named and nothing is sent; a good file is sent with its offsets', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"key":"a","value":{"n":1}}\n{"key":"b","value":oops}\n');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.produceFromFile', { clusterId: cluster.id, topic, file: bad })), (e: unknown) => {
      assert.ok(e instanceof Error, String(e));
      assert.equal(e.message, 'bad.jsonl: 1 bad line, nothing was sent. line 2: not JSON: "{\\"key\\":\\"b\\",\\"value\\":oops}". A record is a JSON object such as {"key":"k1","value":{"id":1},"headers":[{"name":"h","value":"v"}]}; to send each line as a text value, choose "Each line is a value"');
      return true;
    });
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, '{"partition":1,"key":"a","value":{"n":1}}\n{"partition":1,"key":"b","value":"two","headers":[{"name":"h","value":"v"}]}\n');
    const r = await vscode.commands.executeCommand<ImportResult>('kafkaDev.produceFromFile', { clusterId: cluster.id, topic, file: good });
    assert.equal(r.sent, 2);
    assert.deepEqual(r.partitions, [{ partition: 1, firstOffset: '0', lastOffset: '1', count: 2 }]);
  });

  test('Export Messages writes every record, exactly counted, under the chosen name', async () => {
    const file = join(dir, 'out.jsonl');
    const r = await vscode.commands.executeCommand<ExportResult>('kafkaDev.exportMessages', { clusterId: cluster.id, topic, range: { kind: 'all' }, format: 'jsonl', file });
    assert.equal(r.complete, true);
    assert.equal(r.written, 2);
    const rows = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { value: unknown; headers: unknown });
    assert.deepEqual(rows.map((x) => x.value), [{ n: 1 }, 'two']);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('kafkaDev.exportMessages', { clusterId: cluster.id, topic, range: { kind: 'since', from: 'tomorrow' }, format: 'jsonl', file })),
      { message: `Cannot export "${topic}": "tomorrow" is not a date/time: write e.g. 2024-05-01T13:00, 2024-05-01 13:00:00Z, 1714568400000 or "15 minutes ago".` });
  });

  test('a .jsonl file in the editor is offered "Send to topic…" on its first line and "Send" on each record line', async () => {
    const file = join(dir, 'scenario.jsonl');
    writeFileSync(file, '{"key":"a","value":1}\n\n{"key":"b","value":2}\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    const ours = lenses.filter((l) => l.command?.command.startsWith('kafkaDev.'));
    assert.deepEqual(ours.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [
      [0, '$(send) Send to topic…', 'kafkaDev.sendJsonlFile'],
      [0, 'Send', 'kafkaDev.sendJsonlLine'],
      [2, 'Send', 'kafkaDev.sendJsonlLine'],
    ]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
