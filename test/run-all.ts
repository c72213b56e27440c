// `npm test`: every suite group in order (unit → integration → SSH → extension host → UI), each under its
// own node test runner, against one shared real broker plus whatever a suite starts for itself. Prints
// each group's time, then ends with the runner's summary and a plain "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './harness/cache';
import { startKafka } from './harness/kafka';
import { SCRAM_USER } from './harness/sharedBroker';
import { clearFaultRows, writeReliabilityDoc } from './harness/reliability';

const ORDER = ['setup', 'unit', 'integration', 'tunnel', 'faults', 'vscode-host', 'ui'];

function findTests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return findTests(p);
    return f.endsWith('.test.js') ? [p] : [];
  });
}

async function main(): Promise<number> {
  const outTest = join(repoRoot, 'out', 'test');
  const only = process.env.KAFKA_DEV_TEST_ONLY; // e.g. "unit,integration" while iterating
  const groups = ORDER.filter((g) => !only || only.split(',').includes(g));
  const files = groups.flatMap((g) => findTests(join(outTest, g)).sort());
  if (files.length === 0) {
    console.error('no test files found under out/test: run `npm run compile-tests` first');
    return 1;
  }
  const resultsDir = join(repoRoot, 'test-results');
  mkdirSync(resultsDir, { recursive: true });

  clearFaultRows();
  const t0 = Date.now();
  let broker: Awaited<ReturnType<typeof startKafka>>;
  try {
    broker = await startKafka({ nodes: 1, scramUsers: [{ ...SCRAM_USER }] });
  } catch (e) {
    // Without the shared broker no group can run; say so and still end with the summary line.
    console.error('the shared Kafka broker did not start:', e);
    console.log(`0 passed, ${files.length} failed (no test file ran: the shared broker did not start)`);
    return 1;
  }
  const brokerS = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`shared Kafka ${broker.version} broker up at ${broker.bootstrap} in ${brokerS} s`);

  // One runner per group, in order, so the log says how long each took; the counts are added up.
  let code = 0;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const timings: string[] = [];
  const env = { ...process.env, KAFKA_DEV_TEST_BOOTSTRAP: broker.bootstrap, KAFKA_DEV_TEST_SASL_BOOTSTRAP: broker.saslBootstrap };
  const run = async (g: string, captured: boolean): Promise<() => void> => {
    const groupFiles = files.filter((f) => relative(outTest, f).split(/[\\/]/)[0] === g);
    if (groupFiles.length === 0) return () => undefined;
    const tap = join(resultsDir, `results-${g}.tap`);
    const log = join(resultsDir, `output-${g}.log`);
    const g0 = Date.now();
    const c = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [
        '--test', '--test-concurrency=1',
        '--test-reporter=spec', `--test-reporter-destination=${captured ? log : 'stdout'}`,
        '--test-reporter=tap', `--test-reporter-destination=${tap}`,
        ...groupFiles.map((f) => relative(repoRoot, f)),
      ], { cwd: repoRoot, stdio: captured ? ['ignore', 'ignore', 'ignore'] : 'inherit', env });
      child.on('exit', (x) => resolve(x ?? 1));
    });
    const seconds = ((Date.now() - g0) / 1000).toFixed(1);
    // Counted when the group is joined, so a group run alongside others is reported where it is joined.
    return () => {
      if (captured && existsSync(log)) process.stdout.write(`\n--- ${g} (ran alongside the groups above) ---\n${readFileSync(log, 'utf8')}\n`);
      if (c !== 0) code = c;
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      const count = (k: string): number => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      passed += count('pass');
      failed += count('fail') + count('cancelled');
      skipped += count('skipped') + count('todo');
      timings.push(`${g} ${seconds} s (${count('tests')} tests${captured ? ', alongside' : ''})`);
    };
  };
  try {
    // `setup` (a first-run install from an empty cache, about 3 minutes of mostly download and unpacking)
    // runs alongside unit, integration and tunnel, which need neither its network nor its files; it is
    // joined before the fault suite, whose timings it must not disturb.
    const alongside = groups.includes('setup') && groups.length > 1 ? run('setup', true) : undefined;
    let joined = !alongside;
    const join = async (): Promise<void> => {
      if (joined || !alongside) return;
      joined = true;
      (await alongside)();
    };
    for (const g of groups) {
      if (g === 'setup' && alongside) continue;
      if (['faults', 'vscode-host', 'ui'].includes(g)) await join();
      (await run(g, false))();
    }
    await join();
  } finally {
    await broker.stop();
  }

  // The fault cases' rows (test/harness/reliability.ts) become docs/reliability.md, committed with the code.
  if (writeReliabilityDoc(broker.version)) console.log('docs/reliability.md written from this run\'s fault cases');
  console.log(`suite times: shared broker start ${brokerS} s, ${timings.join(', ')}`);
  console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return code !== 0 || failed > 0 || passed === 0 ? 1 : 0;
}

main().then((c) => process.exit(c), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
