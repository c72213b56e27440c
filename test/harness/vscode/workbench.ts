// Steps on a VS Code workbench page that every UI test (and the `npm start` test) shares.
import type { Page } from 'playwright-core';

/** Shows the Kafka view container (activity-bar icon of view container `kafkaDev`) and waits for its body. */
export async function openKafkaView(page: Page): Promise<void> {
  const item = page.locator('.part.activitybar .action-item')
    .filter({ has: page.locator('a.action-label[class*="activity-workbench-view-extension-kafkaDev-"]') }).first();
  await item.waitFor({ state: 'visible', timeout: 60_000 });
  // Clicking the icon of the container that is already shown would hide the side bar.
  if (!((await item.getAttribute('class')) ?? '').split(/\s+/).includes('checked')) {
    await item.click();
    // Move away so the icon's hover label does not sit in every screenshot.
    await page.mouse.move(700, 600);
  }
  // With one view in the container its header is hidden; its body shows either way.
  await page.locator('.part.sidebar .pane:has(> .pane-header[aria-label^="Clusters"]) > .pane-body')
    .first().waitFor({ state: 'visible', timeout: 30_000 });
}
