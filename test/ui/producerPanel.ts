// Steps on the producer panel (a webview) that the producer UI tests share: open it from the tree, type
// into its web components, choose in its selects, wait for its text, read a topic back with kcat.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FrameLocator, Page } from 'playwright-core';
import { VsCodeSession } from '../harness/vscode';
import { clickTopicAction } from '../harness/vscode/tree';
import { fillIn } from '../harness/vscode/workbench';

const run = promisify(execFile);

/** The producer webview's document (VS Code nests it: webview host iframe → active-frame). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Opens the panel of `topic` on cluster "local" with the topic's inline action and waits for the form. */
export async function openFromTree(vs: VsCodeSession, topic: string): Promise<FrameLocator> {
  await vs.openKafkaView();
  await clickTopicAction(vs.page, 'local', topic, 'Produce Message');
  const f = panelFrame(vs.page);
  await f.locator('#send').waitFor({ timeout: 30_000 });
  return f;
}

/** Reads a web component's `value` property (its shadow input is an implementation detail). */
export const valueOf = (f: FrameLocator, sel: string): Promise<string> =>
  f.locator(sel).evaluate((e) => String((e as unknown as { value: unknown }).value));

export async function fill(f: FrameLocator, id: string, text: string): Promise<void> {
  await fillIn(f.locator(`#${id} ${id === 'value' ? 'textarea' : 'input'}`), text);
}

/** Chooses the option labelled `label` in the select `#id` as a person does: open it, click the option. */
export async function choose(f: FrameLocator, id: string, label: string): Promise<void> {
  const s = f.locator(`#${id}`);
  await s.click();
  await s.getByRole('option', { name: label, exact: true }).click();
  await f.locator(`#${id}`).evaluate((e, l) => new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const check = (): void => {
      const v = (e as unknown as { value: string }).value;
      const chosen = e.querySelector(`vscode-option[value="${v}"]`)?.textContent?.trim();
      if (chosen === l) resolve();
      else if (Date.now() - t0 > 5_000) reject(new Error(`#${e.id} shows "${chosen ?? v}", not "${l}"`));
      else setTimeout(check, 50);
    };
    check();
  }), label);
}

export async function expectText(f: FrameLocator, sel: string, re: RegExp, timeout = 20_000): Promise<string> {
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

export interface Rec { partition: number; offset: number; key: string; value: string; headers: string }

/** Every record of `topic`, read with kcat (-J). */
export async function kcatAll(bootstrap: string, topic: string): Promise<Rec[]> {
  const { stdout } = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  return stdout.split('\n').filter((l) => l.trim()).map((l) => {
    const j = JSON.parse(l) as { partition: number; offset: number; key: string | null; payload: string; headers?: string[] };
    return { partition: j.partition, offset: j.offset, key: j.key ?? '', value: j.payload, headers: (j.headers ?? []).join(',') };
  });
}

/** kcat's `%k=%s` with -Z, one line per record: a null key or value prints as NULL. */
export async function kcatNulls(bootstrap: string, topic: string): Promise<string[]> {
  const { stdout } = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-Z', '-f', '%k=%s\\n'], { timeout: 30_000 });
  return stdout.split('\n').filter((l) => l);
}
