import type { Worker } from "bullmq";
import type pg from "pg";
import type { Logger } from "pino";
import type { QueueBackend } from "../src/shared/deps.ts";
import { ensureSchedule, ROLLUP_QUEUE, rollupProcessor, SCHEDULER_ID, sweepDirtySlices } from "../src/rollup/jobs.ts";

export interface RollupWorkerOptions {
  pool: pg.Pool;
  backend: QueueBackend;
  logger: Logger;
  cron: string;
  /** How long a job's lock lives: a worker that dies holding a job frees it after this (then it is retried). */
  lockDurationMs?: number;
  stepPauseMs?: number;
  /** How often the worker checks that the schedule still exists (a Redis restarted without persistence loses it). */
  scheduleCheckMs?: number;
  /** How often (and after how long dirty) slices with no refresh queued are queued again (default 30 s). */
  sweepMs?: number;
}

/**
 * The rollup worker: one job at a time (rebuilds take an advisory lock anyway), the nightly schedule
 * ensured at start and checked periodically after.
 */
export async function startRollupWorker(o: RollupWorkerOptions): Promise<Worker> {
  const queue = o.backend.createQueue(ROLLUP_QUEUE);
  const lockDuration = o.lockDurationMs ?? 60_000;
  const worker = o.backend.createWorker(ROLLUP_QUEUE, rollupProcessor({ pool: o.pool, logger: o.logger, stepPauseMs: o.stepPauseMs }), {
    concurrency: 1,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
  });
  const schedule = async () => {
    try {
      if (await queue.getJobScheduler(SCHEDULER_ID)) return;
      await ensureSchedule(queue, o.cron);
      o.logger.info({ cron: o.cron }, "rollup schedule ensured");
    } catch (e) {
      o.logger.warn({ err: (e as Error).message }, "rollup schedule not ensured yet");
    }
  };
  // Not awaited: with the queue's server down the worker must still start (and wait for it).
  void schedule();
  // Checked again periodically rather than on reconnect events: it also covers a Redis that came
  // back empty while no connection noticed, and costs one read.
  const timer = setInterval(() => void schedule(), o.scheduleCheckMs ?? 30_000);
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
  worker.on("failed", (job, err) => o.logger.error({ job: job?.id, name: job?.name, err: err.message }, "rollup job failed"));
  worker.on("error", (err) => o.logger.warn({ err: err.message }, "rollup worker connection error"));
  const close = worker.close.bind(worker);
  worker.close = async (force?: boolean) => { clearInterval(timer); clearInterval(sweeper); await close(force); await queue.close(); };
  return worker;
}
