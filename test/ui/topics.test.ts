// Create Topic from the command palette in a real VS Code (code-server + Chromium) against the real
// broker: the four input steps, an illegal name refused inside the input box before it is corrected,
// and the new topic's row in the Kafka view (already expanded, so the command's own refresh shows it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterAdmin } from '../../src/kafka/admin/admin';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { startVsCode } from '../harness/vscode';
import { expandRow, revealRow, treeRow } from '../harness/vscode/tree';
import { answerStep, describeFromPalette, quickInput, fillIn } from '../harness/vscode/workbench';
import { closeUiTopic, uiAdmin } from './uiTopic';

let broker: BrokerHandle;
let admin: ClusterAdmin;
const topic = uniqueTopic('ui-created');

before(async () => {
  broker = await useBroker();
  admin = uiAdmin(broker);
});
after(async () => { await closeUiTopic({ broker, admin, topic }); });

test('Create Topic from the palette: an illegal name is refused in the input box, the created topic shows in the tree; Describe Topic from the palette', { timeout: 4 * 60_000 }, async (t) => {
  const vs = await startVsCode({ settings: { 'kafkaDev.clusters': [{ id: 'ui-topics', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] } });
  const { page } = vs;
  try {
    t.diagnostic(`code-server up in ${vs.timings.serverMs} ms, workbench ready in ${vs.timings.workbenchMs} ms`);
    await vs.openKafkaView();
    await expandRow(treeRow(page, 'local'));
    await expandRow(treeRow(page, 'Topics'));
    // Once Topics' children are drawn (the other suites' topics are there), ours is not among them yet.
    await page.locator('.part.sidebar .monaco-list-row[aria-level="3"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await treeRow(page, topic).count(), 0, 'the topic exists before it was created');

    // One cluster configured: no cluster question, straight to step 1 (the name).
    await vs.runCommand('Kafka: Create Topic');
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: '(1/4 name)' });
    await title.waitFor({ state: 'visible', timeout: 30_000 });
    await fillIn(quickInput(page), 'bad name!');
    // validateInput's error shows under the box, and Enter does not get past it.
    const message = page.locator('.quick-input-widget .quick-input-message');
    const expected = 'Illegal characters space, "!": a topic name may only contain letters, digits, ".", "_" and "-".';
    await message.filter({ hasText: expected }).waitFor({ state: 'visible', timeout: 15_000 });
    const shot1 = await vs.screenshot('topics-invalid-name');
    t.diagnostic(`screenshot ${shot1}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    assert.equal(await title.isVisible(), true, 'Enter moved past an illegal name');
    assert.equal(await quickInput(page).inputValue(), 'bad name!');

    // Corrected, the error goes and the remaining steps follow.
    await fillIn(quickInput(page), topic);
    await message.filter({ hasText: expected }).waitFor({ state: 'hidden', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await answerStep(page, '(2/4 partitions)', '2');
    await answerStep(page, '(3/4 replication factor)', '1');
    await answerStep(page, '(4/4 configs, optional)', 'retention.ms=3600000');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });

    // The Topics node was expanded before: the command's refresh alone brings the new row.
    const row = treeRow(page, topic);
    await revealRow(page, row, 30_000);
    assert.match(await row.locator('.label-description').textContent() ?? '', /^2 partitions/);
    // The Topics row's count follows a moment later (the tree redraws once more after the reload): wait
    // for it so the screenshot does not show a stale count next to the new row.
    const topicCount = String((await admin.topics()).filter((x) => !x.internal).length);
    const count = treeRow(page, 'Topics').locator('.label-description');
    for (const deadline = Date.now() + 15_000; (await count.textContent())?.trim() !== topicCount;) {
      if (Date.now() > deadline) throw new Error(`the Topics row shows "${await count.textContent()}", not ${topicCount}`);
      await page.waitForTimeout(100);
    }
    // The confirmation (with its Describe button). This workbench keeps new notifications out of the
    // toasts (the status-bar bell only gets its dot), so read it in the notification center.
    await page.locator('.part.statusbar [id="status.notifications"]').click();
    await page.locator('.notifications-center .notification-list-item', { hasText: `Created topic ${topic} on local.` })
      .filter({ has: page.getByRole('button', { name: 'Describe' }) })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const shot = await vs.screenshot('topics-created');
    t.diagnostic(`screenshot ${shot}`);

    // And on the broker, with what was typed.
    const d = await admin.describeTopic(topic);
    assert.equal(d.partitions.length, 2);
    assert.equal(d.replicationFactor, 1);
    assert.equal(d.configs.find((c) => c.name === 'retention.ms')?.value, '3600000');

    // Describe Topic from the palette: the shared topic quick pick (busy while listing), then the
    // read-only description in an editor.
    await page.keyboard.press('Escape');
    await describeFromPalette(vs, topic);
    t.diagnostic(`screenshot ${await vs.screenshot('topics-describe')}`);
  } catch (e) {
    await vs.screenshot('topics-created-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
