// The layers are enforced by ESLint rules (eslint.config.mjs), not only described: src/kafka imports no
// `vscode` and nothing from the feature folders; src/kafka/rules (bundled into the webview too) imports no
// Node module and nothing outside rules/; the webview imports only the rules and the producer's protocol.
// This runs the real linter over the tree, and over files that break each rule, so a rule that stopped
// firing fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/cache';

const eslint = join(repoRoot, 'node_modules', '.bin', 'eslint');

test('the whole tree passes the lint rules, layer boundaries included', () => {
  execFileSync(eslint, ['src', 'webview', 'test'], { cwd: repoRoot, stdio: 'pipe' });
});

test('each boundary rule fires on an import that crosses it', () => {
  // Scratch files placed where each rule applies, linted in one run.
  const cases: Array<[string, string, RegExp]> = [
    ['src/kafka/client/zzLayer.ts', "import 'vscode';\n", /src\/kafka knows nothing of VS Code/],
    ['src/kafka/admin/zzLayer.ts', "import '../../explorer/glob';\n", /src\/kafka imports only from src\/kafka/],
    ['src/kafka/rules/zzLayer.ts', "import 'node:fs';\n", /src\/kafka\/rules is pure/],
    ['src/kafka/rules/zzLayer2.ts', "import '../client/errors';\n", /src\/kafka\/rules is pure/],
    ['webview/src/zzLayer.ts', "import '../../src/kafka/client/errors';\n", /only src\/kafka\/rules/],
    ['webview/src/zzLayer2.ts', "import 'node:path';\n", /browser bundle/],
    ['webview/browser/zzLayer.ts', "import '../../src/browser/panel';\n", /browser webview may import only src\/kafka\/rules/],
    ['webview/browser/zzLayer2.ts', "import 'vscode';\n", /browser bundle/],
    ['webview/lag/zzLayer.ts', "import '../../src/lag/panel';\n", /lag webview may import only src\/kafka\/rules/],
    ['webview/lag/zzLayer2.ts', "import 'node:fs';\n", /browser bundle/],
  ];
  const files = cases.map(([rel]) => join(repoRoot, rel));
  try {
    cases.forEach(([, body], i) => writeFileSync(files[i], body));
    const r = spawnSync(eslint, ['--format', 'json', ...cases.map(([rel]) => rel)], { cwd: repoRoot, encoding: 'utf8' });
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ message: string }> }>;
    for (const [i, [rel, , expected]] of cases.entries()) {
      const messages = results.find((x) => x.filePath === files[i])?.messages.map((m) => m.message).join('\n') ?? '';
      assert.match(messages, expected, `${rel}: lint passed an import that crosses a layer (${messages || 'no message'})`);
    }
  } finally {
    for (const f of files) rmSync(f, { force: true });
  }
});
