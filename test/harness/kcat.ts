// kcat, the independent peer the suites check against (Debian's package).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Produces `records` with `kcat -P`, one message each (separated by 0x1e, so values may hold newlines
 * and any bytes). `extra` adds kcat flags, e.g. ['-p', '1'] or ['-K:'] for key:value records.
 */
export function kcatProduce(bootstrap: string, topic: string, records: Array<string | Buffer>, extra: string[] = []): void {
  const input = Buffer.concat(records.flatMap((r) => [Buffer.isBuffer(r) ? r : Buffer.from(r), Buffer.from([0x1e])]));
  execFileSync('kcat', ['-b', bootstrap, '-P', '-t', topic, '-D', '\\x1e', ...extra], { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
}

/**
 * Every value of the topic from the beginning as raw bytes (`kcat -C -f '%S %s\n'`: each value's length,
 * then its bytes, so a value may hold any byte, newlines included).
 */
export async function kcatValues(bootstrap: string, topic: string): Promise<Buffer[]> {
  const { stdout } = await promisify(execFile)('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%S %s\n'], { encoding: 'buffer', timeout: 30_000 });
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < stdout.length) {
    const sp = stdout.indexOf(0x20, pos);
    const n = Number(stdout.subarray(pos, sp).toString());
    out.push(Buffer.from(stdout.subarray(sp + 1, sp + 1 + n)));
    pos = sp + 1 + n + 1;
  }
  return out;
}
