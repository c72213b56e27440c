// `npm start`, the README's main command, as a person runs it: the start script brings up Kafka and
// code-server, prints a URL and a password (the URL alone is refused), the URL with that password shows
// the Kafka view with quickstart-events from the local broker, and Ctrl+C stops everything (nothing keeps
// listening afterwards).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../harness/cache';
import { waitFor } from '../harness/process';
import { launchChromium } from '../harness/vscode/browser';
import { expandRow, treeRow } from '../harness/vscode/tree';
import { openKafkaView } from '../harness/vscode/workbench';
import { SCREENSHOT_DIR } from '../harness/vscode';

const listening = (hostPort: string): Promise<boolean> => new Promise((resolve) => {
  const [host, port] = [hostPort.slice(0, hostPort.lastIndexOf(':')), Number(hostPort.slice(hostPort.lastIndexOf(':') + 1))];
  const s = connect({ host, port }, () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

/** code-server's login: the session cookie for `password`, or undefined when it is refused. */
async function login(base: string, password: string): Promise<string | undefined> {
  const r = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }).toString(),
  });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('code-server-session='));
  return cookie?.split(';')[0];
}

test('npm start: Kafka and VS Code come up behind a password, the printed URL shows quickstart-events, Ctrl+C stops both', { timeout: 6 * 60_000 }, async (t) => {
  // The npm script builds first; `npm test`'s pretest has built dist/ and out/ already, so run the script itself.
  // Desktop `code` would be preferred when on PATH; this test checks the code-server path.
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot, env: { ...process.env, KAFKA_DEV_START_CODE_SERVER: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Decoded by the streams, so a multi-byte character split across chunks (the banner's "→") stays whole.
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const browser = await launchChromium();
  try {
    // The URL and the Kafka address are printed in one banner, but a pipe may deliver it in two
    // chunks (one CI run read the URL before the address had arrived): wait for both.
    // waitFor retries a check that throws, so an early exit is raced here rather than thrown from it.
    // The exit at Ctrl+C later rejects this too: mark that handled.
    const earlyExit = exited.then((code): never => { throw new Error(`npm start exited with ${String(code)} before printing its URL:\n${out}`); });
    earlyExit.catch(() => undefined);
    const { url, kafka, password } = await Promise.race([
      waitFor('the start script to print the workbench URL, its password and the Kafka address', 4 * 60_000, async () => {
        const u = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m.exec(out)?.[1];
        const p = /^\s+password: (\S+)\s*$/m.exec(out)?.[1];
        const k = /Kafka: (127\.0\.0\.1:\d+)/.exec(out)?.[1];
        return u && k && p ? { url: u, kafka: k, password: p } : undefined;
      }),
      earlyExit,
    ]);
    t.diagnostic(`URL ${url}, Kafka ${kafka}`);
    assert.ok(password.length >= 20, 'a random password of at least 20 characters');

    // Without the password the URL is refused: code-server sends the browser to its login page.
    const base = new URL(url).origin;
    const anonymous = await fetch(url, { redirect: 'manual' });
    assert.equal(anonymous.status, 302, `the URL without a password must not open VS Code (HTTP ${anonymous.status})`);
    assert.match(anonymous.headers.get('location') ?? '', /login/);
    assert.equal(await login(base, 'not-the-password'), undefined, 'a wrong password is refused');
    const cookie = await login(base, password);
    assert.ok(cookie, 'the printed password logs in');
    const signedIn = await fetch(url, { redirect: 'manual', headers: { cookie } });
    assert.equal(signedIn.status, 200, 'with the password the URL serves the workbench');

    // As a person does it: open the URL, type the printed password into the login page.
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(url, { timeout: 60_000 });
    await page.locator('input[type=password]').fill(password);
    await page.locator('input[type=password]').press('Enter');
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    await openKafkaView(page);
    await expandRow(treeRow(page, 'local'));
    // The Topics row appears with its count already in place (quickstart-events is the only topic).
    await treeRow(page, 'Topics').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await treeRow(page, 'Topics').locator('.label-description').textContent())?.trim(), '1');
    await expandRow(treeRow(page, 'Topics'));
    await treeRow(page, 'quickstart-events').waitFor({ state: 'visible', timeout: 30_000 });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'npm-start.png') });

    const csAddress = new URL(url).host;
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), 60_000); })]);
    clearTimeout(timer);
    assert.equal(code, 0, `npm start did not stop cleanly on Ctrl+C (exit ${String(code)}):\n${out.slice(-2000)}`);
    assert.match(out, /stopped/);
    assert.equal(await listening(kafka), false, 'Kafka still listens after Ctrl+C');
    assert.equal(await listening(csAddress), false, 'code-server still listens after Ctrl+C');
  } finally {
    await browser.close().catch(() => undefined);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  }
});
