import type { Queue } from "bullmq";
import type pg from "pg";
import { SCHEDULER_ID } from "./jobs.ts";
import { failAbandonedRuns } from "./rollup-lock.ts";

export interface RunInfo {
  mode: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  rows: number | null;
  slices: number | null;
  error: string | null;
}
export interface FailedJob {
  id: string;
  name: string;
  reason: string;
  attempts: number;
  failedAt: Date | null;
}
export interface RollupStatusData {
  lastFull: RunInfo | null;
  lastIncremental: RunInfo | null;
  rows: number;
  dirtySlices: number;
  queue: {
    waiting: number;
    active: number;
    delayed: number;
    failed: number;
    completed: number;
    prioritized: number;
    backend: string;
  };
  failedJobs: FailedJob[];
  schedule: { pattern: string | null; next: Date | null } | null;
}

export async function rollupStatus(
  pool: Pick<pg.Pool, "query">,
  queue: Queue | null,
  backend: string,
): Promise<RollupStatusData> {
  // A worker killed mid-run left its run "running": shown as failed once nobody holds the lock.
  await failAbandonedRuns(pool, false);
  const [runs, counts] = await Promise.all([
    pool.query(`
      SELECT DISTINCT ON (mode) mode, started_at, finished_at, rows, slices, error,
             (extract(epoch FROM finished_at - started_at) * 1000)::int AS duration_ms
        FROM rollup_run ORDER BY mode, started_at DESC`),
    pool.query(`SELECT (SELECT count(*) FROM rollup)::int AS rows, (SELECT count(*) FROM rollup_dirty)::int AS dirty`),
  ]);
  const run = (mode: string): RunInfo | null => {
    const r = runs.rows.find((x) => x.mode === mode);
    return r
      ? {
          mode,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          durationMs: r.duration_ms,
          rows: r.rows,
          slices: r.slices,
          error: r.error,
        }
      : null;
  };
  let queueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, prioritized: 0 };
  let failedJobs: FailedJob[] = [];
  let schedule: RollupStatusData["schedule"] = null;
  if (queue) {
    const c = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
    queueCounts = {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
      prioritized: c.prioritized ?? 0,
    };
    failedJobs = (await queue.getFailed(0, 9)).filter(Boolean).map((j) => ({
      id: String(j.id),
      name: j.name,
      reason: j.failedReason,
      attempts: j.attemptsMade,
      failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
    }));
    // The pattern in force: the stored scheduler's, which every worker's ROLLUP_CRON replaces at start.
    const s = await queue.getJobScheduler(SCHEDULER_ID);
    if (s) schedule = { pattern: s.pattern ?? null, next: s.next ? new Date(s.next) : null };
  }
  return {
    lastFull: run("full"),
    lastIncremental: run("incremental"),
    rows: counts.rows[0].rows,
    dirtySlices: counts.rows[0].dirty,
    queue: { ...queueCounts, backend },
    failedJobs,
    schedule,
  };
}
