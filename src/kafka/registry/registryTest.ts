// Test Connection's registry line: does the registry answer like a Confluent-compatible one with these
// credentials, and how many subjects it has; or the RegistryError's message (it names the URL and what to
// do). Never throws: the client bounds every request by its timeout.
import { RegistryClient, RegistryError } from './types';

export type RegistryTestResult =
  | { ok: true; url: string; subjects: number; ms: number }
  | { ok: false; url: string; kind: RegistryError['kind'] | 'other'; message: string };

export async function checkRegistry(registry: RegistryClient): Promise<RegistryTestResult> {
  const t0 = performance.now();
  try {
    await registry.check();
    const subjects = (await registry.subjects()).length;
    return { ok: true, url: registry.url, subjects, ms: performance.now() - t0 };
  } catch (e) {
    if (e instanceof RegistryError) return { ok: false, url: registry.url, kind: e.kind, message: e.message };
    return { ok: false, url: registry.url, kind: 'other', message: `Schema Registry at ${registry.url}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The line Test Connection shows for the registry. */
export function formatRegistryTest(r: RegistryTestResult): string {
  return r.ok
    ? `Schema Registry ${r.url}: ok, ${r.subjects} subject${r.subjects === 1 ? '' : 's'} (${r.ms.toFixed(0)} ms).`
    : `Schema Registry: ${r.message}`;
}
