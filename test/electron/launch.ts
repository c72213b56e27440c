// `npm run test:electron`: the same extension-host suites (test/vscode-host) under desktop VS Code,
// launched by @vscode/test-electron, for machines that can download VS Code (or have one: set
// KAFKA_DEV_VSCODE_EXECUTABLE). Linux needs a display (e.g. `xvfb-run -a npm run test:electron`).
// Where nothing can be downloaded, `npm test` runs these suites in code-server instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../harness/cache';
import { useBroker } from '../harness/sharedBroker';

async function main(): Promise<number> {
  const broker = await useBroker();
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-electron-'));
  try {
    return await runTests({
      version: process.env.KAFKA_DEV_VSCODE_VERSION ?? 'stable',
      vscodeExecutablePath: process.env.KAFKA_DEV_VSCODE_EXECUTABLE,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'vscode-host', 'index.js'),
      extensionTestsEnv: {
        KAFKA_DEV_TEST_BOOTSTRAP: broker.bootstrap,
        KAFKA_DEV_TEST_SASL_BOOTSTRAP: broker.saslBootstrap,
        KAFKA_DEV_VSCODE_GREP: process.env.KAFKA_DEV_VSCODE_GREP,
      },
      // An idle download stalls for this long at most before failing.
      timeout: 30_000,
      launchArgs: [join(dir, 'workspace'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', '--user-data-dir', join(dir, 'user-data')],
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/download|fetch|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|update\.code\.visualstudio\.com|socket/i.test(msg)) {
      console.error(`\ntest:electron could not get VS Code: ${msg}\n` +
        'This launcher downloads VS Code from update.code.visualstudio.com, which this machine cannot reach.\n' +
        'Set KAFKA_DEV_VSCODE_EXECUTABLE to an installed VS Code binary, or run `npm test`, which runs the same\n' +
        'extension-host suites in code-server (test/vscode-host/extensionHost.test.ts).');
      return 2;
    }
    console.error(`test:electron failed: ${msg}`);
    return 1;
  } finally {
    await broker.release();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
