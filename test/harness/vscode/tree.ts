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
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  while ((await row.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) throw new Error(`tree row did not expand within ${timeoutMs} ms`);
    await row.click();
    const until = Math.min(deadline, Date.now() + 3_000);
    while (Date.now() < until && (await row.getAttribute('aria-expanded')) !== 'true') await sleep(100);
  }
}

/**
 * In the Kafka view (already open): expands cluster `cluster` and its Topics, then clicks the inline
 * action `action` (its aria-label, e.g. "Produce Message") on the row of `topic`.
 */
export async function clickTopicAction(page: Page, cluster: string, topic: string, action: string): Promise<void> {
  await expandRow(treeRow(page, cluster));
  await expandRow(treeRow(page, 'Topics'));
  const row = treeRow(page, topic);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  // Inline actions show on hover.
  await row.hover();
  await row.locator(`.actions a.action-label[aria-label="${action}"]`).click();
}
