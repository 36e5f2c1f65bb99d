import { ReferenceCache } from "../query/reference-cache.ts";
import { NO_MEMO, VersionedMemo } from "../query/versioned-memo.ts";
import type { AppDeps } from "../shared/deps.ts";

/** Reference tables change only with reference loads; a minute of staleness is harmless. */
const MAX_AGE_MS = 60_000;
interface Held {
  /** The copy requests are answered with (pending only before the first load). */
  current: Promise<ReferenceCache>;
  /** `current` once it has loaded: what a resolver called for every row reads without a promise. */
  loaded?: ReferenceCache;
  /** A newer copy being loaded, while `current` keeps answering. */
  refreshing?: Promise<ReferenceCache>;
}
const caches = new WeakMap<object, Held>();

/**
 * The in-memory reference tables for this process's database. A copy older than a minute is still
 * served while a fresh one loads beside it: the load takes 0.3-3 s on a loaded machine, and every
 * request needs the tables (the cost estimate reads them), so waiting for it put a multi-second stall
 * on the first request of every minute.
 */
export async function referenceOf(deps: Pick<AppDeps, "pool">): Promise<ReferenceCache> {
  const held = caches.get(deps.pool);
  if (!held) return load(deps.pool).current;
  const cache = await held.current;
  if (cache.age >= MAX_AGE_MS && !held.refreshing) refresh(deps.pool, held);
  return cache;
}

function load(pool: AppDeps["pool"]): Held {
  const held: Held = { current: ReferenceCache.load(pool) };
  caches.set(pool, held);
  held.current.then(
    (cache) => (held.loaded = cache),
    () => caches.get(pool) === held && caches.delete(pool),
  );
  return held;
}

/** The copy referenceOf answers with now, when it has loaded (else undefined: call referenceOf). */
export function loadedReference(deps: Pick<AppDeps, "pool">): ReferenceCache | undefined {
  return caches.get(deps.pool)?.loaded;
}

function refresh(pool: AppDeps["pool"], held: Held): void {
  const next = ReferenceCache.load(pool);
  held.refreshing = next;
  next.then(
    (cache) => {
      held.current = next;
      held.loaded = cache;
      held.refreshing = undefined;
    },
    // the old copy keeps answering; the next request past the age tries again
    () => (held.refreshing = undefined),
  );
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
