// The webview bundles are built by esbuild, which does not type-check, and `npm test` compiles only
// tsconfig.test.json (the extension, tests and bench). This runs tsc over each webview's own project (DOM
// lib, no Node types), so a rules module a webview reaches that stops type-checking there fails here.
// The three checks start together (about 2 s each, mostly tsc's own start-up).
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { repoRoot } from '../harness/cache';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

const check = (project: string): Promise<string | undefined> => new Promise((resolve) => {
  execFile(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: repoRoot, encoding: 'utf8' },
    (e, stdout, stderr) => resolve(e ? `tsc -p ${project} (${e.code ?? e.message}):\n${stdout}${stderr}` : undefined));
});

const projects = ['webview/tsconfig.json', 'webview/browser/tsconfig.json', 'webview/lag/tsconfig.json'];
const results = projects.map(check);

projects.forEach((project, i) => {
  test(`${project} type-checks`, async () => {
    assert.equal(await results[i], undefined);
  });
});
