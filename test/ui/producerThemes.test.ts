// The producer panel in every built-in theme kind (light, dark, high contrast, high contrast light) in a
// real VS Code: the course's messages go through with the default settings (Hello and Theja as text,
// {"name":"Theja"} as JSON), and the result line's text MEASURES at least WCAG AA (4.5:1) against the
// background it is drawn on, its icon at least 3:1 (WCAG 1.4.11, non-text).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { BrokerHandle } from '../harness/sharedBroker';
import { startVsCode, VsCodeSession } from '../harness/vscode';
import { contrastRatio, effectiveBackground, parseColor } from './contrast';
import { expectText, fill, kcatAll, openFromTree, valueOf } from './producerPanel';
import { closeUiTopic, openUiTopic } from './uiTopic';
import { fillIn } from '../harness/vscode/workbench';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;

before(async () => { ({ broker, admin, topic } = await openUiTopic('ui-themes', 1)); });
after(() => closeUiTopic({ broker, admin, topic }));

/** The text colour of `sel` and the backgrounds of it and its ancestors, innermost first (page side). */
async function colours(f: FrameLocator, sel: string): Promise<{ color: string; backgrounds: string[] }> {
  return f.locator(sel).evaluate((el) => {
    // Runs in the page (the test's tsconfig has no DOM types, hence the small local shapes).
    interface El { parentElement: El | null }
    const style = (globalThis as unknown as { getComputedStyle(e: El): { color: string; backgroundColor: string } }).getComputedStyle;
    const backgrounds: string[] = [];
    // Up to and including the first opaque background (rgb(), or rgba() with alpha 1).
    for (let e: El | null = el as unknown as El; e; e = e.parentElement) {
      const bg = style(e).backgroundColor;
      backgrounds.push(bg);
      if (/^rgb\(/.test(bg) || /,\s*1\)$/.test(bg)) break;
    }
    return { color: style(el as unknown as El).color, backgrounds };
  });
}

async function ratio(f: FrameLocator, sel: string): Promise<{ ratio: number; detail: string }> {
  const c = await colours(f, sel);
  const bg = effectiveBackground(c.backgrounds);
  const r = contrastRatio(parseColor(c.color), bg);
  return { ratio: r, detail: `${c.color} on ${JSON.stringify(bg)} (layers ${c.backgrounds.join(' | ')}) = ${r.toFixed(2)}:1` };
}

/**
 * Switches the colour theme as a person does (Preferences: Color Theme, pick it) and waits until the
 * webview has received it. (Writing workbench.colorTheme to the user settings file is not picked up by
 * code-server's web workbench while it runs.)
 */
async function useTheme(vs: VsCodeSession, f: FrameLocator, label: string, kind: string): Promise<void> {
  if (await f.locator(`body.${kind}`).count() === 0) {
    await vs.runCommand('Preferences: Color Theme');
    const { page } = vs;
    await fillIn(page.locator('.quick-input-widget .quick-input-box input'), label);
    const exact = new RegExp(`^\\s*${label}\\s*$`);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
    await row.click();
  }
  await f.locator(`body.${kind}`).waitFor({ state: 'attached', timeout: 30_000 });
}

// theme: the settings id (workbench.colorTheme); label: what the theme picker lists.
const THEMES: Array<{ theme: string; label: string; kind: string; shot: string; message: string; as: 'text' | 'JSON' }> = [
  // The course's three messages, in order, with the panel's defaults.
  { theme: 'Default Light Modern', label: 'Light Modern', kind: 'vscode-light', shot: 'light', message: 'Hello', as: 'text' },
  { theme: 'Default Dark Modern', label: 'Dark Modern', kind: 'vscode-dark', shot: 'dark', message: 'Theja', as: 'text' },
  { theme: 'Default High Contrast', label: 'Dark High Contrast', kind: 'vscode-high-contrast', shot: 'hc-dark', message: '{"name":"Theja"}', as: 'JSON' },
  { theme: 'Default High Contrast Light', label: 'Light High Contrast', kind: 'vscode-high-contrast-light', shot: 'hc-light', message: '{"name":"Theja","n":2}', as: 'JSON' },
];

test('course messages with the defaults; the result line is readable (AA) in light, dark and both high-contrast themes', { timeout: 5 * 60_000 }, async () => {
  const vs = await startVsCode({
    theme: 'light',
    settings: { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] },
  });
  const measured: string[] = [];
  try {
    const f = await openFromTree(vs, topic);
    assert.equal(await valueOf(f, '#value-format'), 'auto', 'Auto is the default');
    for (const [i, t] of THEMES.entries()) {
      await useTheme(vs, f, t.label, t.kind);
      await fill(f, 'value', t.message);
      await expectText(f, '#value-kind', new RegExp(`^${t.as}$`));
      await f.locator('#send').click();
      await expectText(f, '#result-headline', new RegExp(`^Sent 1 message to ${topic}: partition 0, offset ${i} \\(`), 30_000);
      await vs.screenshot(`producer-theme-${t.shot}`);
      const text = await ratio(f, '#result-headline .result-text');
      const icon = await ratio(f, '#result-headline .icon');
      measured.push(`${t.theme}: text ${text.detail}; icon ${icon.detail}`);
      assert.ok(text.ratio >= 4.5, `${t.theme}: the result text is below AA contrast: ${text.detail}`);
      assert.ok(icon.ratio >= 3, `${t.theme}: the result icon is below 3:1: ${icon.detail}`);
    }
    // Byte for byte what was typed: text as text, JSON as JSON.
    assert.deepEqual((await kcatAll(broker.bootstrap, topic)).map((r) => r.value), THEMES.map((t) => t.message));
    console.log(measured.join('\n'));
  } catch (e) {
    await vs.screenshot('producer-theme-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nmeasured so far:\n${measured.join('\n')}\n--- workbench log ---\n${vs.logs.slice(-20).join('\n')}`);
  } finally {
    await vs.close();
  }
});
