import type pg from "pg";
import { ROLLUP_LOCK } from "./rollup-lock.ts";
import type { Slice } from "../shared/slices.ts";
import { yearOfSql } from "../rules/calendar-year.ts";

/**
 * Rollup work is locked by slice group: one measure, kind and year. A refresh of a slice also reads
 * and rewrites the other slices of its year (a flow's calendar year sums them), and nothing outside
 * its group, so refreshes of different groups run at once on different workers and refreshes of one
 * group queue up. They hold the rollup lock (src/rollup/rollup-lock.ts) shared; a full rebuild holds
 * it exclusively and so waits for them, and they for it.
 *
 * Session locks, taken before any snapshot (a REPEATABLE READ snapshot taken before waiting would not
 * see what the run waited for committed); a connection that dies frees them.
 */
const GROUP_LOCK_CLASS = 20_210_001;

/** A slice's group, as GROUP_SQL spells it in SQL. */
export function sliceGroup(s: Pick<Slice, "measureCode" | "kind" | "periodStart">): string {
  return `${s.measureCode}|${s.kind}|${Number(s.periodStart.slice(0, 4))}`;
}

/** The group of a row of figure, rollup or rollup_dirty (alias `a`), as sliceGroup spells it. */
export const GROUP_SQL = (a: string) =>
  `concat_ws('|', ${a}.measure_code, ${a}.kind, ${yearOfSql(`${a}.period_start`)})`;

export async function withSliceGroupLocks<T>(
  session: pg.ClientBase,
  groups: string[],
  body: () => Promise<T>,
): Promise<T> {
  const sorted = [...new Set(groups)].sort(); // one order for everyone: no deadlock
  await session.query("SELECT pg_advisory_lock_shared($1)", [ROLLUP_LOCK]);
  try {
    // Every group in one statement, in that order (a refresh touches up to dozens of groups: a round
    // trip each cost more than the locking). A statement that fails part way leaves the locks it took
    // held, so all of them are released below, each not held with a warning that changes nothing.
    await session.query(
      `SELECT pg_advisory_lock($1, hashtext(g)) FROM unnest($2::text[]) WITH ORDINALITY AS s(g, i) ORDER BY i`,
      [GROUP_LOCK_CLASS, sorted],
    );
    return await body();
  } finally {
    await session
      .query(
        `SELECT pg_advisory_unlock($1, hashtext(g)) FROM unnest($2::text[]) WITH ORDINALITY AS s(g, i) ORDER BY i DESC`,
        [GROUP_LOCK_CLASS, sorted],
      )
      .catch(() => {});
    await session.query("SELECT pg_advisory_unlock_shared($1)", [ROLLUP_LOCK]).catch(() => {});
  }
}
