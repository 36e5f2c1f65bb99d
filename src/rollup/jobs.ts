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

/** After an import commits: recompute exactly the slices it touched. */
export async function enqueueIncremental(queue: Queue, slices: Slice[]): Promise<string | undefined> {
  if (!slices.length) return undefined;
  const job = await queue.add("incremental", { slices }, JOB_OPTIONS);
  return job.id;
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
