// Case 6: activation in a real code-server extension host, the production bundle's size, and the
// .vsix that vsce builds from it (vsce needs Node >= 22, so it runs on the cached Node 24).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionTests } from '../../test/harness/vscode';
import { paths, runs } from '../config';
import { timeProcess } from '../proc';
import { emptyRow, rowFromSamples, Sample } from '../rows';
import { ACTIVATION_MARKER, ActivationReport } from '../vscode/activationReport';
import { BenchContext, CaseRow } from './types';

const kB = (bytes: number): number => bytes / 1000;

export async function activationCase(ctx: BenchContext): Promise<CaseRow[]> {
  const own: Sample[] = [];
  const wall: Sample[] = [];
  const load: Sample[] = [];
  const count = Math.max(3, Math.min(runs.slow, 5));
  for (let i = 0; i < count; i++) {
    await productionBuild();
    const r = await runExtensionTests({ testsPath: join(paths.outBench, 'vscode', 'activation'), timeoutMs: 240_000 });
    const line = r.logs.find((l) => l.includes(ACTIVATION_MARKER));
    if (!line) throw new Error(`no activation report from the extension host (exit ${r.exitCode}): ${r.logs.slice(-20).join('\n')}`);
    const rep = JSON.parse(line.slice(line.indexOf(ACTIVATION_MARKER) + ACTIVATION_MARKER.length).trim()) as ActivationReport;
    own.push({ ours: rep.activationMs });
    if (!rep.wasActive) wall.push({ ours: rep.wallMs });
    load.push({ ours: rep.loadMs });
    ctx.log(`activation run ${i + 1}: activate() ${rep.activationMs.toFixed(1)} ms, bundle load ${rep.loadMs.toFixed(1)} ms, vscode activate() wall ${rep.wallMs.toFixed(1)} ms${rep.wasActive ? ' (was already active)' : ''}`);
  }
  return [
    { row: rowFromSamples({ name: 'extension activation in code-server (activate())', unit: 'ms', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 50, text: '< 50 ms' }, notes: 'KafkaDevApi.activationMs: the extension host timing activate() itself (also logged as "activated in X ms"); fresh code-server per run' }, own) },
    { row: rowFromSamples({ name: 'loading the bundle in the extension host (require dist/extension.js)', unit: 'ms', higherIsBetter: false,
      goal: { kind: 'oursBelow', max: 50, text: '< 50 ms' },
      notes: 'compiling and running the bundle\'s top level, uncached, in the same extension host (kafkajs and ssh2 are separate files, loaded on first connection)' }, load) },
    { row: rowFromSamples({ name: 'vscode activate() wall time, first activation in a fresh window', unit: 'ms', higherIsBetter: false,
      notes: 'from a test module in the same extension host: the host\'s own activation work while the workbench is still starting, plus loading the bundle and activate(); varies a lot between runs' }, wall) },
  ];
}

/** The .vsix built by vsce, or why it could not be. */
async function buildVsix(): Promise<{ bytes: number; files: number } | { error: string }> {
  const vsce = join(paths.repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(paths.node24)) return { error: `Node 24 not found at ${paths.node24}` };
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-vsix-'));
  const out = join(dir, 'kafka-dev.vsix');
  try {
    const r = await timeProcess(paths.node24, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: paths.repoRoot, timeoutMs: 180_000 });
    const files = /\((\d+) files?/.exec(r.stdout)?.[1];
    return { bytes: statSync(out).size, files: Number(files ?? NaN) };
  } catch (e) {
    return { error: (e as Error).message.slice(0, 300) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rebuilds the production bundle right before it is measured or loaded: dist/ is shared with anyone
 * running `npm run build` (a development build, unminified with source maps) in the same checkout.
 */
export async function productionBuild(): Promise<void> {
  await timeProcess(process.execPath, [join(paths.repoRoot, 'scripts', 'build.mjs'), '--production'], { cwd: paths.repoRoot, timeoutMs: 120_000 });
  const text = readFileSync(paths.bundle, 'utf8');
  if (text.includes('sourceMappingURL=')) throw new Error('dist/extension.js is a development build (something rebuilt it meanwhile)');
}

export async function sizeCases(): Promise<CaseRow[]> {
  const rows: CaseRow[] = [];
  await productionBuild();
  const bundleSpec = { name: 'bundle size (dist/extension.js, production)', unit: 'kB', higherIsBetter: false };
  if (existsSync(paths.bundle)) {
    const dist = readdirSync(join(paths.repoRoot, 'dist')).filter((f) => !f.endsWith('.map')).map((f) => `${f} ${kB(statSync(join(paths.repoRoot, 'dist', f)).size).toFixed(0)} kB`).join(', ');
    rows.push({ row: rowFromSamples({ ...bundleSpec, notes: `minified esbuild bundle loaded at activation; kafkajs.js and ssh2.js load on first connection; dist/: ${dist}` }, [{ ours: kB(statSync(paths.bundle).size) }]) });
  } else {
    rows.push({ row: emptyRow(bundleSpec, 'failed', 'dist/extension.js missing: run through `npm run bench`, which builds it') });
  }
  const vsixSpec = { name: '.vsix size', unit: 'kB', higherIsBetter: false, goal: { kind: 'oursBelow' as const, max: 1000, text: '< 1 MB' } };
  const v = await buildVsix();
  rows.push({ row: 'error' in v
    ? emptyRow(vsixSpec, 'failed', `vsce package failed: ${v.error}`)
    : rowFromSamples({ ...vsixSpec, notes: `vsce package --no-dependencies (Node 24), ${Number.isNaN(v.files) ? '?' : v.files} files; 1 MB = 1,000 kB` }, [{ ours: kB(v.bytes) }]) });
  return rows;
}
