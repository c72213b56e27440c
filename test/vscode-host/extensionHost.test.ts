// Runs the mocha suites of test/vscode-host/suites inside the extension host of a real VS Code
// (code-server), with the extension loaded from this repository, against the shared real broker.
// Each mocha test becomes a node:test subtest, so the runner's summary counts them.
import { after, before, test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/cache';
import { BrokerHandle, useBroker } from '../harness/sharedBroker';
import { runExtensionTests } from '../harness/vscode';

let broker: BrokerHandle;
before(async () => { broker = await useBroker(); });
after(async () => { await broker.release(); });

test('extension host (code-server)', { timeout: 10 * 60_000 }, async (t) => {
  const run = await runExtensionTests({
    testsPath: join(repoRoot, 'out', 'test', 'vscode-host', 'index'),
    env: {
      KAFKA_DEV_TEST_BOOTSTRAP: broker.bootstrap,
      KAFKA_DEV_TEST_SASL_BOOTSTRAP: broker.saslBootstrap,
      ...(process.env.KAFKA_DEV_VSCODE_GREP ? { KAFKA_DEV_VSCODE_GREP: process.env.KAFKA_DEV_VSCODE_GREP } : {}),
    },
    timeoutMs: 9 * 60_000,
  });
  const logDir = join(repoRoot, 'test-results', 'logs');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, 'extension-host.log'), run.logs.join('\n') + '\n');
  t.diagnostic(`code-server up in ${run.timings.serverMs} ms, workbench in ${run.timings.workbenchMs} ms, suites done in ${run.durationMs} ms`);
  for (const r of run.results) {
    await t.test(r.titlePath.join(' › '), { skip: r.state === 'pending' }, (st) => {
      st.diagnostic(`${r.durationMs} ms in the extension host`);
      if (r.state === 'failed') throw new Error(r.error ?? 'failed');
    });
  }
  const failedCount = run.results.filter((r) => r.state === 'failed').length;
  if (run.exitCode !== 0 && failedCount === 0 || run.results.length === 0) {
    // Failed without a single test result: loading, activation or the transport broke; show why.
    throw new Error(`extension tests exited with ${run.exitCode} after ${run.results.length} results\n${run.logs.slice(-80).join('\n')}`);
  }
  if (failedCount > 0) throw new Error(`${failedCount} extension-host test(s) failed`);
});
