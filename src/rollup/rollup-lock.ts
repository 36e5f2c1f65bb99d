import type pg from "pg";

/**
 * The rollup lock: every rollup run (full or incremental, any worker, any process) holds it from
 * before its snapshot begins until after its run is recorded, so runs never overlap and each one
 * sees every commit of the runs before it. Any constant; one per database.
 */
export const ROLLUP_LOCK = 20_210_000;

type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Runs `body` holding the rollup lock on this session (a checked-out client, not a pool). The lock
 * is a session lock taken outside any transaction: a REPEATABLE READ snapshot taken before waiting
 * would miss what the run it waited for committed (and fail on its rows: "could not serialize
 * access", duplicate keys on rollup_pkey). A connection that dies frees the lock with it.
 */
export async function withRollupLock<T>(session: pg.ClientBase, body: () => Promise<T>): Promise<T> {
  await session.query("SELECT pg_advisory_lock($1)", [ROLLUP_LOCK]);
  try {
    return await body();
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [ROLLUP_LOCK]).catch(() => {});
  }
}

/** True while some session holds the rollup lock (a run is under way or waiting to record itself). */
const LOCK_HELD = `EXISTS (SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ${ROLLUP_LOCK} AND objsubid = 1
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

export const ABANDONED_RUN = "abandoned: the run's worker stopped before finishing (nobody holds the rollup lock)";

/**
 * Marks as failed the runs recorded as running whose worker is gone. A run is recorded only under
 * the lock, so when nobody holds it (or the caller does: `holding`), no unfinished run is alive.
 */
export async function failAbandonedRuns(db: Queryable, holding: boolean): Promise<number> {
  const r = await db.query(
    `UPDATE rollup_run SET finished_at = now(), error = $1 WHERE finished_at IS NULL ${holding ? "" : `AND NOT ${LOCK_HELD}`}`,
    [ABANDONED_RUN],
  );
  return r.rowCount ?? 0;
}
