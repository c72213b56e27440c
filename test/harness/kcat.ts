// kcat, the independent peer the suites check against (Debian's package).
import { execFileSync } from 'node:child_process';

/**
 * Produces `records` with `kcat -P`, one message each (separated by 0x1e, so values may hold newlines
 * and any bytes). `extra` adds kcat flags, e.g. ['-p', '1'] or ['-K:'] for key:value records.
 */
export function kcatProduce(bootstrap: string, topic: string, records: Array<string | Buffer>, extra: string[] = []): void {
  const input = Buffer.concat(records.flatMap((r) => [Buffer.isBuffer(r) ? r : Buffer.from(r), Buffer.from([0x1e])]));
  execFileSync('kcat', ['-b', bootstrap, '-P', '-t', topic, '-D', '\\x1e', ...extra], { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
}
