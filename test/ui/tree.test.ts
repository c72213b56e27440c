// The Kafka view at the default window and sidebar width, read as a person reads it, in a real VS Code
// (code-server + Chromium) against the real broker: the figure each row is scanned for (controller, a
// partition's offset range, a group's lag and its partitions' lag) leads the description and is on
// screen, not cut off; Consumer Groups follow a group that kcat creates and its lag as records arrive,
// with no manual refresh. In the light theme: Clear Topic Filter is in the palette only while a filter
// is set, and a notification's Retry for a cluster removed since says that the cluster is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';
import type { ClusterAdmin } from '../../src/kafka/admin/admin';
import { kcatProduce } from '../harness/kcat';
import { freePort } from '../harness/ports';
import { waitFor } from '../harness/process';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';
import { startVsCode, VsCodeSession } from '../harness/vscode';
import { expandRow, expandRowUntil, treeRow } from '../harness/vscode/tree';
import { answerStep, fillIn } from '../harness/vscode/workbench';
import { closeUiTopic, uiAdmin } from './uiTopic';

let broker: BrokerHandle;
let admin: ClusterAdmin;
const topic = uniqueTopic('tree');
const group = uniqueTopic('grp');
let groupsBefore = 0;

before(async () => {
  broker = await useBroker();
  admin = uiAdmin(broker);
  await admin.createTopic({ name: topic, partitions: 2 });
  kcatProduce(broker.bootstrap, topic, Array.from({ length: 10 }, (_, i) => `a${i}`), ['-p', '0']);
  kcatProduce(broker.bootstrap, topic, Array.from({ length: 4 }, (_, i) => `b${i}`), ['-p', '1']);
  groupsBefore = (await admin.groups()).length;
});
after(async () => {
  await admin?.run('delete group', (a) => a.deleteGroups([group])).catch(() => undefined);
  await closeUiTopic({ broker, admin, topic });
});

/**
 * Whether `figure` shows in `row`'s description: present, laid out inside the label's clipping box and
 * clear of the "…" that covers the end of a clipped line.
 */
async function figureShown(row: Locator, figure: string): Promise<{ ok: boolean; text: string; detail: string }> {
  return row.evaluate((el, fig) => {
    const desc = el.querySelector('.label-description');
    const box = el.querySelector('.monaco-icon-label-container');
    const text = desc?.textContent ?? '';
    const at = text.indexOf(fig);
    if (!desc || !box || at < 0) return { ok: false, text, detail: 'not in the description' };
    const doc = el.ownerDocument;
    const walker = doc.createTreeWalker(desc, 4 /* NodeFilter.SHOW_TEXT */);
    let offset = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.textContent?.length ?? 0;
      if (at < offset + len) {
        const range = doc.createRange();
        range.setStart(n, at - offset);
        range.setEnd(n, Math.min(len, at - offset + fig.length));
        const r = range.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        const clipped = box.scrollWidth > box.clientWidth;
        const limit = b.right - (clipped ? 14 : 0);
        return { ok: r.width > 0 && r.right <= limit, text, detail: `figure ends at x=${r.right.toFixed(0)}, visible up to x=${limit.toFixed(0)}${clipped ? ' (line clipped)' : ''}` };
      }
      offset += len;
    }
    return { ok: false, text, detail: 'no text node' };
  }, figure);
}

/** Waits until `row`'s description starts with `figure` and the figure is on screen. */
async function expectFigure(page: Page, row: Locator, figure: string, what: string, timeoutMs = 30_000): Promise<void> {
  // The tree is not focused while measuring: a focused row shows its inline actions, which take room.
  let last = { ok: false, text: '', detail: '' };
  try {
    await waitFor(`${what}: "${figure}" first and visible`, timeoutMs, async () => {
      last = await figureShown(row, figure);
      return last.ok && last.text.startsWith(figure);
    });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; description "${last.text}": ${last.detail}`);
  }
  void page;
}

/**
 * The row of this test's topic under the expanded group: cluster (level 1) → Consumer Groups → group →
 * topic (level 4); the topic's own row under Topics has the same label at level 3.
 */
const groupTopicRow = (page: Page): Locator =>
  page.locator(`.part.sidebar .monaco-list-row[aria-level="4"]`).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${topic}\\s*$`) }) }).first();

const blurTree = (page: Page): Promise<void> => page.locator('.part.editor').click({ position: { x: 300, y: 300 } });

let groupMade = false;
/** kcat reads 6 of the topic's 14 records in group `group` and commits them on exit (once per run). */
function makeGroup(): void {
  if (groupMade) return;
  execFileSync('kcat', ['-b', broker.bootstrap, '-G', group, '-q', '-c', '6', '-X', 'auto.offset.reset=earliest', topic],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  groupMade = true;
}

async function totalLag(): Promise<{ total: number; byPartition: Map<number, string> }> {
  const lag = await admin.groupLag(group);
  return { total: lag.reduce((s, l) => s + Number(l.lag), 0), byPartition: new Map(lag.map((l) => [l.partition, l.lag])) };
}

test('at the default width the key figures lead and show; groups and lag update by themselves', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({ settings: {
    'kafkaDev.clusters': [{ id: 'ui-tree', name: 'local', bootstrapServers: broker.bootstrap.split(',') }],
    'kafkaDev.groups.refreshSeconds': 2,
  } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await expandRow(treeRow(page, 'local'));
    await expandRow(treeRow(page, 'Brokers'));
    await blurTree(page);
    await expectFigure(page, treeRow(page, 'Broker 1'), 'controller', 'the controller broker');

    // On the shared broker (npm test) Topics holds every suite's topics, and rows below the fold are not
    // drawn: narrow the list to this topic first, as a person with many topics would.
    await vs.runCommand('Kafka: Filter Topics');
    await answerStep(page, 'Filter Topics', topic);
    await treeRow(page, 'Topics').locator('.label-description', { hasText: /^filter: / }).waitFor({ state: 'visible', timeout: 15_000 });
    await expandRow(treeRow(page, 'Topics'));
    await expandRowUntil(treeRow(page, topic), treeRow(page, 'Partition 0'));
    await blurTree(page);
    await expectFigure(page, treeRow(page, 'Partition 0'), '0…10', 'partition 0');
    await expectFigure(page, treeRow(page, 'Partition 1'), '0…4', 'partition 1');
    t.diagnostic(`screenshot ${await vs.screenshot('tree-partitions-dark')}`);
    // Out of the way, so that Consumer Groups' rows are on screen on a broker with many topics.
    await treeRow(page, 'Topics').click();
    await treeRow(page, topic).waitFor({ state: 'hidden', timeout: 15_000 });

    await expandRow(treeRow(page, 'Consumer Groups'));
    if (groupsBefore === 0) {
      // Run alone the broker has no group: the row says why Kafka Dev's own consumers are not there.
      await treeRow(page, 'No consumer groups — Kafka Dev\'s consumers join one only when asked').waitFor({ state: 'visible', timeout: 30_000 });
      t.diagnostic(`screenshot ${await vs.screenshot('tree-no-groups-dark')}`);
    } else {
      t.diagnostic(`${groupsBefore} groups on the shared broker: the empty state is not checked here`);
    }

    // A group created after the node was expanded.
    makeGroup();
    const first = await waitFor('the group\'s committed offsets', 30_000, async () => {
      const l = await totalLag();
      return l.byPartition.size > 0 ? l : undefined;
    });
    t.diagnostic(`group ${group}: lag ${first.total} (${JSON.stringify([...first.byPartition])})`);
    const groupRowLoc = treeRow(page, group);
    await groupRowLoc.waitFor({ state: 'visible', timeout: 30_000 });
    await blurTree(page);
    await expectFigure(page, groupRowLoc, `lag ${first.total}`, 'the new group');
    // group → Members and one node per topic (its total lag first) → that topic's partitions.
    await expandRowUntil(groupRowLoc, treeRow(page, 'Members'));
    await blurTree(page);
    await expectFigure(page, groupTopicRow(page), `lag ${first.total}`, 'the group\'s topic');
    await expandRowUntil(groupTopicRow(page), treeRow(page, `Partition ${[...first.byPartition.keys()][0]}`));
    await blurTree(page);
    for (const [p, lag] of first.byPartition) await expectFigure(page, treeRow(page, `Partition ${p}`), `lag ${lag}`, `the group's partition ${p}`);

    // Records arrive: the lag follows, on the group and its partition, with no refresh.
    kcatProduce(broker.bootstrap, topic, Array.from({ length: 5 }, (_, i) => `c${i}`), ['-p', '0']);
    const later = await totalLag();
    assert.equal(later.total, first.total + 5);
    await expectFigure(page, groupRowLoc, `lag ${later.total}`, 'the group after 5 more records');
    await expectFigure(page, treeRow(page, 'Partition 0'), `lag ${later.byPartition.get(0)}`, 'partition 0 after 5 more records');
    await page.mouse.move(700, 600);
    t.diagnostic(`screenshot ${await vs.screenshot('tree-groups-dark')}`);
  } catch (e) {
    await vs.screenshot('tree-dark-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});

/** Opens the palette with `text` typed (without running anything). */
async function palette(vs: VsCodeSession, text: string): Promise<Locator> {
  const input = vs.page.locator('.quick-input-widget .quick-input-box input');
  await vs.page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await fillIn(input, text);
  return vs.page.locator('.quick-input-list .monaco-list-row');
}

const labelled = (page: Page, rows: Locator, label: string): Locator =>
  rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) });

test('light theme: the rows; Clear Topic Filter only with a filter set; Retry on a removed cluster says it is gone', { timeout: 5 * 60_000 }, async (t) => {
  makeGroup();
  const deadPort = await freePort();
  const local = { id: 'ui-tree', name: 'local', bootstrapServers: broker.bootstrap.split(',') };
  const vs = await startVsCode({ theme: 'light', settings: {
    'kafkaDev.clusters': [local, { id: 'ui-gone', name: 'gone', bootstrapServers: [`127.0.0.1:${deadPort}`] }],
    'kafkaDev.connectionTimeoutMs': 2000,
  } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await expandRow(treeRow(page, 'local'));
    await expandRow(treeRow(page, 'Brokers'));
    await expandRow(treeRow(page, 'Consumer Groups'));
    // Consumer Groups carries an inline Refresh (shown on hover, as VS Code's inline actions are).
    await treeRow(page, 'Consumer Groups').hover();
    await treeRow(page, 'Consumer Groups').locator('.actions a.action-label[aria-label="Refresh"]').waitFor({ state: 'visible', timeout: 15_000 });
    await expandRowUntil(treeRow(page, group), treeRow(page, 'Members'));
    await expandRowUntil(groupTopicRow(page), treeRow(page, 'Partition 0'));
    await blurTree(page);
    await expectFigure(page, treeRow(page, group), 'lag ', 'the group (light)');
    await expectFigure(page, treeRow(page, 'Partition 0'), 'lag ', 'the group\'s partition 0 (light)');
    await page.mouse.move(700, 600);
    t.diagnostic(`screenshot ${await vs.screenshot('tree-groups-light')}`);

    // No filter set: the palette does not offer Clear Topic Filter (Filter Topics it does).
    let rows = await palette(vs, '>Kafka: Topic Filter');
    await labelled(page, rows, 'Kafka: Filter Topics').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await labelled(page, rows, 'Kafka: Clear Topic Filter').count(), 0, 'Clear Topic Filter offered with no filter set');
    await page.keyboard.press('Escape');
    await vs.runCommand('Kafka: Filter Topics');
    await labelled(page, page.locator('.quick-input-list .monaco-list-row'), 'local').click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Filter Topics' }).waitFor({ state: 'visible', timeout: 15_000 });
    await fillIn(page.locator('.quick-input-widget .quick-input-box input'), 'tree-*');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    await treeRow(page, 'Topics').locator('.label-description', { hasText: /^filter: tree-\*/ }).waitFor({ state: 'visible', timeout: 15_000 });
    rows = await palette(vs, '>Kafka: Topic Filter');
    await labelled(page, rows, 'Kafka: Clear Topic Filter').waitFor({ state: 'visible', timeout: 15_000 });
    await labelled(page, rows, 'Kafka: Clear Topic Filter').click();
    await labelled(page, page.locator('.quick-input-list .monaco-list-row'), 'local').click();
    await treeRow(page, 'Topics').locator('.label-description', { hasText: /^filter:/ }).waitFor({ state: 'hidden', timeout: 15_000 });

    // Test Connection to a cluster that refuses: an error with Edit Cluster and Retry.
    await vs.runCommand('Kafka: Test Connection');
    await labelled(page, page.locator('.quick-input-list .monaco-list-row'), 'gone').click();
    const center = page.locator('.notifications-center');
    if (!(await center.isVisible())) await page.locator('.part.statusbar [id="status.notifications"]').click();
    const error = center.locator('.notification-list-item', { hasText: /gone: .*refused/i }).first();
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    t.diagnostic(`screenshot ${await vs.screenshot('tree-cluster-error-light')}`);
    // The cluster goes (as a person removing it from settings would), the notification stays.
    vs.updateSettings({ 'kafkaDev.clusters': [local] });
    await treeRow(page, 'gone').waitFor({ state: 'hidden', timeout: 30_000 });
    if (!(await center.isVisible())) await page.locator('.part.statusbar [id="status.notifications"]').click();
    // The bell's hover label would sit over the button.
    await page.mouse.move(700, 400);
    await page.locator('.monaco-hover').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await error.getByRole('button', { name: 'Retry' }).click();
    // A click closes the center; the answer lands behind the bell.
    await center.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    if (!(await center.isVisible())) await page.locator('.part.statusbar [id="status.notifications"]').click();
    await center.locator('.notification-list-item', { hasText: 'Cluster "gone" has been removed since this notification was shown' })
      .first().waitFor({ state: 'visible', timeout: 15_000 });
    t.diagnostic(`screenshot ${await vs.screenshot('tree-cluster-gone-light')}`);
  } catch (e) {
    await vs.screenshot('tree-light-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
