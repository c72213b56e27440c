// The producer panel end to end in a real VS Code (code-server + Chromium) against a real broker:
// open it from the tree, fill key/value/headers, send and see the offset; send ×1000 with {{seq}} and
// see the summary; bad input shown next to its field; screenshots in the dark and the light theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin';
import { BrokerHandle, uniqueTopic } from '../harness/sharedBroker';
import { closeUiTopic, openUiTopic } from './uiTopic';
import { startVsCode, VsCodeSession } from '../harness/vscode';
import { clickTopicAction } from '../harness/vscode/tree';

const run = promisify(execFile);
let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;

before(async () => { ({ broker, admin, topic } = await openUiTopic('ui-produce', 3)); });
after(() => closeUiTopic({ broker, admin, topic }));

const settings = (): Record<string, unknown> => ({
  'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }],
});

/** The producer webview's document (VS Code nests it: webview host iframe → active-frame). */
function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

async function openFromTree(vs: VsCodeSession): Promise<FrameLocator> {
  const { page } = vs;
  await vs.openKafkaView();
  await clickTopicAction(page, 'local', topic, 'Produce Message');
  const f = panelFrame(page);
  await f.locator('#send').waitFor({ timeout: 30_000 });
  return f;
}

/** Reads a web component's `value` property (its shadow input is an implementation detail). */
const valueOf = (f: FrameLocator, sel: string): Promise<string> =>
  f.locator(sel).evaluate((e) => String((e as unknown as { value: unknown }).value));

async function fill(f: FrameLocator, id: string, text: string): Promise<void> {
  await f.locator(`#${id} ${id === 'value' ? 'textarea' : 'input'}`).fill(text);
}

async function expectText(f: FrameLocator, sel: string, re: RegExp, timeout = 20_000): Promise<string> {
  const loc = f.locator(sel);
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await loc.textContent({ timeout: 2_000 }).catch(() => null)) ?? '';
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${sel} never matched ${re}; last text: ${JSON.stringify(last)}`);
}

interface Rec { partition: number; offset: number; key: string; value: string; headers: string }
async function kcatAll(t: string): Promise<Rec[]> {
  const { stdout } = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', t, '-o', 'beginning', '-e', '-q', '-J'], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  return stdout.split('\n').filter((l) => l.trim()).map((l) => {
    const j = JSON.parse(l) as { partition: number; offset: number; key: string | null; payload: string; headers?: string[] };
    return { partition: j.partition, offset: j.offset, key: j.key ?? '', value: j.payload, headers: (j.headers ?? []).join(',') };
  });
}

async function withVsCode(theme: 'dark' | 'light', name: string, fn: (vs: VsCodeSession) => Promise<void>): Promise<void> {
  const vs = await startVsCode({ settings: settings(), theme });
  try {
    await fn(vs);
    // The panel's strict CSP must not have blocked anything it needs.
    const csp = vs.logs.filter((l) => /Content Security Policy|Refused to (load|apply|execute)/i.test(l));
    assert.deepEqual(csp, [], 'CSP violations in the workbench console');
  } catch (e) {
    await vs.screenshot(`${name}-failure`).catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- workbench log ---\n${vs.logs.slice(-30).join('\n')}`);
  } finally {
    await vs.close();
  }
}

test('dark theme: open from the tree, bad input marked per field, send one, send ×1000 with {{seq}}, draft survives', { timeout: 5 * 60_000 }, async () => {
  await withVsCode('dark', 'producer-dark', async (vs) => {
    const f = await openFromTree(vs);
    await expectText(f, '#cluster-name', /^local$/);
    assert.equal(await valueOf(f, '#topic'), topic);

    // Bad input: each message appears next to its field, as you type.
    await fill(f, 'value', '{"id": 1,');
    await expectText(f, '#error-value', /^The value is not valid JSON: /);
    await fill(f, 'partition', '7');
    await expectText(f, '#error-partition', /Partition 7 does not exist: ".*" has 3 partitions \(0…2\)/);
    await fill(f, 'count', '0');
    await expectText(f, '#error-count', /Count must be at least 1/);
    await f.locator('#add-header').click();
    await f.locator('.header-row .header-value input').first().fill('orphan value');
    await expectText(f, '#error-headers', /Header 1 has a value but no name/);
    await f.locator('#send').click();
    await expectText(f, '#panel-error', /Fix the marked fields; nothing was sent/);
    await vs.screenshot('producer-dark-errors');
    assert.equal((await kcatAll(topic)).length, 0, 'nothing was sent');

    // A good message: key, JSON value, one header.
    await fill(f, 'key', 'order-1');
    await fill(f, 'value', '{"id":1,"item":"Zoë","qty":2}');
    await fill(f, 'partition', '');
    await fill(f, 'count', '1');
    await f.locator('.header-row .header-name input').first().fill('trace-id');
    await f.locator('.header-row .header-value input').first().fill('ui-1');
    await f.locator('#pretty').click();
    assert.equal(await valueOf(f, '#value'), '{\n  "id": 1,\n  "item": "Zoë",\n  "qty": 2\n}');
    await f.locator('#send').click();
    const line = await expectText(f, '#result-headline', /^Sent 1 message to .*: partition \d, offset 0 \(/);
    const partition = Number(/partition (\d)/.exec(line)?.[1]);
    await vs.screenshot('producer-dark-sent');
    const one = await kcatAll(topic);
    assert.deepEqual(one, [{ partition, offset: 0, key: 'order-1', value: '{\n  "id": 1,\n  "item": "Zoë",\n  "qty": 2\n}', headers: 'trace-id,ui-1' }]);

    // Send ×1000 with {{seq}}: progress, then the summary.
    await fill(f, 'key', 'k-{{seq}}');
    await fill(f, 'value', '{"seq": {{seq}}, "at": {{timestamp}}}');
    await fill(f, 'count', '1000');
    await f.locator('#send').click();
    await expectText(f, '#result-headline', /^Sent 1,000 messages to .* in .* \(\d[\d,]* msgs\/s\)$/, 60_000);
    const summary = await f.locator('#summary').innerText();
    assert.match(summary, /Count\s+1,000/);
    assert.match(summary, /Partitions\s+\d \(\d+\)/);
    assert.match(summary, /First\/last offsets\s+p\d: \d+…\d+/);
    assert.match(summary, /Throughput\s+[\d,]+ msgs\/s/);
    await vs.screenshot('producer-dark-summary');
    const all = await kcatAll(topic);
    assert.equal(all.length, 1001);
    const seqs = all.slice().filter((r) => r.key.startsWith('k-')).map((r) => Number(r.key.slice(2))).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 1000 }, (_, i) => i + 1));
    await expectText(f, '#history', /1,000 messages/);

    // Keyboard alone: type into the value field and send with Ctrl+Enter, no mouse.
    await fill(f, 'count', '1');
    await fill(f, 'key', 'keyboard');
    await f.locator('#value textarea').focus();
    await f.locator('#value textarea').fill('{"by":"keyboard"}');
    await vs.page.keyboard.press('Control+Enter');
    await expectText(f, '#result-headline', /^Sent 1 message to .*: partition \d, offset \d+ \(/);
    assert.ok((await kcatAll(topic)).some((r) => r.key === 'keyboard' && r.value === '{"by":"keyboard"}'), 'Ctrl+Enter sent the message');

    // Hide the panel (another editor in front: the webview is destroyed) and bring it back.
    await vs.runCommand('File: New Untitled Text File');
    await vs.page.locator('.tabs-container .tab', { hasText: `Produce: ${topic}` }).click();
    const g = panelFrame(vs.page);
    await g.locator('#send').waitFor({ timeout: 30_000 });
    await expectText(g, '#history', /1,000 messages/);
    assert.equal(await valueOf(g, '#key'), 'keyboard');
    assert.equal(await valueOf(g, '#count'), '1');
    // Reopening from the tree focuses the same panel instead of opening a second one.
    await vs.runCommand('File: New Untitled Text File');
    await openFromTree(vs);
    assert.equal(await vs.page.locator('.tabs-container .tab', { hasText: `Produce: ${topic}` }).count(), 1);
    // Closed and reopened: the extension restores the draft it kept.
    await vs.runCommand('View: Close Editor');
    await vs.page.locator('.tabs-container .tab', { hasText: `Produce: ${topic}` }).waitFor({ state: 'detached', timeout: 15_000 });
    const h2 = await openFromTree(vs);
    assert.equal(await valueOf(h2, '#value'), '{"by":"keyboard"}');
    await expectText(h2, '#history', /Re-send/);
  });
});

test('light theme: unknown topic is refused, then created on request; re-send from history', { timeout: 5 * 60_000 }, async () => {
  const doomed = uniqueTopic('ui-doomed');
  await admin.createTopic({ name: doomed, partitions: 1 });
  await withVsCode('light', 'producer-light', async (vs) => {
    const saved = topic;
    topic = doomed;
    let f: FrameLocator;
    try { f = await openFromTree(vs); } finally { topic = saved; }
    await admin.run('delete', (a) => a.deleteTopics({ topics: [doomed] }));
    await fill(f, 'key', 'sensor-{{randomInt(1,9)}}');
    await fill(f, 'value', '{"temp": {{randomInt(15,30)}}, "id": "{{uuid}}"}');
    await f.locator('#send').click();
    await expectText(f, '#error-topic', new RegExp(`^Topic "${doomed}" does not exist on local \\(.*\\)\\. Create it first; nothing was sent\\.$`), 30_000);
    await expectText(f, '#panel-error', /never created automatically: create it now\?/);
    assert.equal((await admin.topics()).some((t) => t.name === doomed), false, 'not auto-created');
    await vs.screenshot('producer-light-unknown-topic');
    await f.locator('#create-topic').click();
    await expectText(f, '#progress-text', new RegExp(`Created topic "${doomed}"`), 30_000);
    await f.locator('#send').click();
    await expectText(f, '#result-headline', /^Sent 1 message to .*: partition 0, offset 0/, 30_000);
    await f.locator('#history vscode-button', { hasText: 'Re-send' }).first().click();
    await expectText(f, '#result-headline', /^Sent 1 message to .*: partition 0, offset 1/, 30_000);
    await vs.screenshot('producer-light');
    const recs = await kcatAll(doomed);
    assert.equal(recs.length, 2);
    for (const r of recs) assert.match(r.value, /^\{"temp": (1[5-9]|2\d|30), "id": "[0-9a-f-]{36}"\}$/);
  });
  await admin.run('delete', (a) => a.deleteTopics({ topics: [doomed] })).catch(() => undefined);
});
