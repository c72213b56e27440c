// Runs a Copy as… snippet as a person would: the text, unchanged, by python3 (Debian's, with
// python3-kafka), node (kafkajs from this repo's node_modules) or sh (kcat, and Kafka's console tools).
// The console tools: the snippet names kafka-console-producer.sh / kafka-console-consumer.sh, which a
// Kafka distribution's bin/ holds; the harness has only the jars, so consoleToolsPath() puts two
// scripts of those names on PATH that run the same classes the bin/ scripts run
// (org.apache.kafka.tools.ConsoleProducer, org.apache.kafka.tools.consumer.ConsoleConsumer) from them.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureKafkaJars, kafkaVersion } from './kafka';
import { trackTempDir } from './process';

export interface SnippetRun { stdout: string; stderr: string; ms: number }

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  trackTempDir(d);
  return d;
}

/** Variables for the snippet on top of this process's; undefined leaves one out. */
export type SnippetEnv = Record<string, string | undefined>;

function runIn(what: string, cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<SnippetRun> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const why = err.killed ? `did not end within ${opts.timeoutMs} ms` : `exited with ${String(err.code)}`;
        reject(new Error(`${what} ${why}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        return;
      }
      resolve({ stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** The snippet saved as a file in a fresh directory (what a person pastes into a file or a cell). */
function saved(text: string, name: string): { dir: string; file: string } {
  const dir = tempDir('kd-snippet-');
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

export function runPython(text: string, env: SnippetEnv = {}, timeoutMs = 60_000): Promise<SnippetRun> {
  const { dir, file } = saved(text, 'snippet.py');
  return runIn('python3 snippet.py', '/usr/bin/python3', [file], { cwd: dir, env: { ...process.env, ...env }, timeoutMs });
}

export function runNode(text: string, env: SnippetEnv = {}, timeoutMs = 60_000): Promise<SnippetRun> {
  const { dir, file } = saved(text, 'snippet.js');
  // `npm install kafkajs` in the snippet's directory, in effect: this repo's kafkajs.
  const nodeModules = dirname(dirname(require.resolve('kafkajs/package.json')));
  return runIn('node snippet.js', process.execPath, [file], { cwd: dir, env: { ...process.env, NODE_PATH: nodeModules, ...env }, timeoutMs });
}

export function runShell(text: string, env: SnippetEnv = {}, timeoutMs = 90_000): Promise<SnippetRun> {
  const { dir, file } = saved(text, 'snippet.sh');
  return runIn('sh snippet.sh', 'sh', ['-e', file], { cwd: dir, env: { ...process.env, ...env }, timeoutMs });
}

let toolsDir: Promise<string> | undefined;

/** A PATH with kafka-console-producer.sh and kafka-console-consumer.sh first (see the file comment). */
export async function consoleToolsPath(): Promise<string> {
  // One directory however many tests ask at once.
  toolsDir ??= (async () => {
    const libs = await ensureKafkaJars(kafkaVersion());
    const dir = tempDir('kd-console-tools-');
    const tool = (name: string, cls: string): void => {
      const f = join(dir, name);
      // As bin/kafka-run-class.sh does, minus its heap and GC defaults; KAFKA_OPTS passes through.
      writeFileSync(f, `#!/bin/sh\nexec java -Xmx256m -XX:TieredStopAtLevel=1 $KAFKA_OPTS -cp '${join(libs, '*')}' ${cls} "$@"\n`);
      chmodSync(f, 0o755);
    };
    tool('kafka-console-producer.sh', 'org.apache.kafka.tools.ConsoleProducer');
    tool('kafka-console-consumer.sh', 'org.apache.kafka.tools.consumer.ConsoleConsumer');
    return dir;
  })();
  return `${await toolsDir}:${process.env.PATH ?? ''}`;
}
