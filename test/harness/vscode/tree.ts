// Helpers for tree views in the workbench's side bar (the Kafka view): rows are `.monaco-list-row`
// elements whose `.label-name` holds the label; collapsible rows carry aria-expanded.
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../process';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The side-bar tree row whose label is exactly `label` (first match). */
export function treeRow(page: Page, label: string): Locator {
  const exact = new RegExp(`^\\s*${escapeRe(label)}\\s*$`);
  return page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
}

/**
 * Expands `row` (no-op when already expanded). A click that lands while the tree is still being
 * rendered can be lost on a busy machine, so it clicks again until the row reports expanded.
 */
export async function expandRow(row: Locator, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await revealRow(row.page(), row, timeoutMs);
  while ((await row.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) throw new Error(`tree row did not expand within ${timeoutMs} ms`);
    await row.click();
    const until = Math.min(deadline, Date.now() + 3_000);
    while (Date.now() < until && (await row.getAttribute('aria-expanded')) !== 'true') await sleep(100);
  }
}

/**
 * Expands `row` until `child` shows under it. A refresh of the row's parent that lands while the row's
 * children load (the Topics row redraws once more for its count after a reload) can leave the row
 * expanded with no children drawn; a person collapses and expands it again, and so does this.
 */
export async function expandRowUntil(row: Locator, child: Locator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await expandRow(row, Math.max(1_000, deadline - Date.now()));
    const shown = await revealRow(child.page(), child, Math.min(10_000, Math.max(1_000, deadline - Date.now()))).then(() => true, () => false);
    if (shown) return;
    if (Date.now() > deadline) throw new Error(`the expanded row never showed its child within ${timeoutMs} ms`);
    await row.click();
    for (const until = Date.now() + 3_000; Date.now() < until && (await row.getAttribute('aria-expanded')) === 'true';) await sleep(100);
  }
}

/**
 * Scrolls the side-bar tree with the mouse wheel, as a person would, until `row` is inside the visible part
 * of its list. The list scrolls itself (it is not a DOM scroll container), so Playwright's own scrolling
 * cannot bring a row below the fold into view, and hovering it there shows no inline actions. A row not
 * rendered (the list only renders what is near the view, and the shared broker's topic list is longer than
 * the window) is looked for by sweeping the list down and up until the row appears or time runs out; this
 * is also how a test waits for a row that is still loading.
 */
export async function revealRow(page: Page, row: Locator, timeoutMs = 20_000): Promise<void> {
  const list = page.locator('.part.sidebar .monaco-list', { has: page.locator('.monaco-list-row') }).first();
  const deadline = Date.now() + timeoutMs;
  // A row that is not rendered is looked for by sweeping: down until the list no longer scrolls (an end),
  // then up, and so on, however long the list is. Where the list is scrolled is read from its rows'
  // container (Monaco moves it by -scrollTop); a wheel step may take a moment to apply, so three steps
  // that move nothing make an end.
  const scrollTop = (): Promise<number> => list.evaluate((el) => {
    const rows = el.querySelector('.monaco-list-rows') as { style: { top: string } } | null;
    return rows ? -parseFloat(rows.style.top || '0') : 0;
  }).catch(() => 0);
  let down = true;
  let still = 0;
  for (;;) {
    const l = (await list.count()) > 0 ? await list.boundingBox() : null;
    const r = (await row.count()) > 0 ? await row.boundingBox() : null;
    if (l && r && r.y >= l.y && r.y + r.height <= l.y + l.height) return;
    if (Date.now() > deadline) throw new Error(`the tree row ${row} never showed in the list's view within ${timeoutMs} ms`);
    if (l) {
      await page.mouse.move(l.x + l.width / 2, l.y + l.height / 2);
      const before = await scrollTop();
      const up = r ? r.y < l.y : !down;
      await page.mouse.wheel(0, up ? -150 : 150);
      await sleep(100);
      if (!r) {
        still = (await scrollTop()) === before ? still + 1 : 0;
        if (still >= 3) { down = !down; still = 0; }
      }
    }
    await sleep(50);
  }
}

/**
 * In the Kafka view (already open): expands cluster `cluster` and its Topics, then clicks the inline
 * action `action` (its aria-label, e.g. "Produce Message") on the row of `topic`. A click that lands while
 * the tree refreshes reaches the command without its row (VS Code then has no element for the row's
 * handle), and the command asks for the topic instead: that pick is closed and the click made again.
 */
export async function clickTopicAction(page: Page, cluster: string, topic: string, action: string): Promise<void> {
  await expandRow(treeRow(page, cluster));
  await expandRow(treeRow(page, 'Topics'));
  const row = treeRow(page, topic);
  await revealRow(page, row, 60_000);
  const lostRow = page.locator('.quick-input-widget .quick-input-title', { hasText: `${action}: topic on ` });
  for (let attempt = 1; ; attempt++) {
    // Inline actions show on hover, which needs the row inside the list's visible part.
    await revealRow(page, row);
    await row.hover();
    await row.locator(`.actions a.action-label[aria-label="${action}"]`).click();
    const lost = await lostRow.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    if (!lost) return;
    if (attempt === 3) throw new Error(`"${action}" on the row of ${topic} reached the command without its row 3 times`);
    await page.keyboard.press('Escape');
    await lostRow.waitFor({ state: 'hidden', timeout: 10_000 });
  }
}
