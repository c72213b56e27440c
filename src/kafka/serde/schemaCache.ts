// Schemas by id, per RegistryClient (a WeakMap: the cache goes with the client when a cluster is closed),
// shared by every decoder of that registry. A failure is remembered for FAILURE_TTL_MS so a registry that is
// down costs one bounded wait, not one per record; concurrent prepares of the same id share one fetch.
import { isRegistryError, type RegisteredSchema, type RegistryClient } from '../registry/types';
import type { SchemaCodec } from './codec';
import { registeredCodec } from './schemaCodecs';
import type { SchemaLabel } from './types';

export const FAILURE_TTL_MS = 30_000;

export interface ResolvedSchema {
  schema: RegisteredSchema;
  codec: SchemaCodec;
  label: SchemaLabel;
}

type Entry = { ok: ResolvedSchema } | { error: string; until: number } | { pending: Promise<void> };

const caches = new WeakMap<RegistryClient, Map<number, Entry>>();

function cacheOf(registry: RegistryClient): Map<number, Entry> {
  let c = caches.get(registry);
  if (!c) caches.set(registry, (c = new Map()));
  return c;
}

export const labelOf = (s: RegisteredSchema, codec?: SchemaCodec): SchemaLabel => ({
  type: s.schemaType,
  id: s.id,
  ...(s.subject !== undefined ? { subject: s.subject } : {}),
  ...(s.version !== undefined ? { version: s.version } : {}),
  ...(codec?.messageName ? { messageName: codec.messageName } : {}),
});

/** Why an id could not be used, as the marker's text: `schema id 42: …`. */
function failureText(id: number, registry: RegistryClient, e: unknown): string {
  if (isRegistryError(e) && e.kind === 'schema-not-found') return `schema id ${id}: not in the registry at ${registry.url}`;
  const msg = e instanceof Error ? e.message : String(e);
  return `schema id ${id}: ${msg}`;
}

/** What is known about `id` now (undefined: never asked, or a failure that has expired). */
export function cachedSchema(registry: RegistryClient, id: number, now = Date.now()): { ok: ResolvedSchema } | { error: string } | undefined {
  const e = cacheOf(registry).get(id);
  if (!e || 'pending' in e) return undefined;
  if ('error' in e && e.until <= now) return undefined;
  return e;
}

/** Fetches the ids not known yet (in parallel), each bounded by timeoutMs overall (references included). Never throws. */
export async function fetchSchemas(registry: RegistryClient, ids: Iterable<number>, timeoutMs: number, log?: (m: string) => void): Promise<void> {
  const cache = cacheOf(registry);
  const waits: Promise<void>[] = [];
  const now = Date.now();
  for (const id of new Set(ids)) {
    const e = cache.get(id);
    if (e && 'pending' in e) { waits.push(e.pending); continue; }
    if (e && ('ok' in e || e.until > now)) continue;
    const pending = fetchOne(registry, id, timeoutMs).then(
      (ok) => { cache.set(id, { ok }); },
      (err: unknown) => {
        const error = failureText(id, registry, err);
        log?.(error);
        cache.set(id, { error, until: Date.now() + FAILURE_TTL_MS });
      },
    );
    cache.set(id, { pending });
    waits.push(pending);
  }
  await Promise.all(waits);
}

async function fetchOne(registry: RegistryClient, id: number, timeoutMs: number): Promise<ResolvedSchema> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the registry at ${registry.url} did not give it (with its references) within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([bound, (async () => {
      const schema = await registry.schemaById(id);
      const codec = await registeredCodec(registry, schema);
      return { schema, codec, label: labelOf(schema, codec) };
    })()]);
  } finally {
    clearTimeout(timer);
  }
}
