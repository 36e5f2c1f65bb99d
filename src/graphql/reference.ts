import { ReferenceCache } from "../query/reference-cache.ts";
import { NO_MEMO, VersionedMemo } from "../query/versioned-memo.ts";
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

const memos = new WeakMap<object, VersionedMemo>();

/** What reads keep between requests while the data version stays the same (src/query/versioned-memo.ts). */
export function memoOf(deps: Partial<Pick<AppDeps, "dataVersion">>): VersionedMemo {
  const version = deps.dataVersion;
  if (!version) return NO_MEMO; // no data version (a test's context): nothing kept
  let memo = memos.get(version);
  if (!memo) {
    memo = new VersionedMemo(() => version.current);
    memos.set(version, memo);
  }
  return memo;
}
