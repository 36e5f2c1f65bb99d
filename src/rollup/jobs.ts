import { createHash } from "node:crypto";
import type { Job, Queue } from "bullmq";
import type pg from "pg";
import type { Logger } from "pino";
import { rebuildAll, refreshSlices, type RunResult } from "./rebuild.ts";
import type { Slice } from "../shared/slices.ts";

export const ROLLUP_QUEUE = "rollups";
export const SCHEDULER_ID = "full-rebuild";

export type RollupJobData = { slices: Slice[] } | { reason: string };

const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { count: 500 },
  removeOnFail: { count: 500 },
} as const;

/** How long an import waits for the queue before answering that its refresh is not queued yet. */
export const ENQUEUE_TIMEOUT_MS = 1_000;

/**
 * After an import commits: recompute exactly the slices it touched. With the queue's server down
 * (ioredis holds commands until it reconnects) this gives up after `timeoutMs`: the slices stay
 * marked dirty, the held command still runs when the server is back, and the sweeper
 * (sweepDirtySlices) queues whatever was lost.
 */
export async function enqueueIncremental(queue: Queue, slices: Slice[], timeoutMs = ENQUEUE_TIMEOUT_MS): Promise<string | undefined> {
  if (!slices.length) return undefined;
  const job = await within(timeoutMs, queue.add("incremental", { slices }, JOB_OPTIONS),
    `the rollup queue did not answer within ${timeoutMs} ms: the refresh is not queued yet (its slices stay dirty and are queued when the queue is back)`);
  return job.id;
}

function within<T>(ms: number, work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  work.catch(() => {}); // settles later, once the queue is back; nobody waits for it then
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Queues a refresh of the slices that have been dirty for longer than `olderThanMs` while no
 * refresh is waiting or running: their job was lost (a Redis restarted without persistence, an
 * import that could not reach the queue). Every worker runs it; the job id (the slices) makes two
 * sweeps at once queue one job. Returns the number of slices queued.
 */
export async function sweepDirtySlices(pool: Pick<pg.Pool, "query">, queue: Queue, olderThanMs: number): Promise<number> {
  const stale = (await pool.query<Slice & { places: string[] | null }>(
    `SELECT measure_code AS "measureCode", kind, to_char(period_start, 'YYYY-MM-DD') AS "periodStart",
            to_char(period_end, 'YYYY-MM-DD') AS "periodEnd", places
       FROM rollup_dirty WHERE since < now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY 1, 2, 3, 4`, [olderThanMs])).rows;
  if (!stale.length) return 0;
  const counts = await queue.getJobCounts("waiting", "active", "prioritized");
  if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) > 0) return 0;
  // A retry waiting out its backoff is a delayed job too (the schedule's next run is the other kind).
  if ((await queue.getDelayed()).some((j) => j.name === "incremental")) return 0;
  const slices = stale.map((s) => ({ measureCode: s.measureCode, kind: s.kind, periodStart: s.periodStart, periodEnd: s.periodEnd, ...(s.places ? { places: s.places } : {}) }));
  const id = `sweep-${createHash("sha256").update(JSON.stringify(slices)).digest("hex").slice(0, 24)}`;
  await queue.add("incremental", { slices }, { ...JOB_OPTIONS, jobId: id });
  return slices.length;
}

export async function enqueueFull(queue: Queue, reason: string): Promise<string | undefined> {
  const job = await queue.add("full", { reason }, JOB_OPTIONS);
  return job.id;
}

/**
 * The repeatable full rebuild. Idempotent (upsert by scheduler id), so the worker calls it on every
 * (re)connection: a Redis that restarted empty gets its schedule back.
 */
export async function ensureSchedule(queue: Queue, cron: string): Promise<void> {
  await queue.upsertJobScheduler(SCHEDULER_ID, { pattern: cron }, { name: "full", data: { reason: "schedule" }, opts: JOB_OPTIONS });
}

export interface ProcessorOptions {
  pool: pg.Pool;
  logger: Logger;
  stepPauseMs?: number;
}

export function rollupProcessor({ pool, logger, stepPauseMs }: ProcessorOptions) {
  return async (job: Job<RollupJobData>): Promise<RunResult> => {
    const log = logger.child({ job: job.id, name: job.name, attempt: job.attemptsMade + 1 });
    const onStep = (step: string, done: number, total: number) => {
      if (done === 1 || done === total || done % 10 === 0) log.info({ step, done, total }, "rollup progress");
      // Not awaited: the rebuild holds its transaction open meanwhile, and on the embedded database
      // (one session) the queue's write would wait for that transaction, which would wait for it.
      job.updateProgress(Math.round((done / total) * 100)).catch(() => {});
    };
    const result = job.name === "incremental" && "slices" in job.data
      ? await refreshSlices(pool, job.data.slices, { onStep, stepPauseMs })
      : await rebuildAll(pool, { onStep, stepPauseMs });
    log.info(result, "rollup done");
    return result;
  };
}
