// The webview bundles are built by esbuild, which does not type-check, and `npm test` compiles only
// tsconfig.test.json (the extension, tests and bench). This runs tsc over each webview's own project (DOM
// lib, no Node types), so a rules module a webview reaches that stops type-checking there fails here.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { repoRoot } from '../harness/cache';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

for (const project of ['webview/tsconfig.json', 'webview/browser/tsconfig.json', 'webview/lag/tsconfig.json']) {
  test(`${project} type-checks`, () => {
    const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc -p ${project}:\n${r.stdout}${r.stderr}`);
  });
}
