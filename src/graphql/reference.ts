import { ReferenceCache } from "../query/reference-cache.ts";
import type { AppDeps } from "../shared/deps.ts";

/** Reference tables change only with reference loads; a minute of staleness is harmless. */
const MAX_AGE_MS = 60_000;
const caches = new WeakMap<object, Promise<ReferenceCache>>();

/** The in-memory reference tables for this process's database. */
export async function referenceOf(deps: Pick<AppDeps, "pool">): Promise<ReferenceCache> {
  let loading = caches.get(deps.pool);
  if (loading) {
    const cache = await loading;
    if (cache.age < MAX_AGE_MS) return cache;
  }
  loading = ReferenceCache.load(deps.pool);
  caches.set(deps.pool, loading);
  loading.catch(() => caches.delete(deps.pool));
  return loading;
}

/** Drops this process's copy after a change to reference data (a new place group): the next request reloads it. */
export function forgetReference(deps: Pick<AppDeps, "pool">): void {
  caches.delete(deps.pool);
}
