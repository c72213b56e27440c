// `npm run package` gives a vsix a marketplace accepts as it is: vsce runs without flags or prompts
// (standard input closed, so a prompt fails the run), and the package holds only what the extension needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../harness/cache';

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [vsce, ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('vsce lists only the bundle, media, grammar and the marketplace files', () => {
  const r = run(['ls', '--no-dependencies']);
  assert.equal(r.status, 0, r.out);
  const files = r.out.split('\n').map((l) => l.trim()).filter((l) => l && !/^(WARNING|INFO|DONE|ERROR)\b/.test(l)).sort();
  const allowed = /^(dist\/[\w-]+\.(js|css)|media\/(kafka\.svg|icon\.png)|syntaxes\/[\w.-]+\.json|language-configuration\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), [], `unexpected files in the package:\n${files.join('\n')}`);
  // Every bundle the build writes ships: the extension require()s the lazy ones (kafkajs, ssh2, faker, serde)
  // on first use, so one left out of .vscodeignore's list fails only in the installed extension.
  const bundles = readdirSync(join(repoRoot, 'dist')).filter((f) => /\.(js|css)$/.test(f)).map((f) => `dist/${f}`);
  assert.ok(bundles.includes('dist/serde.js') && bundles.includes('dist/extension.js'), `the build wrote ${bundles.join(', ')}`);
  for (const f of [...bundles, 'media/icon.png', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    assert.ok(files.includes(f), `${f} is missing from the package`);
  }
});

test('vsce packages without flags or prompts, and every image the README shows is in the repository', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-vsix-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'kafka-dev.vsix');
  const r = run(['package', '--no-dependencies', '--out', out]);
  assert.equal(r.status, 0, r.out);
  assert.ok(existsSync(out));
  assert.doesNotMatch(r.out, /WARNING/, 'vsce warned');
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['icon', 'repository', 'bugs', 'homepage', 'license', 'categories', 'keywords']) assert.ok(pkg[k], `package.json has no ${k}`);
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 2, 'the README shows what the extension looks like');
  for (const img of images) assert.ok(existsSync(join(repoRoot, img)), `README image ${img} is not in the repository`);
  // The top of the README shows a screenshot before the first section heading.
  assert.ok(readme.indexOf('![') < readme.indexOf('\n## '), 'a screenshot is shown at the top of the README');
});
