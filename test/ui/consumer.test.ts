// The streaming consumer end to end in a real VS Code (code-server + Chromium) against a real broker:
// Start Consumer from the topic's inline action, Enter on the options pick, records produced by kcat
// show in the Output panel, the row says "consuming" and offers Stop, which ends the stream. The topic's
// name is long enough that the sidebar cuts the description off: the row's badge shows the state anyway,
// in the dark and the light theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin';
import { kcatProduce } from '../harness/kcat';
import { sleep, waitFor } from '../harness/process';
import type { BrokerHandle } from '../harness/sharedBroker';
import { closeUiTopic, openUiTopic } from './uiTopic';
import { startVsCode } from '../harness/vscode';
import { clickTopicAction, RowBadge, rowBadge, treeRow } from '../harness/vscode/tree';

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

/** The badge's colour in the current theme (the extension's kafkaDev.consumingTopicForeground), as the browser computes it. */
const themeGreen = (page: Page): Promise<string> => page.locator('.monaco-workbench').first().evaluate((wb) => {
  const probe = wb.ownerDocument.createElement('div');
  probe.style.color = 'var(--vscode-kafkaDev-consumingTopicForeground)';
  wb.appendChild(probe);
  // The tests compile without the DOM library; the page has it.
  const color = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(probe).color;
  probe.remove();
  return color;
});

/** Whether the description's start ("consuming") is cut off: the description begins beyond the visible box. */
const descriptionCut = (row: ReturnType<typeof treeRow>): Promise<boolean> => row.evaluate((el) => {
  const desc = el.querySelector('.label-description');
  const box = el.querySelector('.monaco-icon-label-container');
  return !desc || !box || desc.getBoundingClientRect().left + 20 > box.getBoundingClientRect().right;
});

/** Waits until the row's badge is ● in the theme's colour for it and a person sees it. */
async function expectBadge(page: Page, row: ReturnType<typeof treeRow>, theme: string): Promise<RowBadge> {
  const green = await themeGreen(page);
  let last: RowBadge | undefined;
  try {
    return await waitFor(`the consuming badge visible (${theme})`, 15_000, async () => {
      last = await rowBadge(row);
      return last.text === '●' && last.visible && last.color === green ? last : undefined;
    });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}: ${JSON.stringify(last)}, kafkaDev.consumingTopicForeground is ${green}`);
  }
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
    // Away from the row: a hovered row shows its inline actions, which take room.
    await page.mouse.move(700, 600);
    const badge = await expectBadge(page, row, 'dark');
    t.diagnostic(`badge: ${badge.detail}; description cut off: ${await descriptionCut(row)}`);
    const shot = await vs.screenshot('consumer-output');
    t.diagnostic(`screenshot ${shot}`);
    // As a person switches: the palette's theme picker (a settings.json edit of the theme is not picked up here).
    await vs.runCommand('Preferences: Color Theme');
    const themeInput = page.locator('.quick-input-widget .quick-input-box input');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
    await themeInput.fill('Light Modern');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Light Modern' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    await page.mouse.move(700, 600);
    const darkGreen = badge.color;
    await waitFor('the light theme', 15_000, async () => (await themeGreen(page)) !== darkGreen);
    await expectBadge(page, row, 'light');
    t.diagnostic(`screenshot ${await vs.screenshot('consumer-output-light')}`);
    await row.hover();
    assert.equal(await row.locator('.actions a.action-label[aria-label="Start Consumer"]').count(), 0);
    await row.locator('.actions a.action-label[aria-label="Stop Consumer"]').click();

    await waitForOutput(page, /--- Consumer stopped: 2 records in [\d.]+ s; next offsets p0@2\./, 15_000);
    await row.locator('.label-description', { hasText: /^1 partition$/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('the badge gone after Stop', 15_000, async () => (await rowBadge(row)).text === '');
  } catch (e) {
    await vs.screenshot('consumer-output-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
