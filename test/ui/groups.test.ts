// Reset Offsets as a person does it, in a real VS Code (code-server + Chromium) against the real broker:
// a group kcat made (all 14 records read and committed, then stopped: Empty) is expanded in the tree
// (Members, its topic, the partitions' lag), Reset Offsets runs from the group's context menu, the kind
// is picked in the QuickPick, the value typed in the InputBox (a bad one is named first), the preview
// opens as a document, the modal confirmation is answered with Apply, and the partition rows show the
// new committed offsets and lag. Dark theme: a specific offset; light theme: a relative time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';
import type { ClusterAdmin } from '../../src/kafka/admin/admin';
import { kcatProduce } from '../harness/kcat';
import { waitFor } from '../harness/process';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import type { VsCodeSession } from '../harness/vscode';
import { withVsCode as withSession } from '../harness/vscode/session';
import { expandRow, expandRowUntil, revealRow, treeRow } from '../harness/vscode/tree';
import { notified, quickInput, fillIn } from '../harness/vscode/workbench';
import { closeUiTopic, uiAdmin } from './uiTopic';

let broker: BrokerHandle;
let admin: ClusterAdmin;
const topic = uniqueTopic('ui-grp');
const groups: string[] = [];

before(async () => {
  broker = await useBroker();
  admin = uiAdmin(broker);
  await admin.createTopic({ name: topic, partitions: 2 });
  kcatProduce(broker.bootstrap, topic, Array.from({ length: 10 }, (_, i) => `a${i}`), ['-p', '0']);
  kcatProduce(broker.bootstrap, topic, Array.from({ length: 4 }, (_, i) => `b${i}`), ['-p', '1']);
});
after(async () => {
  await admin?.run('delete groups', (a) => a.deleteGroups(groups)).catch(() => undefined);
  await closeUiTopic({ broker, admin, topic });
});

/** A group kcat joined, read all 14 records in and left (Empty, offsets 10 and 4 committed). */
async function makeGroup(): Promise<string> {
  const g = uniqueTopic('ui-g');
  groups.push(g);
  execFileSync('kcat', ['-b', broker.bootstrap, '-G', g, '-q', '-c', '14', '-X', 'auto.offset.reset=earliest', topic],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  await waitFor(`group ${g}'s commits`, 30_000, async () => (await admin.groupLag(g)).length === 2);
  return g;
}

const description = (row: Locator): Promise<string> => row.locator('.label-description').innerText();

/** A row at `level` of the tree (cluster 1 → Consumer Groups 2 → group 3 → topic 4 → partition 5) labelled `label`. */
const rowAt = (page: Page, level: number, label: string): Locator =>
  page.locator(`.part.sidebar .monaco-list-row[aria-level="${level}"]`)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) }).first();

/** The editor's visible text (Monaco renders spaces as U+00A0). */
async function editorText(page: Page): Promise<string> {
  const lines = await page.locator('.part.editor .editor-instance .view-lines .view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}


async function resetThroughTheUi(vs: VsCodeSession, theme: 'dark' | 'light', pick: string, bad: { input: string; message: RegExp }, input: string,
  want: Map<number, string>): Promise<void> {
  const { page } = vs;
  const group = await makeGroup();
  const before = new Map((await admin.groupLag(group)).map((l) => [l.partition, l.committed]));
  await vs.openKafkaView();
  await expandRow(treeRow(page, 'local'));
  await expandRow(treeRow(page, 'Consumer Groups'));
  const groupRow = treeRow(page, group);
  await revealRow(page, groupRow, 30_000);
  assert.equal(await description(groupRow), 'lag 0 · Empty · classic · 0 members');
  await expandRowUntil(groupRow, rowAt(page, 4, 'Members'));
  await expandRowUntil(rowAt(page, 4, topic), rowAt(page, 5, 'Partition 0'));
  const p0 = rowAt(page, 5, 'Partition 0');
  const p1 = rowAt(page, 5, 'Partition 1');
  assert.equal(await description(p0), 'lag 0 · committed 10 / end 10');
  assert.equal(await description(rowAt(page, 4, topic)), 'lag 0 · 2 partitions');
  await page.mouse.move(700, 600);
  await vs.screenshot(`groups-tree-${theme}`);

  // The group's context menu → Reset Offsets.
  await revealRow(page, groupRow);
  await groupRow.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: /^Reset Offsets$/ }).first();
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  await vs.screenshot(`groups-menu-${theme}`);
  await item.click();

  // QuickPick of kinds (with their codicons), then the InputBox: a bad value is named, a good one accepted.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: `Reset Offsets of ${group} (all its topics)` }).waitFor({ state: 'visible', timeout: 30_000 });
  const kinds = page.locator('.quick-input-list .monaco-list-row');
  assert.equal(await kinds.locator('.codicon').count() >= 5, true, 'the kinds carry no codicons');
  await page.mouse.move(700, 600);
  await vs.screenshot(`groups-kinds-${theme}`);
  await kinds.filter({ hasText: pick }).first().click();
  await page.locator('.quick-input-widget .quick-input-title', { hasText: `Reset Offsets of ${group} (all its topics): ` }).waitFor({ state: 'visible', timeout: 15_000 });
  await fillIn(quickInput(page), bad.input);
  const message = page.locator('.quick-input-widget .quick-input-message');
  await waitFor('the input box names the bad value', 15_000, async () => bad.message.test(await message.innerText().catch(() => '')));
  await vs.screenshot(`groups-input-${theme}`);
  await fillIn(quickInput(page), input);
  await page.keyboard.press('Enter');

  // The preview document opens, then the modal asks; nothing is committed before Apply.
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  assert.match(await dialog.innerText(), new RegExp(`Reset offsets of group ${group} on cluster local: 2 partitions\\?`));
  const preview = await editorText(page);
  assert.match(preview, new RegExp(`Reset offsets of group ${group} on local`), preview);
  assert.match(preview, /TOPIC\s+PARTITION\s+CURRENT\s+NEW\s+END\s+LAG-BEFORE → LAG-AFTER/, preview);
  assert.deepEqual(new Map((await admin.groupLag(group)).map((l) => [l.partition, l.committed])), before, 'committed before Apply');
  await vs.screenshot(`groups-confirm-${theme}`);
  await dialog.locator('.dialog-buttons a.monaco-button', { hasText: /^Apply$/ }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });

  // Applied: the broker has the offsets, the notification says so, the tree's partition rows follow.
  await waitFor('the new offsets on the broker', 30_000, async () => {
    const now = new Map((await admin.groupLag(group)).map((l) => [l.partition, l.committed]));
    return [...want].every(([p, o]) => now.get(p) === o);
  });
  await notified(page, `Reset offsets of group ${group} on local`);
  const ends = new Map([[0, 10], [1, 4]]);
  for (const [p, row] of [[0, p0], [1, p1]] as const) {
    const text = `lag ${ends.get(p)! - Number(want.get(p))} · committed ${want.get(p)} / end ${ends.get(p)}`;
    await revealRow(page, row, 30_000);
    await waitFor(`partition ${p}'s row shows "${text}"`, 30_000, async () => (await description(row).catch(() => '')) === text);
  }
  await page.mouse.move(700, 600);
  await vs.screenshot(`groups-applied-${theme}`);
  await page.keyboard.press('Escape');
}

const withVsCode = (theme: 'dark' | 'light', fn: (vs: VsCodeSession) => Promise<void>): Promise<void> =>
  withSession({ theme, name: `groups-${theme}`, settings: {
    'kafkaDev.clusters': [{ id: 'ui-groups', name: 'local', bootstrapServers: broker.bootstrap.split(',') }],
  } }, (vs) => fn(vs));

test('dark: Reset Offsets from the group\'s menu to a specific offset: QuickPick, InputBox, preview, modal, Apply, the tree follows', { timeout: 6 * 60_000 }, async () => {
  await withVsCode('dark', (vs) => resetThroughTheUi(vs, 'dark', 'Specific offset',
    { input: '-3', message: /An offset is 0 or more; "-3" is negative/ }, '2', new Map([[0, '2'], [1, '2']])));
});

test('light: Reset Offsets from the group\'s menu to a time ("1 hour ago": before every record, so offset 0)', { timeout: 6 * 60_000 }, async () => {
  await withVsCode('light', (vs) => resetThroughTheUi(vs, 'light', 'Timestamp',
    { input: 'yesterday-ish', message: /"yesterday-ish" is not a time/ }, '1 hour ago', new Map([[0, '0'], [1, '0']])));
});
