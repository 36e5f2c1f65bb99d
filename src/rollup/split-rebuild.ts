/**
 * A full rebuild split into parts that several workers compute at once, swapped in once at the end.
 *
 * The unit of a part is a slice group: one measure, kind and year (src/rollup/slice-locks.ts). Cells
 * of different groups never read each other (a flow's calendar year sums periods of its own year), so
 * each part computes its groups with the engine's public computeCells, restricted to their slices,
 * into one shared build table, in a snapshot of its own. The swap (a BullMQ flow's parent, run once
 * every part is done) takes the rollup lock exclusively, so no refresh runs meanwhile, and:
 * - re-marks dirty the slices a refresh recomputed in `rollup` after the build began: the parts may
 *   not have seen the import behind it, and the refresh's work would be lost with the old table;
 * - swaps the build table in, records the run, and clears the dirty marks the parts saw (unless an
 *   import changed them since).
 * A part that fails is retried alone (it first removes its own rows); the build table of a build that
 * never finished is dropped by a later build after a day.
 */
import type pg from "pg";
import { computeCells, type ComputeOptions } from "./engine-sql.ts";
import { markDirty } from "../shared/mark-dirty.ts";
import { inFullRun, keyBuilt, rebuildAll, swapIn, type RebuildOptions, type RunResult } from "./rebuild.ts";
import { withRollupLock } from "./rollup-lock.ts";
import { GROUP_SQL } from "./slice-locks.ts";
import type { Slice } from "../shared/slices.ts";
import { inTransaction } from "../shared/transaction.ts";

export interface SplitPlan {
  table: string;
  startedAt: string;
  parts: string[][];
}
export interface PartResult {
  rows: number;
  groups: number;
  seenMarks: string[];
}
export interface SwapResult {
  rows: number;
  slices: number;
  durationMs: number;
  remarked: Slice[];
}

const BUILD_PREFIX = "rollup_build_";
const STALE_BUILD_MS = 24 * 3600_000;

/**
 * The groups to compute, spread over `parts` parts of about equal figure counts (largest first, each
 * to the lightest part), and the empty build table they fill. Groups with only dirty marks (their
 * figures all deleted) are planned too, so that some part sees and clears their marks.
 */
export async function planSplit(pool: pg.Pool, parts: number): Promise<SplitPlan> {
  await dropStaleBuilds(pool);
  const groups = (
    await pool.query<{ g: string; n: string }>(`
    SELECT g, sum(n) AS n FROM (
      SELECT ${GROUP_SQL("f")} AS g, count(*) AS n FROM figure f GROUP BY 1
      UNION ALL SELECT ${GROUP_SQL("d")}, 0 FROM rollup_dirty d) x
    GROUP BY g ORDER BY sum(n) DESC, g`)
  ).rows;
  const bins = Array.from({ length: Math.max(1, parts) }, () => ({ load: 0, groups: [] as string[] }));
  for (const { g, n } of groups) {
    const lightest = bins.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.groups.push(g);
    lightest.load += Number(n) + 1;
  }
  const { now, stamp } = (
    await pool.query<{ now: string; stamp: string }>(
      "SELECT now()::text AS now, (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS stamp",
    )
  ).rows[0];
  const table = `${BUILD_PREFIX}${stamp}`;
  await pool.query(`CREATE TABLE ${table} (LIKE rollup INCLUDING DEFAULTS)`);
  return { table, startedAt: now, parts: bins.map((b) => b.groups).filter((g) => g.length) };
}

/** One part: its groups' cells computed from one snapshot into the build table (replacing a failed attempt's). */
export async function computePart(
  pool: pg.Pool,
  table: string,
  groups: string[],
  progress: Pick<ComputeOptions, "onStep" | "stepPauseMs"> = {},
): Promise<PartResult> {
  const db = await pool.connect();
  try {
    return await inTransaction(
      db,
      async () => {
        await db.query(`DELETE FROM ${table} t WHERE ${GROUP_SQL("t")} = ANY($1::text[])`, [groups]);
        await db.query(
          `CREATE TEMP TABLE _rk_slices ON COMMIT DROP AS
          SELECT DISTINCT measure_code, kind, period_start, period_end FROM figure f WHERE ${GROUP_SQL("f")} = ANY($1::text[])`,
          [groups],
        );
        await db.query("ANALYZE _rk_slices");
        // the rows it stored, not counted in the build table: that scan took 1.3 s at 1M figures
        const { stored } = await computeCells(db, table, { ...progress, sliceTable: "_rk_slices" });
        const seenMarks = (
          await db.query<{ id: string }>(
            `SELECT ${MARK_ID} AS id FROM rollup_dirty d WHERE ${GROUP_SQL("d")} = ANY($1::text[])`,
            [groups],
          )
        ).rows.map((r) => r.id);
        return { rows: stored ?? 0, groups: groups.length, seenMarks };
      },
      { isolation: "REPEATABLE READ" },
    );
  } finally {
    db.release();
  }
}

/** The parts are done: the build table becomes `rollup` (see the module comment). */
export async function swapSplit(
  pool: pg.Pool,
  plan: Pick<SplitPlan, "table" | "startedAt">,
  seenMarks: string[],
): Promise<SwapResult> {
  const started = Date.now();
  const db = await pool.connect();
  try {
    return await withRollupLock(db, async () => {
      const { rows, slices, remarked } = await inTransaction(db, async () => {
        const counted = await keyBuilt(db, plan.table);
        const remarked = (
          await db.query<Slice>(
            `
          SELECT DISTINCT measure_code AS "measureCode", kind, to_char(period_start, 'YYYY-MM-DD') AS "periodStart",
                 to_char(period_end, 'YYYY-MM-DD') AS "periodEnd"
            FROM rollup WHERE computed_at >= $1::timestamptz`,
            [plan.startedAt],
          )
        ).rows;
        await markDirty(db, remarked);
        await swapIn(db, plan.table);
        await db.query(
          `INSERT INTO rollup_run (mode, started_at, finished_at, rows, slices) VALUES ('full', $1::timestamptz, now(), $2, $3)`,
          [plan.startedAt, counted.rows, counted.slices],
        );
        return { ...counted, remarked };
      });
      await db.query(`DELETE FROM rollup_dirty d WHERE ${MARK_ID} = ANY($1::text[])`, [seenMarks]);
      return { rows, slices, durationMs: Date.now() - started, remarked };
    });
  } finally {
    db.release();
  }
}

/**
 * A full rebuild by one worker on `connections` database connections at once: the split plan's
 * parts computed side by side, then swapped in. PostgreSQL runs each INSERT … SELECT into temporary
 * tables on one core, so a rebuild in one piece leaves the other cores idle (at 1M figures on 2
 * cores: 66 s in 2 parts side by side against 125-137 s in one piece, the same rows). As a rebuild
 * in one piece (rebuildAll), it is one run holding the rollup lock throughout, on a session of its
 * own (refreshes wait for it, and it for them; a killed worker's run is marked abandoned by the
 * next). A part that fails fails the whole once the others have stopped, and the build table is
 * dropped; the job's retry plans anew.
 */
export function rebuildInParts(
  pool: pg.Pool,
  connections: number,
  progress: Pick<ComputeOptions, "onStep" | "stepPauseMs"> = {},
): Promise<RunResult & { parts: number }> {
  return inFullRun(pool, async (leader, atomically) => {
    const plan = await planSplit(pool, connections);
    let swapped = false;
    try {
      const seenMarks = await computeParts(pool, plan, progress);
      const counted = await atomically(async () => {
        const counted = await keyBuilt(leader, plan.table);
        await swapIn(leader, plan.table);
        return counted;
      });
      swapped = true;
      return { ...counted, seenMarks, parts: plan.parts.length };
    } finally {
      if (!swapped) await pool.query(`DROP TABLE IF EXISTS ${plan.table}`).catch(() => {});
    }
  });
}

/**
 * A full rebuild as a worker runs it unsplit: in parts side by side on `connections` connections
 * (ROLLUP_FULL_CONNECTIONS), or in one piece on one (and always stepwise: one session).
 */
export function rebuildFull(
  pool: pg.Pool,
  connections: number,
  opts: RebuildOptions = {},
): Promise<RunResult & { parts?: number }> {
  return connections > 1 && !opts.stepwise
    ? rebuildInParts(pool, connections, { onStep: opts.onStep, stepPauseMs: opts.stepPauseMs })
    : rebuildAll(pool, opts);
}

/** Every part of `plan` computed at once, each on its own connection; the dirty marks they saw. */
async function computeParts(
  pool: pg.Pool,
  plan: SplitPlan,
  progress: Pick<ComputeOptions, "onStep" | "stepPauseMs">,
): Promise<string[]> {
  const steps = plan.parts.map(() => ({ done: 0, total: 0 }));
  const onStep = (step: string, done: number, total: number, part: number) => {
    steps[part] = { done, total };
    const all = steps.reduce((a, s) => ({ done: a.done + s.done, total: a.total + s.total }), { done: 0, total: 0 });
    return progress.onStep?.(step, all.done, all.total);
  };
  const settled = await Promise.allSettled(
    plan.parts.map((groups, i) =>
      computePart(pool, plan.table, groups, {
        stepPauseMs: progress.stepPauseMs,
        onStep: (step, done, total) => onStep(step, done, total, i),
      }),
    ),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.flatMap((s) => (s as PromiseFulfilledResult<PartResult>).value.seenMarks);
}

/** A dirty mark as a part saw it: its slice and row version (an import since changes the version). */
const MARK_ID = `concat_ws('|', d.measure_code, d.kind, d.period_start, d.period_end, d.xmin)`;

async function dropStaleBuilds(pool: pg.Pool): Promise<void> {
  const tables = (
    await pool.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE $1",
      [`${BUILD_PREFIX}%`],
    )
  ).rows;
  for (const { t } of tables) {
    const stamp = Number(t.slice(BUILD_PREFIX.length));
    if (Number.isFinite(stamp) && Date.now() - stamp > STALE_BUILD_MS) await pool.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
