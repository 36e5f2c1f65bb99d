import type { Queue, Worker } from "bullmq";
import type pg from "pg";
import type { Logger } from "pino";
import { rollupLockDuration } from "../src/shared/config.ts";
import type { QueueBackend } from "../src/shared/deps.ts";
import {
  enqueueFirstBuild,
  ensureSchedule,
  ROLLUP_QUEUE,
  rollupProcessor,
  SCHEDULER_ID,
  sweepDirtySlices,
} from "../src/rollup/jobs.ts";

export interface RollupWorkerOptions {
  pool: pg.Pool;
  backend: QueueBackend;
  logger: Logger;
  cron: string;
  /**
   * How long a job's lock lives: a worker that dies holding a job frees it after this, and the other
   * workers' stall checks (every half lock) hand it on: a killed worker's job restarts within 1.5×.
   */
  lockDurationMs?: number;
  stepPauseMs?: number;
  /** How often the worker checks that the schedule still exists (a Redis restarted without persistence loses it). */
  scheduleCheckMs?: number;
  /** Split a full rebuild into this many parts, computed by whichever workers are free (default 1: not split). */
  fullParts?: number;
  /** Compute an unsplit full rebuild on this many connections at once (default 1; see ProcessorOptions). */
  fullConnections?: number;
  /** How often (and after how long dirty) slices with no refresh queued are queued again (default 30 s). */
  sweepMs?: number;
  /** Full rebuilds commit statement by statement, so that readers of a one-session database get between them. */
  stepwise?: boolean;
}

/**
 * The rollup worker: one job at a time (rebuilds take an advisory lock anyway), the nightly schedule
 * ensured at start and checked periodically after.
 */
export async function startRollupWorker(o: RollupWorkerOptions): Promise<Worker> {
  const queue = o.backend.createQueue(ROLLUP_QUEUE);
  const lockDuration = o.lockDurationMs ?? rollupLockDuration({ rollupLockDurationMs: undefined }, false);
  const flows = (o.fullParts ?? 1) > 1 ? o.backend.createFlowProducer() : undefined;
  const processor = rollupProcessor({
    pool: o.pool,
    logger: o.logger,
    stepPauseMs: o.stepPauseMs,
    fullParts: o.fullParts,
    fullConnections: o.fullConnections,
    flows,
    queue,
    stepwise: o.stepwise,
  });
  const worker = o.backend.createWorker(ROLLUP_QUEUE, processor, {
    concurrency: 1,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
  });
  let retryReplace = false;
  // At start the configured pattern replaces whatever is stored (the last process started wins);
  // afterwards only a lost schedule is put back, so workers configured differently do not take turns.
  const schedule = async (replace: boolean) => {
    try {
      if (!replace && (await queue.getJobScheduler(SCHEDULER_ID))) return;
      const replaced = await ensureSchedule(queue, o.cron);
      if (replaced) o.logger.warn({ cron: o.cron, replaced }, "rollup schedule changed to the configured pattern");
      else o.logger.info({ cron: o.cron }, "rollup schedule ensured");
    } catch (e) {
      o.logger.warn({ err: (e as Error).message }, "rollup schedule not ensured yet");
      if (replace) retryReplace = true;
    }
  };
  // Not awaited: with the queue's server down the worker must still start (and wait for it).
  void schedule(true);
  // Checked again periodically rather than on reconnect events: it also covers a Redis that came
  // back empty while no connection noticed, and costs one read.
  const timer = setInterval(() => {
    const replace = retryReplace;
    retryReplace = false;
    void schedule(replace);
  }, o.scheduleCheckMs ?? 30_000);
  timer.unref();
  const sweepMs = o.sweepMs ?? 30_000;
  const sweep = async () => {
    try {
      const queued = await sweepDirtySlices(o.pool, queue, sweepMs);
      if (queued) o.logger.warn({ slices: queued }, "dirty slices had no refresh queued (lost job?): queued one");
    } catch (e) {
      o.logger.warn({ err: (e as Error).message }, "dirty-slice sweep failed (queue or database down?)");
    }
  };
  const sweeper = setInterval(() => void sweep(), sweepMs);
  sweeper.unref();
  void queueFirstBuild(o.pool, queue, o.logger);
  worker.on("failed", (job, err) =>
    o.logger.error({ job: job?.id, name: job?.name, err: err.message }, "rollup job failed"),
  );
  worker.on("error", (err) => o.logger.warn({ err: err.message }, "rollup worker connection error"));
  const close = worker.close.bind(worker);
  worker.close = async (force?: boolean) => {
    clearInterval(timer);
    clearInterval(sweeper);
    await close(force);
    await flows?.close();
    await queue.close();
  };
  return worker;
}

/**
 * A database whose rollups were never built gets a full rebuild queued, so comparisons can be served
 * from rollups: one job for the database however many workers start on it (the job id names it).
 * Not awaited by the caller: a queue that is down must not keep a process from starting.
 */
async function queueFirstBuild(pool: pg.Pool, queue: Queue, logger: Logger): Promise<void> {
  try {
    const r =
      await pool.query(`SELECT current_database() AS name, (SELECT oid::int FROM pg_database WHERE datname = current_database()) AS oid,
      EXISTS (SELECT 1 FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL AND error IS NULL) AS built`);
    const database = r.rows[0] as { name: string; oid: number; built: boolean };
    if (!database.built) await enqueueFirstBuild(queue, database);
  } catch (e) {
    logger.warn({ err: e }, "could not queue the first rollup rebuild");
  }
}
