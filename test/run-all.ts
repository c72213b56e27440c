// `npm test`: every suite group in order (unit → integration → SSH → extension host → UI), each under its
// own node test runner, against one shared real broker plus whatever a suite starts for itself. Prints
// each group's time, then ends with the runner's summary and a plain "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './harness/cache';
import { startKafka } from './harness/kafka';
import { SCRAM_USER } from './harness/sharedBroker';
import { clearFaultRows, writeReliabilityDoc } from './harness/reliability';

const ORDER = ['setup', 'unit', 'integration', 'tunnel', 'faults', 'vscode-host', 'ui'];

/**
 * Groups whose files run in several lanes at once, each lane its files one by one against a broker of its
 * own. A UI file mostly waits on its workbench and the broker (one workbench keeps about half of one core
 * busy), so two lanes nearly halve the group on two cores. Each lane has its own broker because the files
 * were written for a broker nobody else changes while they run: a topic another file deletes at its end
 * must not vanish under a workbench that lists it. The integration files wait on brokers, kcat and Kafka's
 * Java tools much of the time: two lanes take about 0.55 of the one-by-one time (406 s for 756 s of files).
 * KAFKA_DEV_TEST_LANES=ui=1,integration=1 runs the files one by one.
 */
const LANES: Record<string, number> = { ui: 2, integration: 2 };

function lanesOf(g: string): number {
  const set = (process.env.KAFKA_DEV_TEST_LANES ?? '').split(',').map((x) => x.split('=')).find(([k]) => k === g);
  const n = Number(set?.[1] ?? LANES[g] ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * Groups run alongside another group (their output captured, and shown when joined), from that group's
 * start until the next group in ALONE:
 * - `setup` (a first-run install from an empty cache, about 3 minutes of mostly download and unpacking)
 *   alongside unit, integration and tunnel, which need neither its network nor its files;
 * - `vscode-host` (one workbench running the extension-host suites on the shared broker, mostly waiting)
 *   alongside tunnel, whose brokers live in its own namespace VMs, so neither sees the other's topics
 *   and groups; they take about as long as each other.
 * The fault suite records recovery times, which nothing may disturb, and the UI group runs its own lanes.
 */
const ALONGSIDE: Record<string, string> = { setup: 'unit', 'vscode-host': 'tunnel' };
const ALONE = ['faults', 'ui'];

type Broker = Awaited<ReturnType<typeof startKafka>>;
const brokerEnv = (b: Broker): Record<string, string | undefined> => ({ KAFKA_DEV_TEST_BOOTSTRAP: b.bootstrap, KAFKA_DEV_TEST_SASL_BOOTSTRAP: b.saslBootstrap });

/** Counts of a runner's TAP output; a group run in lanes has one TAP document per file, so all summaries are added. */
function tapCount(text: string, k: string): number {
  return [...text.matchAll(new RegExp(`^# ${k} (\\d+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
}

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
  let broker: Broker;
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
  const env = { ...process.env, ...brokerEnv(broker) };
  /** One node test runner over `runFiles`: spec to `log` (or stdout), TAP to `tap`; resolves with its exit code. */
  const runner = (runFiles: string[], tap: string, log: string | undefined, runEnv: NodeJS.ProcessEnv): Promise<number> =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [
        '--test', '--test-concurrency=1',
        '--test-reporter=spec', `--test-reporter-destination=${log ?? 'stdout'}`,
        '--test-reporter=tap', `--test-reporter-destination=${tap}`,
        ...runFiles.map((f) => relative(repoRoot, f)),
      ], { cwd: repoRoot, stdio: log ? ['ignore', 'ignore', 'ignore'] : 'inherit', env: runEnv });
      child.on('exit', (x) => resolve(x ?? 1));
    });
  /**
   * The group's files in `n` lanes: each lane takes the next file not yet started, so the lanes end close
   * together; lane 1 uses the shared broker, each other lane one started for it. A file's spec output is
   * printed (or added to `log`) when it ends, so files running side by side do not interleave; the
   * per-file TAP documents are joined into `tap` in file order.
   */
  const runInLanes = async (g: string, groupFiles: string[], n: number, tap: string, log: string | undefined): Promise<number> => {
    const dir = join(resultsDir, `lanes-${g}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const queue = groupFiles.map((f, i) => ({ f, i }));
    let code = 0;
    const lane = async (b: Broker): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const fileLog = join(dir, `${next.i}.log`);
        const c = await runner([next.f], join(dir, `${next.i}.tap`), fileLog, { ...env, ...brokerEnv(b) });
        if (c !== 0) code = c;
        const text = existsSync(fileLog) ? readFileSync(fileLog, 'utf8') : '';
        if (log) appendFileSync(log, text);
        else process.stdout.write(text);
      }
    };
    // The first lane starts at once on the shared broker; the others as their brokers come up. A lane
    // whose broker does not start leaves its files to the others.
    const extra = Array.from({ length: n - 1 }, () => startKafka({ nodes: 1, scramUsers: [{ ...SCRAM_USER }] }));
    let lanes = 1;
    await Promise.all([lane(broker), ...extra.map((p) => p.then(async (b) => {
      lanes++;
      try { await lane(b); } finally { await b.stop().catch(() => undefined); }
    }, (e: unknown) => { console.error(`a broker for another lane of ${g} did not start; its files ran in the other lanes:`, e); }))]);
    writeFileSync(tap, groupFiles.map((_, i) => join(dir, `${i}.tap`)).filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')).join(''));
    console.log(`${g}: ${groupFiles.length} files in ${lanes} lanes, one broker each`);
    return code;
  };
  const run = async (g: string, captured: boolean): Promise<() => void> => {
    const groupFiles = files.filter((f) => relative(outTest, f).split(/[\\/]/)[0] === g);
    if (groupFiles.length === 0) return () => undefined;
    const tap = join(resultsDir, `results-${g}.tap`);
    const log = join(resultsDir, `output-${g}.log`);
    const g0 = Date.now();
    const lanes = Math.min(lanesOf(g), groupFiles.length);
    if (captured) writeFileSync(log, '');
    const c = lanes > 1
      ? await runInLanes(g, groupFiles, lanes, tap, captured ? log : undefined)
      : await runner(groupFiles, tap, captured ? log : undefined, env);
    const seconds = ((Date.now() - g0) / 1000).toFixed(1);
    // Counted when the group is joined, so a group run alongside others is reported where it is joined.
    return () => {
      if (captured && existsSync(log)) process.stdout.write(`\n--- ${g} (ran alongside the groups above) ---\n${readFileSync(log, 'utf8')}\n`);
      if (c !== 0) code = c;
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      const count = (k: string): number => tapCount(text, k);
      passed += count('pass');
      failed += count('fail') + count('cancelled');
      skipped += count('skipped') + count('todo');
      timings.push(`${g} ${seconds} s (${count('tests')} tests${lanes > 1 ? `, ${lanes} lanes` : ''}${captured ? ', alongside' : ''})`);
    };
  };
  try {
    // A group in ALONGSIDE starts with its partner and is joined before the next group that runs alone.
    const pending: Array<Promise<() => void>> = [];
    const joinAlongside = async (): Promise<void> => {
      for (const p of pending.splice(0)) (await p)();
    };
    for (const g of groups) {
      const partner = ALONGSIDE[g];
      if (partner && groups.includes(partner)) continue;
      if (ALONE.includes(g)) await joinAlongside();
      for (const [x, p] of Object.entries(ALONGSIDE)) if (p === g && groups.includes(x)) pending.push(run(x, true));
      (await run(g, false))();
    }
    await joinAlongside();
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
