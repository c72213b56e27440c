// A map of in-flight or settled promises (one client, producer or connection per key) whose failed entries
// are dropped so the next caller tries again. Only the failed promise's own entry is dropped: if the key
// was reset and filled with a newer promise meanwhile, the late failure of the old one leaves it alone.

/** The cached promise for `key`, or a new one from `make` (cached until it fails or is deleted). */
export function cachedPromise<K, V>(map: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  const existing = map.get(key);
  if (existing) return existing;
  const p = make();
  map.set(key, p);
  p.catch(() => { if (map.get(key) === p) map.delete(key); });
  return p;
}
