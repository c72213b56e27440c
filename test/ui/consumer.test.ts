// The streaming consumer end to end in a real VS Code (code-server + Chromium) against a real broker:
// Start Consumer from the topic's inline action, Enter on the options pick, records produced by kcat
// show in the Output panel, the row says "consuming" and offers Stop, which ends the stream.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin';
import { kcatProduce } from '../harness/kcat';
import { sleep } from '../harness/process';
import type { BrokerHandle } from '../harness/sharedBroker';
import { closeUiTopic, openUiTopic } from './uiTopic';
import { startVsCode } from '../harness/vscode';
import { clickTopicAction, treeRow } from '../harness/vscode/tree';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;

before(async () => { ({ broker, admin, topic } = await openUiTopic('ui-consume', 1)); });
after(() => closeUiTopic({ broker, admin, topic }));

/** The Output panel's visible text (Monaco renders spaces as U+00A0). */
async function outputText(page: Page): Promise<string> {
  const lines = await page.locator('.part.panel .view-lines .view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}

async function waitForOutput(page: Page, re: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await outputText(page).catch(() => '');
    if (re.test(last)) return last;
    await sleep(200);
  }
  throw new Error(`the Output panel never showed ${re}; it showed:\n${last}`);
}

test('start from the tree, records in the Output panel, stop from the tree', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({ settings: { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await clickTopicAction(page, 'local', topic, 'Start Consumer');
    const row = treeRow(page, topic);

    // The options pick: its first entry starts with what is shown (from the beginning, all partitions).
    const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    await first.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await first.innerText(), /Start[\s\S]*from the beginning · all partitions · no limit/);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });

    await waitForOutput(page, new RegExp(`--- Consuming "${topic}" from the beginning \\(p0@0\\) on local`));
    kcatProduce(broker.bootstrap, topic, ['order-1:{"id":1,"item":"Zoë"}', 'plain:hello from kcat'], ['-K:']);
    const shown = await waitForOutput(page, /p0@1 key=plain hello from kcat/);
    assert.match(shown, /Z p0@0 key=order-1 \{\n {2}"id": 1,\n {2}"item": "Zoë"\n\}/);
    // The channel is the one selected in the Output panel's drop-down.
    assert.match(await page.locator('.part.panel').innerText(), new RegExp(`Kafka: local/${topic}`));

    // The row is marked and offers Stop instead of Start.
    await row.locator('.label-description', { hasText: /^consuming ·/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.mouse.move(700, 600);
    const shot = await vs.screenshot('consumer-output');
    t.diagnostic(`screenshot ${shot}`);
    await row.hover();
    assert.equal(await row.locator('.actions a.action-label[aria-label="Start Consumer"]').count(), 0);
    await row.locator('.actions a.action-label[aria-label="Stop Consumer"]').click();

    await waitForOutput(page, /--- Consumer stopped: 2 records in [\d.]+ s; next offsets p0@2\./, 15_000);
    await row.locator('.label-description', { hasText: /^1 partition$/ }).waitFor({ state: 'visible', timeout: 15_000 });
  } catch (e) {
    await vs.screenshot('consumer-output-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
