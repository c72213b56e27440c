// Watch Lag end to end in a real VS Code (code-server + Chromium) against a real broker: a group with lag
// on three partitions, opened from the group's inline action in the tree; while records arrive and the
// group commits, the panel's total, legend, table and chart follow (sampling every second); the total
// equals what the broker says; screenshots in the dark and the light theme; no CSP violation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { sleep } from '../harness/process';
import { kcatProduce } from '../harness/kcat';
import type { VsCodeSession } from '../harness/vscode';
import { withVsCode } from '../harness/vscode/session';
import { expandRow, revealRow, treeRow } from '../harness/vscode/tree';
import { expectText, panelFrame } from './producerPanel';
import { closeUiTopic, openUiTopic, UiTopic } from './uiTopic';

let fx: UiTopic;
const group = `ui-lag-group-${Date.now().toString(36)}`;

before(async () => {
  fx = await openUiTopic('ui-lag', 3);
  kcatProduce(fx.broker.bootstrap, fx.topic, Array.from({ length: 40 }, (_, i) => `a${i}`), ['-p', '0']);
  kcatProduce(fx.broker.bootstrap, fx.topic, Array.from({ length: 25 }, (_, i) => `b${i}`), ['-p', '1']);
  kcatProduce(fx.broker.bootstrap, fx.topic, Array.from({ length: 10 }, (_, i) => `c${i}`), ['-p', '2']);
  await commit({ 0: '10', 1: '20', 2: '0' });
});
after(() => closeUiTopic(fx));

/** Commits the group's offsets as a consumer catching up would (the group has no member). */
function commit(offsets: Record<number, string>): Promise<void> {
  return fx.admin.run('set offsets', (a) => a.setOffsets({ groupId: group, topic: fx.topic, partitions: Object.entries(offsets).map(([p, offset]) => ({ partition: Number(p), offset })) }));
}

async function totalLag(): Promise<string> {
  return (await fx.admin.groupLag(group)).reduce((s, l) => s + BigInt(l.lag), 0n).toString();
}

/** Clicks the group row's inline "Watch Lag" action (retried when the click reached the command without its row). */
async function watchFromTree(vs: VsCodeSession): Promise<FrameLocator> {
  const page = vs.page;
  await vs.openKafkaView();
  await expandRow(treeRow(page, 'local'));
  await expandRow(treeRow(page, 'Consumer Groups'));
  const row = treeRow(page, group);
  await revealRow(page, row, 60_000);
  const lostRow = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Watch Lag: group on' });
  for (let attempt = 1; ; attempt++) {
    await revealRow(page, row);
    await row.hover();
    await row.locator('.actions a.action-label[aria-label="Watch Lag"]').click();
    const lost = await lostRow.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    if (!lost) break;
    if (attempt === 3) throw new Error('"Watch Lag" on the group row reached the command without its row 3 times');
    await page.keyboard.press('Escape');
  }
  const f = panelFrame(page);
  await f.locator('#total').waitFor({ timeout: 30_000 });
  return f;
}

async function run(theme: 'dark' | 'light'): Promise<void> {
  await withVsCode({
    theme,
    name: `lag-${theme}`,
    settings: {
      'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: fx.broker.bootstrap.split(',') }],
      'kafkaDev.lag.sampleSeconds': 1,
    },
  }, async (vs) => {
    const f = await watchFromTree(vs);
    await expectText(f, 'h1', new RegExp(`^Lag of ${group} on local$`));
    await expectText(f, '#total', new RegExp(`^${(await totalLag()).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}$`), 30_000);
    // A consumer that falls behind on p0 and catches up on p1: the lines move apart.
    for (let i = 0; i < 4; i++) {
      kcatProduce(fx.broker.bootstrap, fx.topic, Array.from({ length: 15 }, (_, j) => `more${i}-${j}`), ['-p', '0']);
      const ends = await fx.admin.groupLag(group);
      const p1 = ends.find((l) => l.partition === 1)!;
      await commit({ 1: String(Math.min(Number(p1.end), Number(p1.committed ?? '0') + 2)) });
      await sleep(1_500);
    }
    const want = await totalLag();
    await expectText(f, '#total', new RegExp(`^${want.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}$`), 30_000);
    await expectText(f, '#state', /^Sampling every 1 s while this panel is visible · last sample \d\d:\d\d:\d\d · \d+ samples \(last 30 min kept\)$/);
    await expectText(f, '#trend', /^ · rising \(\+[\d,]+ since \d\d:\d\d:\d\d\)$/);
    assert.equal(await f.locator('svg.chart path.line.total').count(), 1);
    assert.equal(await f.locator('svg.chart path.line:not(.total)').count(), 3);
    const legend = (await f.locator('#legend li').allTextContents()).map((s) => s.trim());
    assert.equal(legend.length, 4, legend.join(' | '));
    assert.match(legend[0], /^Total [\d,]+$/);
    for (const [i, p] of [0, 1, 2].entries()) assert.match(legend[i + 1], new RegExp(`^${fx.topic} · p${p} \\d+$`));
    const rows = await f.locator('#rows tr').allTextContents();
    assert.equal(rows.length, 3);
    const lags = await fx.admin.groupLag(group);
    // The table's "now" is the last sample; the broker's figures for p2 never changed (nothing produced, nothing committed).
    assert.match(rows[2], new RegExp(`^${fx.topic} · p2${lags[2].lag}${lags[2].lag}${lags[2].lag}$`));
    // The pointer away from the tree row (its hover tooltip) and the chart.
    await vs.page.mouse.move(700, 860);
    await sleep(500);
    await vs.screenshot(`lag-${theme}`);
  });
}

test('dark: Watch Lag from the group row follows records and commits; chart, legend, table', { timeout: 5 * 60_000 }, () => run('dark'));
test('light: the same, readable in the light theme', { timeout: 5 * 60_000 }, () => run('light'));
