// Clusters, the explorer tree and the topic commands inside a real extension host (code-server): the
// commands run through vscode.commands.executeCommand with their argument form, and what a person would
// see is read back through the tree's data provider (getChildren / getTreeItem) and the opened documents.
// Also: an unreachable cluster turns into a Retry node within the bound, and a SASL password lives in
// SecretStorage only (never in settings, extension state or the log).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import type { ExplorerNode } from '../../../src/explorer/nodes';
import { freePort } from '../../harness/ports';
import { sleep } from '../../harness/process';
import { SCRAM_USER } from '../../harness/sharedBroker';
import { activate, addCluster, removeCluster, topicsInTree } from '../extensionApi';


/** Every file below `dir` (the log folders are small: a few dozen files). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    const s = statSync(p);
    return s.isDirectory() ? filesUnder(p) : s.isFile() ? [p] : [];
  });
}

suite('topics, clusters and the explorer (extension host)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const saslBootstrap = process.env.KAFKA_DEV_TEST_SASL_BOOTSTRAP ?? '';
  const topic = `ext-topics-${Date.now().toString(36)}`;
  let api: KafkaDevApi;
  let cluster: ClusterConfig;

  async function brokerTopics(clusterId: string): Promise<string[]> {
    return (await (await api.services.connections.get(clusterId)).admin.topics()).map((t) => t.name);
  }

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: `topics-suite-${process.pid}`, bootstrapServers: bootstrap.split(',') });
  });

  suiteTeardown(async () => {
    if (!cluster) return;
    try {
      // Whatever a failed test left behind; "does not exist" is the normal case.
      const left = (await brokerTopics(cluster.id)).filter((n) => n.startsWith(topic));
      if (left.length) await (await api.services.connections.get(cluster.id)).admin.run('delete leftovers', (a) => a.deleteTopics({ topics: left }));
    } finally {
      await removeCluster(api, cluster.id);
    }
  });

  test('kafkaDev.createTopic (argument form) creates the topic; the tree lists it and its partitions with leader and ISR', async () => {
    const created = await vscode.commands.executeCommand<string | undefined>('kafkaDev.createTopic', {
      clusterId: cluster.id, name: topic, partitions: 3, replicationFactor: 1, configs: 'retention.ms=3600000',
    });
    assert.equal(created, topic);

    // No explicit refresh: the command itself must have refreshed the cluster's Topics node.
    const { topics, names } = await topicsInTree(api, cluster.id);
    assert.ok(names.includes(topic), `topic ${topic} not listed; tree shows ${JSON.stringify(names)}`);
    const node = topics.find((n) => n.kind === 'topic' && n.topic.name === topic);
    assert.ok(node);
    const item = api.explorer.getTreeItem(node);
    assert.equal(item.label, topic);
    // Other features may append markers to the description (e.g. "being consumed"): check its start.
    assert.match(String(item.description), /^3 partitions\b/);
    assert.equal(item.contextValue, 'topic');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const parts = await api.explorer.getChildren(node);
    assert.deepEqual(parts.map((p) => p.kind), ['partition', 'partition', 'partition']);
    for (const [i, p] of parts.entries()) {
      const pi = api.explorer.getTreeItem(p);
      assert.equal(pi.label, `Partition ${i}`);
      // The offset range first. One broker, RF 1: the broker leads every partition and is its only replica and ISR member.
      assert.match(String(pi.description), /^0…0 · leader \d+$/, `partition ${i}: ${String(pi.description)}`);
      assert.ok(pi.tooltip instanceof vscode.MarkdownString, 'the tooltip is not Markdown');
      const tooltip = pi.tooltip.value;
      assert.match(tooltip, /^\| Leader \| (\d+) \|$/m, tooltip);
      assert.match(tooltip, /^\| In-sync replicas \(ISR\) \| \d+ \|$/m, tooltip);
      assert.equal(pi.contextValue, 'partition');
    }
  });

  test('kafkaDev.describeTopic opens a document with the partitions and the non-default retention.ms marked', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('kafkaDev.describeTopic', { clusterId: cluster.id, topic });
    assert.ok(uri instanceof vscode.Uri, 'describeTopic returned no document URI');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the description is not the active editor');
    const text = vscode.window.activeTextEditor.document.getText();
    assert.match(text, new RegExp(`^Topic ${topic} on ${cluster.name}$`, 'm'), text);
    assert.match(text, /^3 partitions, replication factor 1, ~0 messages$/m, text);
    // Partition table rows: partition, leader, replicas, isr, earliest, latest, messages, status.
    for (const i of [0, 1, 2]) assert.match(text, new RegExp(`^ {2}${i}\\s+(\\d+)\\s+\\1\\s+\\1\\s+0\\s+0\\s+0\\s+ok$`, 'm'), text);
    // Configs whose value differs from Kafka's default carry "*" and their source; Kafka's defaults do not.
    assert.match(text, /^ {2}\*\s+retention\.ms\s+3600000\s+topic$/m, text);
    assert.match(text, /^ {5}segment\.ms\s+\d+\s+default$/m, `a default config should be listed unmarked:\n${text}`);
    assert.doesNotMatch(text, /Could not describe/);
  });

  test('Describe Topic opens normal tabs: describing a second topic keeps the first one open', async () => {
    const second = `${topic}-second`;
    await (await api.services.connections.get(cluster.id)).admin.createTopic({ name: second, partitions: 1 });
    try {
      const first = await vscode.commands.executeCommand<vscode.Uri | undefined>('kafkaDev.describeTopic', { clusterId: cluster.id, topic });
      const other = await vscode.commands.executeCommand<vscode.Uri | undefined>('kafkaDev.describeTopic', { clusterId: cluster.id, topic: second });
      assert.ok(first && other);
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === first.scheme);
      const open = (u: vscode.Uri) => tabs.filter((t) => (t.input as vscode.TabInputText).uri.toString() === u.toString());
      assert.equal(open(first).length, 1, `the first description's tab is gone: ${JSON.stringify(tabs.map((t) => t.label))}`);
      assert.equal(open(other).length, 1);
      assert.ok([...open(first), ...open(other)].every((t) => !t.isPreview), 'a description opened as a preview tab');
    } finally {
      await (await api.services.connections.get(cluster.id)).admin.run('delete', (a) => a.deleteTopics({ topics: [second] }));
    }
  });

  test('kafkaDev.copyTopicDescription yields the kafka-topics.sh --describe layout', async () => {
    // No argument: it copies the description in the active editor (opened just above).
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('kafkaDev.describeTopic', { clusterId: cluster.id, topic });
    assert.ok(uri);
    const text = await vscode.commands.executeCommand<string | undefined>('kafkaDev.copyTopicDescription');
    assert.ok(text, 'nothing was copied');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 4, text);
    // kafka-topics.sh (Kafka 3+) prints a TopicId after the name; kafkajs cannot read topic ids, so the
    // extension leaves that field out. Accept both, insist on everything else.
    assert.match(lines[0], new RegExp(`^Topic: ${topic}\\t(?:TopicId: \\S+\\t)?PartitionCount: 3\\tReplicationFactor: 1\\tConfigs: (?:\\S+,)?retention\\.ms=3600000(?:,\\S+)?$`), lines[0]);
    for (const i of [0, 1, 2]) {
      assert.match(lines[i + 1], new RegExp(`^\\tTopic: ${topic}\\tPartition: ${i}\\tLeader: (\\d+)\\tReplicas: \\1\\tIsr: \\1$`), lines[i + 1]);
    }
    // Passing the URI explicitly gives the same text.
    assert.equal(await vscode.commands.executeCommand<string | undefined>('kafkaDev.copyTopicDescription', uri), text);
  });

  test('kafkaDev.createTopic refuses invalid arguments with a specific message and creates nothing', async () => {
    const base = { clusterId: cluster.id, partitions: 1, replicationFactor: 1 };
    const cases: Array<{ args: Record<string, unknown>; message: RegExp }> = [
      { args: { ...base, name: 'bad name!' }, message: /^Illegal characters space, "!": a topic name may only contain letters, digits, "\.", "_" and "-"\.$/ },
      { args: { ...base, name: `${topic}-p0`, partitions: 0 }, message: /^Partitions must be at least 1, got 0\.$/ },
      { args: { ...base, name: `${topic}-cfg`, configs: 'retension.ms=1000' }, message: /^Unknown topic config "retension\.ms": did you mean "retention\.ms"\?$/ },
      { args: { ...base, name: `${topic}-cfg2`, configs: 'no.such.key=1' }, message: /^Unknown topic config "no\.such\.key"\. Known keys include/ },
      // Checked against the live broker count (one broker here) before anything is sent.
      { args: { ...base, name: `${topic}-rf`, replicationFactor: 3 }, message: /^Replication factor 3 needs 3 brokers; this cluster has 1 broker, so the replication factor must be 1\.$/ },
    ];
    for (const c of cases) {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('kafkaDev.createTopic', c.args)),
        (e: unknown) => { assert.ok(e instanceof Error, String(e)); assert.match(e.message, c.message); return true; },
        `createTopic ${JSON.stringify(c.args)} should have been refused`,
      );
    }
    const onBroker = await brokerTopics(cluster.id);
    const wrong = onBroker.filter((n) => n === 'bad name!' || (n.startsWith(`${topic}-`)));
    assert.deepEqual(wrong, [], 'a refused topic exists on the broker');
    const { names } = await topicsInTree(api, cluster.id);
    assert.deepEqual(names.filter((n) => n.startsWith(`${topic}-`)), [], 'a refused topic is in the tree');
  });

  test('kafkaDev.deleteTopic (confirmed) deletes the topic and the tree no longer lists it', async () => {
    const deleted = await vscode.commands.executeCommand<boolean>('kafkaDev.deleteTopic', { clusterId: cluster.id, topic }, { confirmed: true });
    assert.equal(deleted, true);
    // Straight after the command: the tree is what a person looks at next, with no manual refresh.
    const { names } = await topicsInTree(api, cluster.id);
    assert.ok(!names.includes(topic), `deleted topic ${topic} still listed: ${JSON.stringify(names)}`);
    assert.ok(!(await brokerTopics(cluster.id)).includes(topic), 'the broker still lists the deleted topic');
    // Deleting it again is refused with the broker's reason, not silently accepted.
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('kafkaDev.deleteTopic', { clusterId: cluster.id, topic }, { confirmed: true })),
      /does not exist/,
    );
  });

  test('an unreachable cluster shows one error node within kafkaDev.connectionTimeoutMs, and the node offers Retry', async () => {
    const bound = 3_000;
    const config = vscode.workspace.getConfiguration('kafkaDev');
    const previous = config.inspect<number>('connectionTimeoutMs')?.globalValue;
    await config.update('connectionTimeoutMs', bound, vscode.ConfigurationTarget.Global);
    // Free a moment ago, so nothing listens on it.
    const port = await freePort();
    const dead = await addCluster(api, { name: `unreachable-${process.pid}`, bootstrapServers: [`127.0.0.1:${port}`] });
    try {
      const roots = await api.explorer.getChildren();
      const node = roots.find((n) => n.kind === 'cluster' && n.cluster.id === dead.id);
      assert.ok(node, 'the unreachable cluster is not at the root');
      const t0 = Date.now();
      const children = await api.explorer.getChildren(node);
      const took = Date.now() - t0;
      assert.ok(took < bound + 1_000, `the error took ${took} ms (bound ${bound} ms)`);
      assert.equal(children.length, 1, JSON.stringify(children.map((c) => c.kind)));
      const err = children[0];
      assert.equal(err.kind, 'error');
      const item = api.explorer.getTreeItem(err);
      assert.match(String(item.label), new RegExp(`Connection refused.*127\\.0\\.0\\.1:${port}`), String(item.label));
      assert.equal(item.contextValue, 'error', 'the error node has no context value for its Retry menu');
      assert.equal(item.command?.command, 'kafkaDev.refresh');
      assert.equal(item.command?.title, 'Retry');
      assert.match(String(item.tooltip), /retry/i);
      const retryArg = item.command?.arguments?.[0] as ExplorerNode | undefined;
      assert.equal(retryArg?.kind, 'cluster');

      // Retry runs (reconnects) and, the port still being closed, fails again within the bound.
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const t1 = Date.now();
      const again = await api.explorer.getChildren(node);
      assert.ok(Date.now() - t1 < bound + 1_000, `the retry took ${Date.now() - t1} ms`);
      assert.deepEqual(again.map((c) => c.kind), ['error']);
    } finally {
      await removeCluster(api, dead.id);
      await config.update('connectionTimeoutMs', previous, vscode.ConfigurationTarget.Global);
    }
  });

  test('a SASL/SCRAM password is kept in SecretStorage only: not in settings, extension state or the log', async function () {
    assert.ok(saslBootstrap, 'KAFKA_DEV_TEST_SASL_BOOTSTRAP is not set in the extension host');
    const password = SCRAM_USER.password;
    const ctx = api.services.context;
    const secure = await addCluster(api, 
      { name: `scram-${process.pid}`, bootstrapServers: saslBootstrap.split(','), sasl: { mechanism: 'scram-sha-256', username: SCRAM_USER.name } },
      { saslPassword: password },
    );
    const secretKey = `kafkaDev.cluster.${secure.id}.secrets`;
    try {
      // Used for real: Test Connection (which logs its result), and the tree down to the topic list.
      const r = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('kafkaDev.testConnection', { clusterId: secure.id }, { quiet: true });
      assert.ok(r?.ok, `Test Connection over SCRAM failed: ${JSON.stringify(r)}`);
      const { topics } = await topicsInTree(api, secure.id);
      assert.ok(topics.length > 0);

      assert.ok((await ctx.secrets.get(secretKey))?.includes(password), 'the password is not in SecretStorage');

      const settings = vscode.workspace.getConfiguration('kafkaDev');
      const inspected = JSON.stringify({ clusters: settings.inspect('clusters'), all: settings });
      assert.ok(inspected.includes(secure.id), 'the cluster is not in settings at all');
      assert.ok(!inspected.includes(password), 'the password is in the kafkaDev settings');

      // The settings files themselves (globalStorageUri is <user data>/User/globalStorage/<extension id>).
      // In a remote window (code-server) the machine-scoped kafkaDev.clusters goes to Machine/settings.json,
      // locally to User/settings.json: one of them must hold the cluster, neither the password.
      const userData = dirname(dirname(dirname(ctx.globalStorageUri.fsPath)));
      const settingsFiles = ['User', 'Machine'].map((d) => join(userData, d, 'settings.json')).filter((f) => existsSync(f));
      assert.ok(settingsFiles.some((f) => readFileSync(f, 'utf8').includes(secure.id)), `no settings file holds the cluster: ${JSON.stringify(settingsFiles)}`);
      for (const f of settingsFiles) assert.ok(!readFileSync(f, 'utf8').includes(password), `the password is in ${f}`);

      for (const [name, memento] of [['globalState', ctx.globalState], ['workspaceState', ctx.workspaceState]] as const) {
        for (const k of memento.keys()) {
          assert.ok(!k.includes(password) && !JSON.stringify(memento.get(k) ?? null).includes(password), `the password is in ${name} under ${k}`);
        }
      }

      // The "Kafka Dev" log channel writes to a file in the extension host's log folder (context.logUri is
      // this extension's folder inside it). A marker written last shows which file it is and that
      // everything logged before it has reached the disk.
      const marker = `secrets-check-${Date.now().toString(36)}`;
      api.services.log.info(marker);
      const logRoot = dirname(ctx.logUri.fsPath);
      let files: string[] = [];
      let channelFile: string | undefined;
      for (const deadline = Date.now() + 15_000; !channelFile && Date.now() < deadline; await sleep(250)) {
        files = filesUnder(logRoot);
        channelFile = files.find((f) => readFileSync(f, 'utf8').includes(marker));
      }
      assert.ok(channelFile, `no log file under ${logRoot} holds the marker; files: ${JSON.stringify(files)}`);
      console.log(`kafka-dev log channel file: ${channelFile} (${files.length} log files checked)`);
      const channel = readFileSync(channelFile, 'utf8');
      assert.match(channel, new RegExp(`\\[${secure.name}\\] test connection: `), `the log lacks the Test Connection line:\n${channel}`);
      for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(password), `the password is in the log file ${f}`);
    } finally {
      await removeCluster(api, secure.id);
    }
    // Removing the cluster takes its secrets with it.
    assert.equal(await ctx.secrets.get(secretKey), undefined, 'the secrets outlived their cluster');
  });
});
