// The producer panel end to end in a real VS Code (code-server + Chromium) against a real broker:
// open it from the tree, fill key/value/headers, send and see the offset; send ×1000 with {{seq}} and
// see the summary; bad input shown next to its field; screenshots in the dark and the light theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { BrokerHandle, uniqueTopic } from '../harness/sharedBroker';
import { closeUiTopic, openUiTopic } from './uiTopic';
import type { VsCodeSession } from '../harness/vscode';
import { withVsCode as withSession } from '../harness/vscode/session';
import { choose, expectText, fill, kcatAll as kcatOn, kcatNulls, openFromTree as openOn, panelFrame, valueOf } from './producerPanel';
import { fillIn } from '../harness/vscode/workbench';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;

before(async () => { ({ broker, admin, topic } = await openUiTopic('ui-produce', 3)); });
after(() => closeUiTopic({ broker, admin, topic }));

const settings = (): Record<string, unknown> => ({
  'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }],
});

const openFromTree = (vs: VsCodeSession): Promise<FrameLocator> => openOn(vs, topic);
const kcatAll = (t: string): ReturnType<typeof kcatOn> => kcatOn(broker.bootstrap, t);

const withVsCode = (theme: 'dark' | 'light', name: string, fn: (vs: VsCodeSession) => Promise<void>): Promise<void> =>
  withSession({ theme, name, settings: settings() }, (vs) => fn(vs));

test('dark theme: open from the tree, bad input marked per field, send one, send ×1000 with {{seq}}, draft survives', { timeout: 5 * 60_000 }, async () => {
  await withVsCode('dark', 'producer-dark', async (vs) => {
    const f = await openFromTree(vs);
    await expectText(f, '#cluster-name', /^local$/);
    assert.equal(await valueOf(f, '#topic'), topic);

    // Bad input: each message appears next to its field, as you type. Under Auto (the default) a value
    // that is not JSON is text; chosen explicitly, JSON is checked and the error says how to send text.
    assert.equal(await valueOf(f, '#value-format'), 'auto');
    await fill(f, 'value', '{"id": 1,');
    await expectText(f, '#value-kind', /^text$/);
    await choose(f, 'value-format', 'JSON');
    await expectText(f, '#error-value', /^The value is not valid JSON: .*\. To send it as plain text, choose Text or Auto as the value format\.$/);
    await fill(f, 'partition', '7');
    await expectText(f, '#error-partition', /Partition 7 does not exist: ".*" has 3 partitions \(0…2\)/);
    await fill(f, 'count', '0');
    await expectText(f, '#error-count', /Count must be at least 1/);
    await f.locator('#add-header').click();
    await fillIn(f.locator('.header-row .header-value input').first(), 'orphan value');
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
    await fillIn(f.locator('.header-row .header-name input').first(), 'trace-id');
    await fillIn(f.locator('.header-row .header-value input').first(), 'ui-1');
    await expectText(f, '#value-kind', /^JSON$/);
    await f.locator('#pretty').click();
    assert.equal(await valueOf(f, '#value'), '{\n  "id": 1,\n  "item": "Zoë",\n  "qty": 2\n}');
    await f.locator('#send').click();
    const line = await expectText(f, '#result-headline', /^Sent 1 message to .*: partition \d, offset 0 \(/);
    const partition = Number(/partition (\d)/.exec(line)?.[1]);
    await vs.screenshot('producer-dark-sent');
    const one = await kcatAll(topic);
    assert.deepEqual(one, [{ partition, offset: 0, key: 'order-1', value: '{\n  "id": 1,\n  "item": "Zoë",\n  "qty": 2\n}', headers: 'trace-id,ui-1' }]);
    // Recent sends say where each entry went.
    await expectText(f, '#history li:first-child .h-what', new RegExp(`1 message · partition ${partition}, offset 0$`));

    // A new send clears the previous result: a value that is not JSON under explicit JSON is refused,
    // and the old "Sent" line does not stay next to the refusal.
    await fill(f, 'value', 'Hello');
    await f.locator('#send').click();
    await expectText(f, '#panel-error', /Fix the marked fields; nothing was sent/);
    assert.equal(await f.locator('#result-headline').count(), 0, 'the previous result line is gone');
    await choose(f, 'value-format', 'Auto');
    await fill(f, 'value', '{"id":1,"item":"Zoë","qty":2}');

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
    await expectText(f, '#history li:first-child .h-what', /1,000 messages · p\d: \d+…\d+(, p\d: \d+…\d+)*$/);

    // Keyboard alone: type into the value field and send with Ctrl+Enter, no mouse.
    await fill(f, 'count', '1');
    await fill(f, 'key', 'keyboard');
    await f.locator('#value textarea').focus();
    await fillIn(f.locator('#value textarea'), '{"by":"keyboard"}');
    await vs.page.keyboard.press('Control+Enter');
    await expectText(f, '#result-headline', /^Sent 1 message to .*: partition \d, offset \d+ \(/);
    assert.ok((await kcatAll(topic)).some((r) => r.key === 'keyboard' && r.value === '{"by":"keyboard"}'), 'Ctrl+Enter sent the message');

    // A tombstone: no value at all, which kcat reads as NULL (not an empty value).
    await choose(f, 'value-format', 'null (tombstone)');
    await expectText(f, '#value-kind', /^null$/);
    await f.locator('#send').click();
    await expectText(f, '#result-headline', /^Sent 1 message to .*: partition \d, offset \d+ \(/);
    await expectText(f, '#history li:first-child', /key keyboard · null value \(tombstone\)/);
    await vs.screenshot('producer-dark-tombstone');
    assert.ok((await kcatNulls(broker.bootstrap, topic)).includes('keyboard=NULL'), 'kcat reads the tombstone as a NULL value');
    await choose(f, 'value-format', 'Auto');

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
