// Browse Messages end to end in a real VS Code (code-server + Chromium) against a real broker: open it
// from the topic's inline action, see exact counts, filter with a JSON condition, open a record (detail),
// Re-send it (the producer's form holds it), export the filtered rows through the format pick and the
// save dialog (code-server's simple dialog, a quick input) and read the file back; screenshots in the
// dark and the light theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { createKafkaClient } from '../../src/kafka/client/client';
import { sleep } from '../harness/process';
import type { BrokerHandle } from '../harness/sharedBroker';
import type { VsCodeSession } from '../harness/vscode';
import { withVsCode as withSession } from '../harness/vscode/session';
import { clickTopicAction } from '../harness/vscode/tree';
import { waitForOutput, fillIn } from '../harness/vscode/workbench';
import { expectText, panelFrame, valueOf } from './producerPanel';
import { closeUiTopic, openUiTopic } from './uiTopic';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;
const RECORDS = 120;
const isFailed = (i: number): boolean => i % 7 === 0;
const FAILED = Array.from({ length: RECORDS }, (_, i) => i).filter(isFailed).length;
const NAMES = ['Zoë', 'Theja', 'Ada', 'Linus', 'Grace'];

before(async () => {
  ({ broker, admin, topic } = await openUiTopic('ui-browse', 2));
  // Timestamps spread over the last hour, so the histogram has a shape; JSON values with a nested object.
  const kafka = createKafkaClient({ id: 'ui', name: 'ui', bootstrapServers: broker.bootstrap.split(',') }, {}, { connectionTimeoutMs: 10_000 });
  const producer = kafka.producer();
  await producer.connect();
  const now = Date.now();
  await producer.send({
    topic,
    messages: Array.from({ length: RECORDS }, (_, i) => ({
      partition: i % 2,
      key: `order-${1000 + i}`,
      value: JSON.stringify({ order: 1000 + i, status: isFailed(i) ? 'failed' : 'ok', customer: { name: NAMES[i % NAMES.length], tier: i % 3 ? 'gold' : 'basic' }, amount: 10 + (i % 13) * 2.5 }),
      timestamp: String(now - 3_600_000 + Math.round((i / RECORDS) ** 1.6 * 3_500_000)),
      headers: { 'trace-id': `t-${i}`, source: 'shop' },
    })),
  });
  await producer.send({ topic, messages: [{ partition: 0, key: 'order-gone', value: null }] });
  await producer.disconnect();
});
after(() => closeUiTopic({ broker, admin, topic }));

const settings = (): Record<string, unknown> => ({
  'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }],
});

async function openBrowser(vs: VsCodeSession): Promise<FrameLocator> {
  await vs.openKafkaView();
  await clickTopicAction(vs.page, 'local', topic, 'Browse Messages');
  const f = panelFrame(vs.page);
  await expectText(f, '#counts', new RegExp(`^Read ${RECORDS + 1} · held ${RECORDS + 1} of 10,000 · fell out of the window 0$`), 60_000);
  return f;
}

const withVsCode = (theme: 'dark' | 'light', name: string, fn: (vs: VsCodeSession, workspace: string) => Promise<void>): Promise<void> =>
  withSession({ theme, name, settings: settings(), workspace: true }, (vs, ws) => fn(vs, ws ?? ''));

test('dark: browse from the tree, filter, open a record, Re-send it, export the filtered rows', { timeout: 6 * 60_000 }, async () => {
  await withVsCode('dark', 'browser-dark', async (vs, workspace) => {
    const { page } = vs;
    const f = await openBrowser(vs);
    // The table renders only the rows in view (virtual scrolling), not all 121.
    const rendered = await f.locator('#table-spacer .row').count();
    assert.ok(rendered > 5 && rendered < RECORDS, `${rendered} rows in the DOM`);
    await expectText(f, '#hist-range', /buckets of/);

    // A bad condition is named at its field; a good one counts exactly.
    await fillIn(f.locator('#filter-json input'), 'status ==');
    await expectText(f, '#error-json', /\S/);
    await fillIn(f.locator('#filter-json input'), 'status == "failed"');
    await expectText(f, '#counts', new RegExp(`matching the filter ${FAILED}$`));
    await expectText(f, '#error-json', /^$/);

    await f.locator('#table-spacer .row[data-i="1"]').click();
    await expectText(f, '#detail-value-title', /^Value \(JSON, \d+ bytes\)$/);
    await expectText(f, '#detail-value', /"status": "failed"/);
    await expectText(f, '#detail-headers', /trace-id/);
    await expectText(f, '#detail-meta', /CreateTime/);
    const value = (await f.locator('#detail-value').innerText()).replace(/\s+/g, '');
    await page.mouse.move(10, 890);
    await vs.screenshot('browser-dark');

    // Re-send: the producer opens with the record in its form (not sent).
    await f.locator('#act-resend').click();
    const pf = panelFrame(page);
    await pf.locator('#send').waitFor({ timeout: 30_000 });
    assert.equal((await valueOf(pf, '#value')).replace(/\s+/g, ''), value);
    assert.match(await valueOf(pf, '#key'), /^order-\d+$/);
    assert.equal(await valueOf(pf, '#value-format'), 'json');
    await vs.screenshot('browser-resend-dark');

    // Back to the browser tab: the webview is re-created and gets the window and the filter again.
    await page.locator('.tabs-container .tab', { hasText: `Browse: ${topic}` }).click();
    const bf = panelFrame(page);
    await expectText(bf, '#counts', new RegExp(`matching the filter ${FAILED}$`), 30_000);
    assert.equal(await valueOf(bf, '#filter-json'), 'status == "failed"');

    // Export the filtered rows: format pick, then code-server's save dialog (a quick input), Enter.
    await bf.locator('#export-filtered').click();
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.quick-input-list .monaco-list-row', { hasText: 'JSONL' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    // The save dialog reuses the quick input: wait until it shows the proposed path, then accept it.
    const input = page.locator('.quick-input-widget .quick-input-box input');
    for (const deadline = Date.now() + 30_000; !(await input.inputValue().catch(() => '')).endsWith(`${topic}.jsonl`);) {
      if (Date.now() > deadline) throw new Error(`the save dialog never proposed ${topic}.jsonl (it shows "${await input.inputValue().catch(() => '')}")`);
      await sleep(100);
    }
    await page.keyboard.press('Enter');
    const file = join(workspace, `${topic}.jsonl`);
    for (const deadline = Date.now() + 30_000; !existsSync(file);) {
      if (Date.now() > deadline) {
        await vs.runCommand('Notifications: Show Notifications').catch(() => undefined);
        const shown = await page.locator('.notifications-center').innerText().catch(() => '');
        throw new Error(`no ${file} after the save dialog; notifications: ${shown}`);
      }
      await sleep(200);
    }
    // The closing message names the exact count (a toast, or in the notification center once it hid).
    await vs.runCommand('Notifications: Show Notifications');
    await page.locator('.notifications-center', { hasText: new RegExp(`Exported ${FAILED} records of ${topic} to `) }).waitFor({ state: 'visible', timeout: 30_000 });
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l);
    assert.equal(lines.length, FAILED);
    for (const l of lines) assert.equal((JSON.parse(l) as { value: { status: string } }).value.status, 'failed');
  });
});

test('light: the same panel, a record open, readable in the light theme', { timeout: 5 * 60_000 }, async () => {
  await withVsCode('light', 'browser-light', async (vs) => {
    const f = await openBrowser(vs);
    await fillIn(f.locator('#filter-text input'), 'Zoë');
    await expectText(f, '#counts', new RegExp(`matching the filter ${Math.ceil(RECORDS / NAMES.length)}$`));
    await f.locator('#table-spacer .row[data-i="2"]').click();
    await expectText(f, '#detail-value', /"name": "Zoë"/);
    await vs.page.mouse.move(10, 890);
    await vs.screenshot('browser-light');

    // Brushing the histogram sets the filter's time range (and the count follows).
    await f.locator('#filter-clear').click();
    await expectText(f, '#counts', /fell out of the window 0$/);
    const box = await f.locator('#hist-svg').boundingBox();
    assert.ok(box, 'the histogram has a box');
    await vs.page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await vs.page.mouse.down();
    await vs.page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
    await vs.page.mouse.up();
    await expectText(f, '#counts', /matching the filter \d+$/);
    assert.match(await valueOf(f, '#filter-from'), /^\d{4}-\d\d-\d\dT/);
    assert.match(await valueOf(f, '#filter-to'), /^\d{4}-\d\d-\d\dT/);

    // The topic name on a consumer channel's header line is a link to Browse Messages (Ctrl+click).
    await vs.runCommand('View: Close All Editors');
    await vs.page.locator('.tabs-container .tab', { hasText: `Browse: ${topic}` }).waitFor({ state: 'detached', timeout: 15_000 });
    await clickTopicAction(vs.page, 'local', topic, 'Start Consumer');
    await vs.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    await vs.page.keyboard.press('Enter');
    // The channel scrolls to its end as records arrive: back to its first line, where the header is.
    // The last record of either partition: which partition a fetch hands over last varies, and the channel
    // shows only its tail, so the other partition's last line may already have scrolled by.
    const tail = await waitForOutput(vs.page, /p0@60 key=order-gone «null»|p1@59 key=order-1119 /);
    const lastKey = /p0@60 key=order-gone «null»/.test(tail) ? 'order-gone' : 'order-1119';
    await vs.page.locator('.part.panel .view-lines .view-line', { hasText: lastKey }).last().click();
    await vs.page.keyboard.press('Control+Home');
    await waitForOutput(vs.page, new RegExp(`--- Consuming "${topic}"`));
    const link = vs.page.locator('.part.panel .view-lines .detected-link', { hasText: topic }).first();
    await link.waitFor({ state: 'visible', timeout: 30_000 });
    // Ctrl over a link makes Monaco re-render the line (underline), so a locator click with the modifier
    // can find its element detached again and again: click the link's place with Ctrl held instead.
    const at = await link.boundingBox();
    assert.ok(at, 'the link has a box');
    await vs.page.keyboard.down('Control');
    await vs.page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    await vs.page.keyboard.up('Control');
    await expectText(panelFrame(vs.page), '#counts', new RegExp(`^Read ${RECORDS + 1} · held ${RECORDS + 1}`), 60_000);
    await vs.runCommand('Kafka: Stop Consumer');
  });
});
