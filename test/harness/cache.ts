import { homedir } from 'node:os';
import { join } from 'node:path';

/** Downloads (Kafka jars, Node 24, code-server) are cached here, outside the clone, keyed by version. */
export function cacheRoot(): string {
  return process.env.KAFKA_DEV_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kafka-dev');
}

/** The repository root (this file compiles to out/test/harness/cache.js). */
export const repoRoot = join(__dirname, '..', '..', '..');
