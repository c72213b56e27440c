// Steps on a VS Code workbench page that every UI test (and the `npm start` test) shares.
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../process';

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

/**
 * Types `text` into `input` (replacing what it held) and checks that it landed. Playwright's fill
 * focuses the element and then inserts the text into whatever has focus; when the workbench moves
 * focus in between (a notification, a webview taking focus as it settles) the text goes nowhere and
 * the input stays as it was. So: fill, read the value back, fill again (at most three times).
 */
export async function fillIn(input: Locator, text: string): Promise<void> {
  let value = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    await input.fill(text);
    const deadline = Date.now() + 1_000;
    do {
      value = await input.inputValue().catch(() => '');
      if (value === text) return;
      await sleep(100);
    } while (Date.now() < deadline);
  }
  throw new Error(`typing ${JSON.stringify(text)} did not land in the input after 3 tries; it holds ${JSON.stringify(value)}`);
}

/** The open input box of the quick input widget (showInputBox and quick picks). */
export const quickInput = (page: Page) => page.locator('.quick-input-widget .quick-input-box input');

/** Waits for the input box whose title contains `step` (e.g. "(2/4 partitions)"), types `text` over its default, Enter. */
export async function answerStep(page: Page, step: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 30_000 });
  await fillIn(quickInput(page), text);
  await page.keyboard.press('Enter');
}

/** The Output panel's visible text (Monaco renders spaces as U+00A0). */
export async function outputText(page: Page): Promise<string> {
  const lines = await page.locator('.part.panel .view-lines .view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}

/** Waits until the Output panel's visible text matches `re`, and returns that text. */
export async function waitForOutput(page: Page, re: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await outputText(page).catch(() => '');
    if (re.test(last)) return last;
    await sleep(200);
  }
  throw new Error(`the Output panel never showed ${re}; it showed:\n${last}`);
}

/**
 * Kafka: Describe Topic from the palette: the shared topic quick pick (busy while it lists), `topic`
 * typed and chosen, then waits for the read-only description of it on cluster `cluster` in an editor.
 */
export async function describeFromPalette(vs: { page: Page; runCommand(title: string): Promise<void> }, topic: string, cluster = 'local'): Promise<void> {
  const { page } = vs;
  await vs.runCommand('Kafka: Describe Topic');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: `topic on ${cluster}` }).waitFor({ state: 'visible', timeout: 30_000 });
  await fillIn(quickInput(page), topic);
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: topic }) }).first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  // Monaco renders spaces as U+00A0.
  await page.locator('.editor-instance .view-lines', { hasText: new RegExp(`Topic[\\s\u00a0]+${topic}[\\s\u00a0]+on[\\s\u00a0]+${cluster}`) })
    .waitFor({ state: 'visible', timeout: 30_000 });
}

/** Waits for a notification in the notification center (this workbench keeps new ones out of the toasts). */
export async function notified(page: Page, text: string, timeoutMs = 30_000): Promise<void> {
  const item = page.locator('.notifications-center .notification-list-item', { hasText: text });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await page.locator('.notifications-center').isVisible())) await page.locator('.part.statusbar [id="status.notifications"]').click();
    try {
      await item.first().waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}
