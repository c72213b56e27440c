// The streaming consumer end to end in a real VS Code (code-server + Chromium) against a real broker:
// Start Consumer from the topic's inline action, Enter on the options pick, records produced by kcat
// show in the Output panel, coloured by the kafka-dev-records grammar (distinct token colours in dark
// and light themes), the row says "consuming" and offers Stop, which ends the stream. The palette
// offers Stop Consumer / Stop All Consumers only while a consumer runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { kcatProduce } from '../harness/kcat';
import { sleep } from '../harness/process';
import type { BrokerHandle } from '../harness/sharedBroker';
import { closeUiTopic, openUiTopic } from './uiTopic';
import { startVsCode, VsCodeSession } from '../harness/vscode';
import { clickTopicAction, revealRow, treeRow } from '../harness/vscode/tree';
import { waitForOutput, fillIn } from '../harness/vscode/workbench';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;

/** What kcat writes (before VS Code starts): JSON with a 64-bit id and 1.10, text, a tombstone, no key. */
function produceRecords(): void {
  kcatProduce(broker.bootstrap, topic, ['order-1:{"id":9007199254740993,"item":"Zoë","price":1.10}', 'plain:hello from kcat'], ['-K:']);
  kcatProduce(broker.bootstrap, topic, ['gone:'], ['-K:', '-Z']);
  kcatProduce(broker.bootstrap, topic, ['no key here']);
}

before(async () => {
  ({ broker, admin, topic } = await openUiTopic('ui-consume', 1));
  produceRecords();
});
after(() => closeUiTopic({ broker, admin, topic }));

/** Each token span of the Output editor with its computed colour. */
async function tokenColours(page: Page): Promise<Array<{ text: string; color: string }>> {
  return page.locator('.part.panel .view-lines .view-line span > span').evaluateAll((spans) =>
    spans.map((s) => {
      // Runs in the page: the DOM's getComputedStyle (the tests compile without the DOM library).
      const view = s.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { color: string } };
      return { text: (s.textContent ?? '').replace(/\u00a0/g, ' '), color: view.getComputedStyle(s).color };
    }));
}

/**
 * The command palette's entries for `typed`, once `present` is listed (so the list is complete). The
 * palette is reopened until then: right after start-up it can answer before the extension's commands
 * are known ("No matching commands").
 */
async function paletteEntries(page: Page, typed: string, present: string): Promise<string[]> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await fillIn(input, `>${typed}`);
    const found = await rows.filter({ hasText: present }).first().waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    const labels = found ? (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim()) : [];
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    if (found) return labels;
    if (Date.now() > deadline) throw new Error(`the palette never listed "${present}" for "${typed}"`);
  }
}

const stops = (entries: string[]): string[] => entries.filter((e) => /^Kafka: Stop (All )?Consumers?$/.test(e)).sort();

/** Starts consuming `topic` from the tree with the options pick's first entry (from the beginning). */
async function startAndShow(vs: VsCodeSession): Promise<void> {
  const { page } = vs;
  await vs.openKafkaView();
  await clickTopicAction(page, 'local', topic, 'Start Consumer');
  // The options pick: its first entry starts with what is shown (from the beginning, all partitions).
  const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
  await first.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await first.innerText(), /Start[\s\S]*from the beginning · all partitions · no limit/);
  assert.match(await page.locator('.quick-input-widget').innerText(), /The last N records…/);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  await waitForOutput(page, new RegExp(`--- Consuming "${topic}" from the beginning \\(p0@0\\) on local`));
}

test('dark: start from the tree, exact and coloured records, palette Stop only while running, stop from the tree', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({ settings: { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    // Nothing runs: the palette has Start Consumer but no Stop Consumer / Stop All Consumers.
    assert.deepEqual(stops(await paletteEntries(page, 'Kafka: St', 'Kafka: Start Consumer')), []);
    await startAndShow(vs);
    const row = treeRow(page, topic);
    // A record written while the consumer runs shows too.
    kcatProduce(broker.bootstrap, topic, ['live:while consuming'], ['-K:']);
    const shown = await waitForOutput(page, /p0@4 key=live while consuming/);
    // Exact digits and trailing zeros; a tombstone is «null»; a record without a key shows no key=.
    assert.match(shown, /Z p0@0 key=order-1 \{\n {2}"id": 9007199254740993,\n {2}"item": "Zoë",\n {2}"price": 1.10\n\}/);
    assert.match(shown, /Z p0@1 key=plain hello from kcat\n/);
    assert.match(shown, /Z p0@2 key=gone «null»\n/);
    // The channel is the one selected in the Output panel's drop-down.
    assert.match(await page.locator('.part.panel').innerText(), new RegExp(`Kafka: local/${topic}`));
    await checkColours(page, t);

    // The row is marked and offers Stop instead of Start.
    await row.locator('.label-description', { hasText: /^consuming ·/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.mouse.move(700, 600);
    t.diagnostic(`screenshot ${await vs.screenshot('consumer-output')}`);
    // Running: the palette offers both stops.
    assert.deepEqual(stops(await paletteEntries(page, 'Kafka: St', 'Kafka: Start Consumer')), ['Kafka: Stop All Consumers', 'Kafka: Stop Consumer']);

    await revealRow(page, row);
    await row.hover();
    assert.equal(await row.locator('.actions a.action-label[aria-label="Start Consumer"]').count(), 0);
    await row.locator('.actions a.action-label[aria-label="Stop Consumer"]').click();
    await waitForOutput(page, /--- Consumer stopped: 5 records in [\d.]+ s; next offsets p0@5\./, 15_000);
    await row.locator('.label-description', { hasText: /^1 partition$/ }).waitFor({ state: 'visible', timeout: 15_000 });
    // Stopped: gone from the palette again.
    assert.deepEqual(stops(await paletteEntries(page, 'Kafka: St', 'Kafka: Start Consumer')), []);
  } catch (e) {
    await vs.screenshot('consumer-output-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});

test('light: the same records are coloured with distinct theme colours', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({ theme: 'light', settings: { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] } });
  const { page } = vs;
  try {
    await startAndShow(vs);
    await waitForOutput(page, /p0@3 no key here/);
    await checkColours(page, t);
    await page.mouse.move(700, 600);
    t.diagnostic(`screenshot ${await vs.screenshot('consumer-output-light')}`);
    await vs.runCommand('Kafka: Stop Consumer');
    await waitForOutput(page, /--- Consumer stopped: \d records/, 15_000);
  } catch (e) {
    await vs.screenshot('consumer-output-light-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});

/**
 * Timestamp, p0@0, key, property name, string, number, marker and status line each get a colour of their
 * own. Tokenizing runs after the text is drawn: poll until the spans are coloured, then assert.
 */
async function checkColours(page: Page, t: { diagnostic(s: string): void }): Promise<void> {
  const wanted: Record<string, RegExp> = {
    timestamp: /^\d{4}-\d\d-\d\dT[\d:.]+Z$/,
    position: /^p0@0$/,
    key: /^order-1$/,
    property: /^"item"$/,
    string: /^"Zoë"$/,
    number: /^9007199254740993$/,
    marker: /^«null»$/,
    status: /^--- Consuming/,
  };
  let colours: Record<string, string | undefined> = {};
  let spans: Array<{ text: string; color: string }> = [];
  const deadline = Date.now() + 20_000;
  for (;;) {
    spans = await tokenColours(page).catch(() => []);
    colours = Object.fromEntries(Object.entries(wanted).map(([k, re]) => [k, spans.find((x) => re.test(x.text.trim()) && x.color)?.color]));
    const all = Object.values(colours);
    if (all.every(Boolean) && new Set(all).size === all.length) break;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  t.diagnostic(JSON.stringify(colours));
  for (const [k, c] of Object.entries(colours)) assert.ok(c, `no coloured token span for the ${k} (${wanted[k]}); spans: ${JSON.stringify(spans.slice(0, 40))}`);
  assert.equal(new Set(Object.values(colours)).size, Object.keys(wanted).length, `token colours are not all distinct: ${JSON.stringify(colours)}`);
}
