import { ReferenceCache } from "../query/reference-cache.ts";
import { NO_MEMO, VersionedMemo } from "../query/versioned-memo.ts";
import type { AppDeps } from "../shared/deps.ts";

/** Reference tables change only with reference loads; a minute of staleness is harmless. */
const MAX_AGE_MS = 60_000;

/** This process's copy for one pool, and whether a newer copy is being read. */
interface Held {
  ready: Promise<ReferenceCache>;
  refreshing: boolean;
}
const caches = new WeakMap<object, Held>();

/**
 * The in-memory reference tables for this process's database. A copy older than a minute is still
 * answered while one newer copy is read in the background, shared by every caller: before, each
 * caller that found the copy stale read the tables again (every row of every answer asks, through
 * placeOfRow), and ten concurrent 54-row answers started hundreds of reloads that held the API for
 * seconds (the bench's questions that "completed no request").
 */
export async function referenceOf(deps: Pick<AppDeps, "pool">): Promise<ReferenceCache> {
  const pool = deps.pool;
  let held = caches.get(pool);
  if (!held) {
    const first: Held = { ready: ReferenceCache.load(pool), refreshing: false };
    caches.set(pool, (held = first));
    first.ready.catch(() => {
      if (caches.get(pool) === first) caches.delete(pool); // the next request tries again
    });
  }
  const cache = await held.ready;
  if (cache.age >= MAX_AGE_MS && !held.refreshing) refresh(pool, held);
  return cache;
}

function refresh(pool: AppDeps["pool"], held: Held): void {
  held.refreshing = true;
  ReferenceCache.load(pool)
    .then(
      (fresh) => {
        held.ready = Promise.resolve(fresh);
      },
      () => {}, // the copy in hand stays; a later request tries again
    )
    .finally(() => {
      held.refreshing = false;
    });
}

/** Drops this process's copy after a change to reference data (a new place group): the next request reads it anew and waits for it. */
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
