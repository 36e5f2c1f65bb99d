/**
 * Keeping the rollup table fresh without readers ever seeing a half-built one.
 *
 * Full rebuild: computed into `rollup_next` and swapped in by renames, all in one transaction: a
 * worker killed mid-build rolls everything back and leaves `rollup` as it was.
 * Incremental refresh: the slices an import touched are recomputed into a temp table and replace
 * their rows in one transaction.
 * Both take advisory locks before their snapshot: a full rebuild the whole rollup, a refresh its slice
 * groups (src/rollup/slice-locks.ts), so refreshes of independent slices run at once on different
 * workers, and an incremental refresh that arrives during a full rebuild waits, then recomputes its
 * slices from the facts as they are then.
 * That lock, not job deduplication, is what keeps racing workers correct; every run recomputes from
 * facts, so a repeated or retried job is harmless.
 */
import type pg from "pg";
import { isConnectionLost } from "../db/pool.ts";
import { computeCells, CONE, storedCellsSql, VALUE_COLUMNS, type CodeCone, type ComputeOptions } from "./engine-sql.ts";
import { failAbandonedRuns, withRollupLock } from "./rollup-lock.ts";
import { sliceGroup, withSliceGroupLocks } from "./slice-locks.ts";
import { stepwiseSession, type OnStatement } from "./stepwise-session.ts";
import { NATION_KEY } from "../reference/places.ts";
import { insideYearSql, yearOfSql } from "../rules/calendar-year.ts";
import { NARROWING, sliceId, uniqueSlices, type Slice } from "../shared/slices.ts";
import { inTransaction } from "../shared/transaction.ts";

export { ROLLUP_LOCK } from "./rollup-lock.ts";

export interface RunResult {
  mode: "full" | "incremental";
  rows: number;
  slices: number;
  durationMs: number;
}
type Progress = Pick<ComputeOptions, "onStep" | "stepPauseMs">;

export interface RebuildOptions extends Progress {
  /**
   * Each statement commits on its own instead of the whole rebuild running in one snapshot
   * (src/rollup/stepwise-session.ts): for the embedded database, whose one session a long
   * transaction would keep from every reader. Only the swap is one transaction. An import that
   * commits meanwhile keeps its dirty marks (they are read before the first statement), so its
   * refresh recomputes the slices it touched on the swapped-in table.
   */
  stepwise?: boolean;
  /** A stepwise run tells each statement's duration (the longest a reader waited for it). */
  onStatement?: OnStatement;
}

export async function rebuildAll(pool: pg.Pool, opts: RebuildOptions = {}): Promise<RunResult> {
  const { stepwise, onStatement, ...progress } = opts;
  return inSnapshot(
    pool,
    "full",
    async (db, atomically) => {
      // Read first: in one snapshot the place makes no difference, stepwise it must precede the build.
      const seenMarks = await dirtyMarksSeen(db, "");
      await db.query("DROP TABLE IF EXISTS rollup_next");
      // The key is added after the rows: one index build instead of millions of index inserts.
      await db.query("CREATE TABLE rollup_next (LIKE rollup INCLUDING DEFAULTS)");
      await computeCells(db, "rollup_next", progress);
      const { rows, slices } = await keyBuilt(db, "rollup_next");
      await atomically(() => swapIn(db));
      return { rows, slices, seenMarks };
    },
    wholeRollup,
    stepwise ? { stepwise: { onStatement } } : { snapshot: true },
  );
}

/** The rollup's primary key, as the migration declares it. */
export const ROLLUP_KEY =
  "boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end";

/**
 * A table of rollup rows, built without a key, made ready to be swapped in: its key, its statistics
 * (readers get plans from real statistics at once), its rows and slices counted.
 */
export async function keyBuilt(db: pg.ClientBase, built: string): Promise<{ rows: number; slices: number }> {
  await db.query(`ALTER TABLE ${built} ADD CONSTRAINT ${built}_pkey PRIMARY KEY (${ROLLUP_KEY})`);
  await db.query(`ANALYZE ${built}`);
  // One scan, its groups hashed (a few thousand slices): a count and a DISTINCT were two scans and a sort of every row.
  const counted = await db.query<{ rows: string | null; slices: string }>(
    `SELECT sum(n) AS rows, count(*) AS slices
       FROM (SELECT count(*) n FROM ${built} GROUP BY measure_code, kind, period_start, period_end) s`,
  );
  return { rows: Number(counted.rows[0].rows ?? 0), slices: Number(counted.rows[0].slices) };
}

/**
 * Runs one rollup job as a rollup_run, under the rollup lock (src/rollup/rollup-lock.ts), in one
 * REPEATABLE READ transaction begun only once the lock is held: every statement sees the same facts,
 * all that earlier runs committed, and the dirty marks cleared are exactly those whose facts it saw.
 * A crash rolls everything back (a half-built rollup_next with it). A `stepwise` run (embedded
 * database) commits statement by statement instead: a crash leaves rollup_next, dropped by the next.
 * An `autocommit` run (a rebuild in parts, src/rollup/split-rebuild.ts) does the same on its own
 * session while its parts take snapshots of their own.
 */
type RunBody<T extends RunFields> = (
  db: pg.ClientBase,
  atomically: <U>(fn: () => Promise<U>) => Promise<U>,
) => Promise<T>;
type RunFields = { rows: number; slices: number; seenMarks: string[] };

type RunLock = (db: pg.ClientBase, run: () => Promise<RunResult>) => Promise<RunResult>;

/** How a run's statements meet the database: one snapshot, or committed one by one (only `atomically` together). */
type RunSession = { snapshot: true } | { stepwise: { onStatement?: OnStatement } } | { autocommit: true };

/** A full rebuild holds the rollup lock alone: no run is alive but its own, so unfinished runs are abandoned. */
const wholeRollup: RunLock = (db, run) =>
  withRollupLock(db, async () => {
    await failAbandonedRuns(db, true);
    return run();
  });

/** A full rebuild whose body commits as it goes (see inSnapshot); what the body returns besides is returned too. */
export function inFullRun<T extends RunFields>(
  pool: pg.Pool,
  body: RunBody<T>,
): Promise<RunResult & Omit<T, keyof RunFields>> {
  return inSnapshot(pool, "full", body, wholeRollup, { autocommit: true }) as Promise<
    RunResult & Omit<T, keyof RunFields>
  >;
}

async function inSnapshot<T extends RunFields>(
  pool: pg.Pool,
  mode: RunResult["mode"],
  body: RunBody<T>,
  lock: RunLock = wholeRollup,
  session: RunSession = { snapshot: true },
): Promise<RunResult> {
  const started = Date.now();
  const db = await pool.connect();
  let lost: Error | undefined;
  try {
    return await lock(db, async () => {
      const runId = await startRun(db, mode);
      try {
        let result: T;
        if ("stepwise" in session) {
          const steps = stepwiseSession(db, session.stepwise.onStatement);
          result = await body(steps as unknown as pg.ClientBase, (fn) => steps.atomically(fn));
        } else if ("autocommit" in session) {
          result = await body(db, (fn) => inTransaction(db, fn));
        } else {
          result = await inTransaction(db, () => body(db, (fn) => fn()), { isolation: "REPEATABLE READ" });
        }
        const { rows, slices, seenMarks, ...more } = result;
        await clearDirtyMarks(db, seenMarks);
        await finishRun(db, runId, rows, slices);
        return { ...more, mode, rows, slices, durationMs: Date.now() - started };
      } catch (e) {
        // On a connection of its own: this one may be the reason for the failure (terminated).
        await failRun(pool, runId, e as Error);
        throw e;
      }
    });
  } catch (e) {
    lost = isConnectionLost(e) ? (e as Error) : undefined;
    throw e;
  } finally {
    db.release(lost); // a lost connection is discarded, not handed to the next job
  }
}

/**
 * The dirty marks this snapshot saw, each with its row version (xmin). An import that commits
 * after the snapshot began updates (or adds) its mark: a new version, which the run did not see.
 */
async function dirtyMarksSeen(db: pg.ClientBase, join: string): Promise<string[]> {
  const r = await db.query<{
    id: string;
  }>(`SELECT concat_ws('|', d.measure_code, d.kind, d.period_start, d.period_end, d.xmin) AS id
                                              FROM rollup_dirty d ${join}`);
  return r.rows.map((m) => m.id);
}

/**
 * After the run's commit, outside its snapshot: clears the marks it saw, unless an import changed
 * them since (deleting those inside the REPEATABLE READ snapshot failed the whole run with "could
 * not serialize access due to concurrent update"). A crash between commit and here leaves marks
 * that only cost one more refresh.
 */
async function clearDirtyMarks(db: pg.ClientBase, seen: string[]): Promise<void> {
  if (!seen.length) return;
  await db.query(
    `DELETE FROM rollup_dirty d
                   WHERE concat_ws('|', d.measure_code, d.kind, d.period_start, d.period_end, d.xmin) = ANY($1::text[])`,
    [seen],
  );
}

/**
 * `built` (rollup_next, or a split build's table) becomes rollup, constraint and indexes renamed to
 * the names the migration gave them.
 */
export async function swapIn(db: pg.ClientBase, built = "rollup_next"): Promise<void> {
  await db.query("LOCK TABLE rollup IN ACCESS EXCLUSIVE MODE");
  const indexes = (
    await db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1",
      [built],
    )
  ).rows;
  await db.query("ALTER TABLE rollup RENAME TO rollup_old");
  await db.query("ALTER TABLE rollup_old RENAME CONSTRAINT rollup_pkey TO rollup_old_pkey");
  await db.query(`ALTER TABLE "${built}" RENAME TO rollup`);
  for (const { indexname } of indexes) {
    const canonical = `rollup${indexname.slice(built.length)}`;
    if (indexname.endsWith("_pkey"))
      await db.query(`ALTER TABLE rollup RENAME CONSTRAINT "${indexname}" TO "${canonical}"`);
    else await db.query(`ALTER INDEX "${indexname}" RENAME TO "${canonical}"`);
  }
  await db.query("DROP TABLE rollup_old");
}

export async function refreshSlices(pool: pg.Pool, slices: Slice[], progress: Progress = {}): Promise<RunResult> {
  const unique = uniqueSlices(slices);
  return inSnapshot(
    pool,
    "incremental",
    async (db) => {
      await db.query(
        `CREATE TEMP TABLE _rk_slices ON COMMIT DROP AS
           SELECT * FROM unnest($1::text[], $2::"FigureKind"[], $3::date[], $4::date[]) s(measure_code, kind, period_start, period_end)`,
        [
          unique.map((s) => s.measureCode),
          unique.map((s) => s.kind),
          unique.map((s) => s.periodStart),
          unique.map((s) => s.periodEnd),
        ],
      );
      const changed = await changedCells(db, unique);
      const cone = changed.places !== undefined;
      await expandToCalendarYears(db, cone);
      const computed = await computeCells(db, "_rk_work", {
        ...progress,
        ...changed,
        sliceTable: "_rk_slices",
        inputSlices: "_rk_inputs",
      });
      const rows = await replaceCells(db, cone ? computed.coneCodes : undefined, !(await splitBuildUnderWay(db)));
      const seenMarks = await dirtyMarksSeen(
        db,
        `JOIN _rk_slices s ON d.measure_code = s.measure_code AND d.kind = s.kind
                                                 AND d.period_start = s.period_start AND d.period_end = s.period_end`,
      );
      return { rows, slices: unique.length, seenMarks };
    },
    (db, run) => withSliceGroupLocks(db, unique.map(sliceGroup), run),
  );
}

const SAME_KEY = (a: string, b: string) =>
  ["boundary", "measure_code", "kind", "place_key", "ethnicity_code", "programme_code", "period_start", "period_end"]
    .map((c) => `${a}.${c} = ${b}.${c}`)
    .join(" AND ");

/**
 * The recomputed cells (`_rk_work`) replace the stored ones of the refreshed slices (of the cone's
 * places only, for a cone refresh, and of its codes, `coneCodes` over the stored cell `r`), by difference: a stored cell no longer computed is
 * deleted, a cell whose values changed is updated, a new one inserted; a cell that came out the same
 * is left as it is (an import rewrites the cells it changed, not every cell of its cone). Without
 * `changedOnly` every recomputed cell is written anew (its computed_at). Returns the rows written.
 */
async function replaceCells(
  db: pg.ClientBase,
  coneCodes: CodeCone[] | undefined,
  changedOnly: boolean,
): Promise<number> {
  // Figure ids compared as sets: cells stored before ids were sorted at store (storedIds in engine-sql.ts)
  // hold them in the order their children were hashed in; the same set is no change.
  const values = (alias: string) =>
    `(${VALUE_COLUMNS.map((c) => (c === "figure_ids" ? idSet(`${alias}.${c}`) : `${alias}.${c}`)).join(", ")})`;
  // The stored cells of the refreshed scope, found by the primary key's prefix (boundary, measure, kind, place);
  // then the cells gone (few or none), and each changed or new one looked up by its key: one round trip.
  const results = (await db.query(`
    CREATE TEMP TABLE _rk_stored ON COMMIT DROP AS
      ${
        coneCodes !== undefined
          ? `SELECT r.* ${storedCellsSql(CONE, "_rk_slices", coneCodes)}`
          : `SELECT r.* FROM _rk_slices s CROSS JOIN unnest(enum_range(NULL::"Boundary")) b(boundary)
              JOIN rollup r ON r.boundary = b.boundary AND r.measure_code = s.measure_code AND r.kind = s.kind
               AND r.period_start = s.period_start AND r.period_end = s.period_end`
      };
    WITH gone AS MATERIALIZED (SELECT o.* FROM _rk_stored o WHERE NOT EXISTS (SELECT 1 FROM _rk_work w WHERE ${SAME_KEY("w", "o")}))
    DELETE FROM rollup r USING gone o WHERE ${SAME_KEY("r", "o")};
    UPDATE rollup r SET ${[...VALUE_COLUMNS, "computed_at"].map((c) => `${c} = w.${c}`).join(", ")}
      FROM _rk_work w JOIN _rk_stored o ON ${SAME_KEY("o", "w")}
     WHERE ${SAME_KEY("r", "w")} ${changedOnly ? `AND ${values("w")} IS DISTINCT FROM ${values("o")}` : ""};
    INSERT INTO rollup SELECT w.* FROM _rk_work w WHERE NOT EXISTS (SELECT 1 FROM _rk_stored o WHERE ${SAME_KEY("o", "w")})`)) as unknown as pg.QueryResult[];
  const [, deleted, updated, inserted] = results;
  return (deleted.rowCount ?? 0) + (updated.rowCount ?? 0) + (inserted.rowCount ?? 0);
}

const idSet = (ids: string) => `CASE WHEN ${ids} IS NOT NULL THEN ARRAY(SELECT unnest(${ids}) ORDER BY 1) END`;

/**
 * Whether a split rebuild (src/rollup/split-rebuild.ts) began before this snapshot: its swap
 * re-marks the slices whose rows were computed since it began, so then every recomputed cell is
 * written anew (its computed_at is what the swap looks for), changed or not.
 */
async function splitBuildUnderWay(db: pg.ClientBase): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rollup\\_build\\_%' LIMIT 1`,
  );
  return (r.rowCount ?? 0) > 0;
}

/** What changed in the slices of a refresh: each undefined for all (no places: whole slices). */
type Changed = Pick<Slice, (typeof NARROWING)[number]>;

/**
 * The places, ethnicities and programmes whose figures changed in these slices: the dirty marks this
 * snapshot sees (every import since the last refresh added its own there), else what the caller
 * names. A slice marked whole, or one nobody names places for, makes the refresh whole; one without
 * ethnicities (programmes) takes all of them.
 */
async function changedCells(db: pg.ClientBase, slices: Slice[]): Promise<Changed> {
  if (!slices.length) return {};
  const marks = new Map(
    (
      await db.query<Slice & Record<keyof Changed, string[] | null>>(
        `SELECT d.measure_code AS "measureCode", d.kind, to_char(d.period_start, 'YYYY-MM-DD') AS "periodStart",
            to_char(d.period_end, 'YYYY-MM-DD') AS "periodEnd", ${NARROWING.map((c) => `d.${c}`).join(", ")}
       FROM rollup_dirty d JOIN _rk_slices s ON s.measure_code = d.measure_code AND s.kind = d.kind
        AND s.period_start = d.period_start AND s.period_end = d.period_end`,
      )
    ).rows.map((r) => [sliceId(r), r]),
  );
  const changed: Changed = {};
  for (const field of NARROWING) {
    const codes = new Set<string>();
    for (const s of slices) {
      const mark = marks.get(sliceId(s));
      const named = mark ? mark[field] : s[field];
      if (!named?.length) {
        if (field === "places") return {};
        codes.clear();
        break;
      }
      for (const c of named) codes.add(c);
      for (const c of s[field] ?? []) codes.add(c);
    }
    if (codes.size) changed[field] = [...codes].sort();
  }
  return changed;
}

/**
 * A flow's calendar year is summed from the periods inside it (src/rules/calendar-year.ts): a
 * touched period inside a year brings that year's slice and every other slice inside the year. The
 * other periods are read off the nation's stored cells (every rolled-up figure reaches them, under
 * one boundary or the other: a few index lookups instead of a scan of the figures); a period not
 * rolled up yet is dirty itself, and its own refresh brings the year again. Only the nation's
 * ALL × ALL cells are read (the primary key's prefix down to the period): a flow adds up, so every
 * cell of a period at the nation has one above it in the ethnicity and programme trees.
 */
async function expandToCalendarYears(db: pg.ClientBase, cone: boolean): Promise<void> {
  await db.query(`
    CREATE TEMP TABLE _rk_inputs (LIKE _rk_slices) ON COMMIT DROP;
    CREATE TEMP TABLE _rk_years ON COMMIT DROP AS
      SELECT DISTINCT s.measure_code, s.kind, ${yearOfSql("s.period_start")} AS year
        FROM _rk_slices s JOIN measure m ON m.code = s.measure_code AND m.flow AND m.aggregation = 'SUM'
       WHERE ${yearOfSql("s.period_start")} = ${yearOfSql("s.period_end")};
    ANALYZE _rk_years, _rk_slices;
    CREATE TEMP TABLE _rk_expanded ON COMMIT DROP AS
      SELECT r.measure_code, r.kind, r.period_start, r.period_end
        FROM _rk_years y CROSS JOIN unnest(enum_range(NULL::"Boundary")) b(boundary)
        JOIN rollup r ON r.boundary = b.boundary AND r.measure_code = y.measure_code AND r.kind = y.kind AND r.place_key = '${NATION_KEY}'
         AND r.ethnicity_code = 'ALL' AND r.programme_code = 'ALL' AND r.period_start >= make_date(y.year, 1, 1) AND r.period_end <= make_date(y.year, 12, 31)
      UNION SELECT measure_code, kind, make_date(year, 1, 1), make_date(year, 12, 31) FROM _rk_years
      EXCEPT SELECT measure_code, kind, period_start, period_end FROM _rk_slices;
    -- A cone refresh reads the other periods inside a year as stored (inputs of the year's cells, not
    -- changed themselves), unless a period is dirty too (its stored cells may be stale): recomputed.
    INSERT INTO _rk_inputs SELECT * FROM _rk_expanded x
     WHERE ${cone} AND ${insideYearSql("x.period_start", "x.period_end")}
       AND NOT EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.measure_code = x.measure_code AND d.kind = x.kind
                          AND d.period_start = x.period_start AND d.period_end = x.period_end);
    INSERT INTO _rk_slices SELECT * FROM _rk_expanded EXCEPT SELECT * FROM _rk_inputs;
    ANALYZE _rk_inputs;
    ANALYZE _rk_slices; -- a few rows: index lookups into rollup and figure, not scans
    CREATE TEMP TABLE _rk_work (LIKE rollup INCLUDING ALL) ON COMMIT DROP;`);
}

async function startRun(db: pg.ClientBase, mode: string): Promise<number> {
  return (await db.query("INSERT INTO rollup_run (mode, started_at) VALUES ($1, now()) RETURNING id", [mode])).rows[0]
    .id;
}

async function failRun(db: Pick<pg.Pool, "query">, id: number, e: Error): Promise<void> {
  await db
    .query("UPDATE rollup_run SET finished_at = now(), error = $2 WHERE id = $1", [id, e.message])
    .catch(() => {});
}

async function finishRun(db: pg.ClientBase, id: number, rows: number, slices: number): Promise<void> {
  await db.query("UPDATE rollup_run SET finished_at = now(), rows = $2, slices = $3 WHERE id = $1", [id, rows, slices]);
}
