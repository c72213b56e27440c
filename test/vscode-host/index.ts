// Loaded by VS Code's extension host as `extensionTestsPath` (code-server's smoke-test driver, or
// @vscode/test-electron): runs every out/test/vscode-host/suites/*.suite.js with mocha (TDD ui) and
// reports each test as one JSON line on the console, which the harness collects from the workbench.
// KAFKA_DEV_VSCODE_GREP (a mocha grep) narrows the run while iterating.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Mocha from 'mocha';
import { formatResult, MochaTestResult } from '../harness/vscode/results';

// mocha 12 is an ES module. require() of it yields the namespace under Node 20.19+/22 (`.default`) and
// mocha's CommonJS exports under Node 24 (`.Mocha`); older extension hosts (Electron with Node < 20.19)
// cannot require ES modules at all, so fall back to mocha's own CommonJS build there.
function loadMocha(): typeof Mocha & { default?: typeof Mocha; Mocha?: typeof Mocha } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('mocha') as typeof Mocha & { default?: typeof Mocha; Mocha?: typeof Mocha };
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('mocha/lib/mocha.cjs') as typeof Mocha & { Mocha?: typeof Mocha };
  }
}
const loaded = loadMocha();
const MochaCtor: typeof Mocha = loaded.default ?? loaded.Mocha ?? loaded;

function titlePath(t: Mocha.Runnable): string[] {
  return t.titlePath().filter((s) => s.length > 0);
}

export function run(): Promise<void> {
  const mocha = new MochaCtor({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.KAFKA_DEV_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  const dir = join(__dirname, 'suites');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.suite.js')).sort()) mocha.addFile(join(dir, f));

  return new Promise<void>((resolve, reject) => {
    const emit = (r: MochaTestResult): void => console.log(formatResult(r));
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (e) {
      // A suite file that throws while loading fails the whole run, with its message.
      emit({ titlePath: ['(loading suites)'], state: 'failed', error: e instanceof Error ? e.stack ?? e.message : String(e), durationMs: 0 });
      reject(e);
      return;
    }
    runner.on('pass', (t) => emit({ titlePath: titlePath(t), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('pending', (t) => emit({ titlePath: titlePath(t), state: 'pending', durationMs: 0 }));
    runner.on('fail', (t, err: unknown) => {
      const e = err instanceof Error ? `${e2s(err)}` : String(err);
      emit({ titlePath: titlePath(t), state: 'failed', error: e, durationMs: t.duration ?? 0 });
    });
  });
}

function e2s(e: Error): string {
  return e.stack && e.stack.includes(e.message) ? e.stack : `${e.message}\n${e.stack ?? ''}`;
}
