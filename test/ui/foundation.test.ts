// UI end to end in a real VS Code (code-server + Chromium): the Kafka view shows the configured cluster
// and, expanded, the topics of the real broker; with no cluster, the welcome view offers "Add a cluster".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerHandle, useBroker } from '../harness/sharedBroker';
import { startVsCode } from '../harness/vscode';
import { expandRow, revealRow, treeRow } from '../harness/vscode/tree';
import { uiAdmin } from './uiTopic';

const TOPIC = 'quickstart-events';
let broker: BrokerHandle;

before(async () => {
  broker = await useBroker();
  const admin = uiAdmin(broker);
  try {
    const existing = await admin.topics();
    if (!existing.some((t) => t.name === TOPIC)) {
      // Another suite may create it at the same moment; "already exists" is fine.
      await admin.createTopic({ name: TOPIC, partitions: 1 })
        .catch((e: unknown) => { if (!/already exists/i.test(String(e))) throw e; });
    }
  } finally {
    await admin.close();
  }
});
after(async () => { await broker.release(); });

test('the Kafka view lists quickstart-events from the real broker', { timeout: 4 * 60_000 }, async (t) => {
  const vs = await startVsCode({ settings: { 'kafkaDev.clusters': [{ id: 'local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] } });
  try {
    t.diagnostic(`code-server up in ${vs.timings.serverMs} ms, workbench ready in ${vs.timings.workbenchMs} ms`);
    await vs.openKafkaView();
    await expandRow(treeRow(vs.page, 'local'));
    await expandRow(treeRow(vs.page, 'Topics'));
    await revealRow(vs.page, treeRow(vs.page, TOPIC), 30_000);
    // A configured cluster turns the welcome view off (kafkaDev.clusterCount > 0).
    assert.equal(await vs.page.locator('.part.sidebar .welcome-view-content').isVisible(), false);
    const shot = await vs.screenshot('foundation-kafka-view');
    t.diagnostic(`screenshot ${shot}`);

    // The command palette path other UI tests use: the exact command runs and the palette closes.
    await vs.runCommand('Kafka: Refresh');
    await vs.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    await revealRow(vs.page, treeRow(vs.page, TOPIC), 30_000);
  } catch (e) {
    await vs.screenshot('foundation-kafka-view-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});

test('with no cluster the welcome view offers "Add a cluster", and goes once one is configured', { timeout: 4 * 60_000 }, async (t) => {
  const vs = await startVsCode({ theme: 'light' });
  try {
    await vs.openKafkaView();
    const button = vs.page.locator('.part.sidebar .welcome-view-content').getByRole('button', { name: 'Add a cluster' });
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await vs.page.locator('.part.sidebar .welcome-view-content', { hasText: 'No Kafka cluster is configured yet.' }).waitFor({ state: 'visible', timeout: 5_000 });
    const shot = await vs.screenshot('foundation-welcome-view');
    t.diagnostic(`screenshot ${shot}`);

    // Adding a cluster (here by editing settings, as a person could) flips kafkaDev.clusterCount: the
    // welcome view goes and the cluster's row shows, without a reload.
    vs.updateSettings({ 'kafkaDev.clusters': [{ id: 'local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] });
    await treeRow(vs.page, 'local').waitFor({ state: 'visible', timeout: 30_000 });
    await button.waitFor({ state: 'hidden', timeout: 15_000 });
  } catch (e) {
    await vs.screenshot('foundation-welcome-view-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
