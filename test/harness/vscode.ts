// A real VS Code for tests: code-server (VS Code's server and workbench, from npm, on Node 24) with this
// extension loaded from the repository as an extension under development, driven by Debian's Chromium
// through playwright-core. Two entry points:
//   startVsCode()        a workbench page for UI tests (palette, views, screenshots)
//   runExtensionTests()  mocha suites inside the real extension host, results reported back as JSON lines
// Both rely on code-server's smoke-test driver, which reads `extensionDevelopmentPath`,
// `extensionTestsPath` and `extensionEnvironment` from the page URL's `payload`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './cache';
import { launchChromium } from './vscode/browser';
import { CodeServer, startCodeServer } from './vscode/codeServer';
import { MochaTestResult, parseResults } from './vscode/results';
import { openKafkaView as openKafkaViewOn } from './vscode/workbench';

export type { MochaTestResult } from './vscode/results';

export interface VsCodeOptions {
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  theme?: 'dark' | 'light';
  workspace?: string;
}

export interface VsCodeSession {
  readonly url: string;
  /** Workbench ready (.monaco-workbench visible). */
  readonly page: Page;
  /** F1, types ">Kafka: Create Topic", runs that exact command. */
  runCommand(titleAfterGreaterThan: string): Promise<void>;
  /** Saves test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Shows the Kafka view container (activity-bar icon, id kafkaDev). */
  openKafkaView(): Promise<void>;
  /** Browser and code-server stopped, temp dirs removed. */
  close(): Promise<void>;
  /**
   * Changes settings while VS Code runs, as a person editing settings.json would (undefined removes a
   * key); the workbench notices the file change within a second or so, so wait for its effect.
   */
  updateSettings(changes: Record<string, unknown>): void;
  /** Workbench log lines (codeAutomationLog and the page console), for failure messages. */
  readonly logs: readonly string[];
  /** code-server start → /healthz, and → workbench visible, in ms. */
  readonly timings: { readonly serverMs: number; readonly workbenchMs: number };
}

export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screenshots');

// Lines from the smoke-test driver's channel; the page console repeats some of them.
const AUTOMATION = '[automation]';

function baseSettings(theme: 'dark' | 'light' = 'dark'): Record<string, unknown> {
  return {
    'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    // Newer workbenches open the chat in the secondary side bar on first start; it only adds noise here.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.enabled': false,
  };
}

/** The workbench URL with the smoke-test driver's payload. */
function workbenchUrl(cs: CodeServer, pairs: Array<[string, string]>): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const payload = pairs.map(([k, v]): [string, string] => (k.endsWith('Path') ? [k, remote(v)] : [k, v]));
  return `${cs.url}/?folder=${encodeURIComponent(cs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function logArgs(args: unknown): string {
  return Array.isArray(args) ? format(...(args as unknown[])) : String(args);
}

async function openPage(browser: Browser, logs: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // The driver's channel already carries the workbench's log; keep only what it lacks from the console.
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') logs.push(`[console.${m.type()}] ${m.text()}`); });
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
    logs.push(`${AUTOMATION}[${String(type)}] ${logArgs(args)}`);
  });
  return page;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * code-server and Chromium started side by side (they need nothing from each other until the page is
 * opened, and each takes about a second); whichever started is stopped again when the other fails.
 */
async function startBoth(o: Parameters<typeof startCodeServer>[0]): Promise<{ cs: CodeServer; browser: Browser; serverMs: number }> {
  const t0 = Date.now();
  const browserP = launchChromium();
  const csP = startCodeServer(o).then((cs) => ({ cs, serverMs: Date.now() - t0 }));
  const [b, c] = await Promise.allSettled([browserP, csP]);
  if (b.status === 'fulfilled' && c.status === 'fulfilled') return { cs: c.value.cs, browser: b.value, serverMs: c.value.serverMs };
  if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
  if (c.status === 'fulfilled') await c.value.cs.stop();
  throw (c.status === 'rejected' ? c.reason : (b as PromiseRejectedResult).reason) as Error;
}

/** The browser and the server stopped together (closing the page first gains nothing: the server kills its group). */
async function stopBoth(browser: Browser | undefined, cs: CodeServer): Promise<void> {
  await Promise.all([browser?.close().catch(() => undefined), cs.stop()]);
}

export async function startVsCode(opts: VsCodeOptions = {}): Promise<VsCodeSession> {
  const t0 = Date.now();
  const started = await startBoth({
    settings: { ...baseSettings(opts.theme), ...opts.settings },
    env: opts.env,
    workspace: opts.workspace,
  });
  const { cs, serverMs } = started;
  const logs: string[] = [];
  let browser: Browser | undefined = started.browser;
  const close = async (): Promise<void> => {
    const b = browser;
    browser = undefined;
    await stopBoth(b, cs);
  };
  try {
    const page = await openPage(browser, logs);
    const pairs: Array<[string, string]> = [['extensionDevelopmentPath', repoRoot]];
    if (opts.env && Object.keys(opts.env).length) pairs.push(['extensionEnvironment', JSON.stringify(opts.env)]);
    await page.goto(workbenchUrl(cs, pairs), { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    const workbenchMs = Date.now() - t0;

    const runCommand = async (title: string): Promise<void> => {
      const label = title.replace(/^>\s*/, '').trim();
      const input = page.locator('.quick-input-widget .quick-input-box input');
      // The exact command, not the first fuzzy match ("Kafka: Create Topic" vs "... Topic From ...").
      const row = page.locator('.quick-input-list .monaco-list-row').filter({
        has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }),
      }).first();
      // The palette closes when focus moves away from it (a panel or view revealing itself as the
      // extension writes to it, on a busy machine just after F1): a person opens it again, and so does
      // this. Other failures (no such command) are thrown as they are.
      for (let opened = 1; ; opened++) {
        // F1 can land in a webview iframe that swallows it; press again until the palette shows.
        for (let i = 0; ; i++) {
          await page.keyboard.press('F1');
          try {
            await input.waitFor({ state: 'visible', timeout: 5_000 });
            break;
          } catch (e) {
            if (i >= 3) throw e;
            await page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } }).catch(() => undefined);
          }
        }
        try {
          await input.fill(`>${label}`, { timeout: 10_000 });
          await row.waitFor({ state: 'visible', timeout: 15_000 });
          await row.click({ timeout: 10_000 });
          return;
        } catch (e) {
          if (opened >= 4 || await input.isVisible()) throw e;
        }
      }
    };

    const screenshot = async (name: string): Promise<string> => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name.replace(/\.png$/, '')}.png`);
      await page.screenshot({ path });
      return path;
    };

    const openKafkaView = (): Promise<void> => openKafkaViewOn(page);

    return {
      url: cs.url, page, runCommand, screenshot, openKafkaView, close, logs, timings: { serverMs, workbenchMs },
      updateSettings: (changes) => cs.updateSettings(changes),
    };
  } catch (e) {
    await close();
    throw new Error(`VS Code did not start: ${e instanceof Error ? e.message : String(e)}\n${logs.slice(-40).join('\n')}`);
  }
}

export interface ExtensionTestOptions {
  /** Module exporting run() (mocha), e.g. out/test/vscode-host/index (with or without .js). */
  testsPath: string;
  /** Environment of the extension host (KAFKA_DEV_TEST_BOOTSTRAP, ...). */
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Upper bound for the whole run, code-server start included (default 9 minutes). */
  timeoutMs?: number;
}

export interface ExtensionTestRun {
  /** 0 when run() resolved, 1 when it rejected (failures), as reported by the workbench. */
  readonly exitCode: number;
  readonly logs: string[];
  readonly results: MochaTestResult[];
  readonly durationMs: number;
  readonly timings: { readonly serverMs: number; readonly workbenchMs: number };
}

/** Runs mocha suites in the real extension host of a fresh code-server, with this extension loaded. */
export async function runExtensionTests(o: ExtensionTestOptions): Promise<ExtensionTestRun> {
  const t0 = Date.now();
  const timeoutMs = o.timeoutMs ?? 9 * 60_000;
  // The extension host inherits the server's environment as well, so env reaches it either way.
  const { cs, browser, serverMs } = await startBoth({ settings: { ...baseSettings(), ...o.settings }, env: o.env });
  const logs: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const page = await openPage(browser, logs);
    let onExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve, reject) => {
      onExit = resolve;
      timer = setTimeout(() => reject(new Error(`extension tests did not finish within ${timeoutMs} ms`)), timeoutMs - serverMs);
    });
    exit.catch(() => undefined); // rejected while still loading: awaited (and reported) below
    await page.exposeFunction('codeAutomationExit', (code: unknown, extra?: unknown) => {
      if (extra !== undefined) logs.push(`[exit] ${logArgs(extra)}`);
      onExit(Number(code));
    });
    const pairs: Array<[string, string]> = [
      ['extensionDevelopmentPath', repoRoot],
      ['extensionTestsPath', o.testsPath.replace(/\.js$/, '')],
    ];
    if (o.env && Object.keys(o.env).length) pairs.push(['extensionEnvironment', JSON.stringify(o.env)]);
    await page.goto(workbenchUrl(cs, pairs), { timeout: 60_000 });
    // A tiny suite may finish (and the workbench shut down) before this check sees the workbench.
    await Promise.race([page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 }), exit]);
    const workbenchMs = Date.now() - t0;
    const exitCode = await exit;
    return { exitCode, logs, results: parseResults(logs.filter((l) => l.startsWith(AUTOMATION))), durationMs: Date.now() - t0, timings: { serverMs, workbenchMs } };
  } catch (e) {
    const tail = logs.slice(-80).join('\n');
    throw new Error(`${e instanceof Error ? e.message : String(e)}\ncode-server log: ${cs.logFile}\n--- workbench log (last lines) ---\n${tail}`);
  } finally {
    clearTimeout(timer);
    await stopBoth(browser, cs);
  }
}
