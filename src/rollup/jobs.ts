import { createHash } from "node:crypto";
import { UnrecoverableError, type FlowProducer, type Job, type Queue } from "bullmq";
import type pg from "pg";
import type { Logger } from "pino";
import { refreshSlices, type RunResult } from "./rebuild.ts";
import type { Slice } from "../shared/slices.ts";
import {
  computePart,
  planSplit,
  rebuildFull,
  swapSplit,
  type PartResult,
  type SplitPlan,
  type SwapResult,
} from "./split-rebuild.ts";

export const ROLLUP_QUEUE = "rollups";
export const SCHEDULER_ID = "full-rebuild";

/**
 * "incremental" (slices), "full" (reason), and the jobs of a split full rebuild: "full-part" (its
 * slice groups, into the build table) and their parent "full-swap", run once every part is done.
 */
export type RollupJobData =
  | { slices: Slice[] }
  | { reason: string }
  | { table: string; groups: string[]; part: number; of: number }
  | { table: string; startedAt: string; reason: string };

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
export async function enqueueIncremental(
  queue: Queue,
  slices: Slice[],
  timeoutMs = ENQUEUE_TIMEOUT_MS,
): Promise<string | undefined> {
  if (!slices.length) return undefined;
  const job = await within(
    timeoutMs,
    queue.add("incremental", { slices }, JOB_OPTIONS),
    `the rollup queue did not answer within ${timeoutMs} ms: the refresh is not queued yet (its slices stay dirty and are queued when the queue is back)`,
  );
  return job.id;
}

function within<T>(ms: number, work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => {}); // settles later, once the queue is back; nobody waits for it then
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Queues a refresh of the slices that have been dirty for longer than `olderThanMs` while no
 * refresh is waiting or running: their job was lost (a Redis restarted without persistence, an
 * import that could not reach the queue). Every worker runs it; the job id (the slices) makes two
 * sweeps at once queue one job. Returns the number of slices queued.
 */
export async function sweepDirtySlices(
  pool: Pick<pg.Pool, "query">,
  queue: Queue,
  olderThanMs: number,
): Promise<number> {
  const stale = (
    await pool.query<Slice & { places: string[] | null }>(
      `SELECT measure_code AS "measureCode", kind, to_char(period_start, 'YYYY-MM-DD') AS "periodStart",
            to_char(period_end, 'YYYY-MM-DD') AS "periodEnd", places
       FROM rollup_dirty WHERE since < now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY 1, 2, 3, 4`,
      [olderThanMs],
    )
  ).rows;
  if (!stale.length) return 0;
  const counts = await queue.getJobCounts("waiting", "active", "prioritized");
  if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) > 0) return 0;
  // A retry waiting out its backoff is a delayed job too (the schedule's next run is the other kind).
  if ((await queue.getDelayed()).some((j) => j.name === "incremental")) return 0;
  const slices = stale.map((s) => ({
    measureCode: s.measureCode,
    kind: s.kind,
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    ...(s.places ? { places: s.places } : {}),
  }));
  const id = `sweep-${createHash("sha256").update(JSON.stringify(slices)).digest("hex").slice(0, 24)}`;
  await queue.add("incremental", { slices }, { ...JOB_OPTIONS, jobId: id });
  return slices.length;
}

export async function enqueueFull(queue: Queue, reason: string): Promise<string | undefined> {
  const job = await queue.add("full", { reason }, JOB_OPTIONS);
  return job.id;
}

/**
 * The first full rebuild of a database whose rollups were never built, queued once however many
 * processes start on it at the same time: the job id names the database, so a second add is a no-op.
 */
export async function enqueueFirstBuild(
  queue: Queue,
  database: { name: string; oid: number },
): Promise<string | undefined> {
  const jobId = `first-start-${database.name.replace(/[^A-Za-z0-9_-]/g, "_")}-${database.oid}`;
  const job = await queue.add("full", { reason: "first start" }, { ...JOB_OPTIONS, jobId });
  return job.id;
}

/**
 * The repeatable full rebuild, upserted by scheduler id so that the configured pattern is the one in
 * force (a changed ROLLUP_CRON replaces the stored one). Returns the pattern it replaced, if any.
 */
export async function ensureSchedule(queue: Queue, cron: string): Promise<string | undefined> {
  const existing = await queue.getJobScheduler(SCHEDULER_ID);
  if (existing?.pattern === cron) return undefined;
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern: cron },
    { name: "full", data: { reason: "schedule" }, opts: JOB_OPTIONS },
  );
  return existing?.pattern ?? undefined;
}

export interface ProcessorOptions {
  pool: pg.Pool;
  logger: Logger;
  stepPauseMs?: number;
  /**
   * Into how many parts a full rebuild is split (ROLLUP_FULL_PARTS): above 1, a "full" job plans the
   * parts and adds them as a flow, which every worker on the queue then shares.
   */
  fullParts?: number;
  /**
   * On how many database connections one worker computes an unsplit full rebuild (ROLLUP_FULL_CONNECTIONS):
   * above 1, its parts side by side (`rebuildInParts`); not with `stepwise` (one session).
   */
  fullConnections?: number;
  /** Where a split rebuild's flow is added, and the refresh its swap may call for. */
  flows?: FlowProducer;
  queue?: Queue;
  /** Full rebuilds commit statement by statement (RebuildOptions.stepwise): the embedded database. */
  stepwise?: boolean;
}

export function rollupProcessor(o: ProcessorOptions) {
  const { pool, logger, stepPauseMs } = o;
  return async (job: Job<RollupJobData>): Promise<unknown> => {
    const log = logger.child({ job: job.id, name: job.name, attempt: job.attemptsMade + 1 });
    const onStep = (step: string, done: number, total: number) => {
      if (done === 1 || done === total || done % 10 === 0) log.info({ step, done, total }, "rollup progress");
      // Not awaited: the rebuild holds its transaction open meanwhile, and on the embedded database
      // (one session) the queue's write would wait for that transaction, which would wait for it.
      job.updateProgress(Math.round((done / total) * 100)).catch(() => {});
    };
    try {
      return await run(job, log, onStep);
    } catch (e) {
      if (!isDeterministic(e)) throw e;
      // The same SQL on the same data fails the same way: retrying only delays the alarm.
      log.error({ err: e }, "rollup job failed on an error a retry cannot fix: not retried");
      throw new UnrecoverableError(`${(e as Error).message} (SQLSTATE ${(e as { code?: string }).code}; not retried)`);
    }
  };

  async function run(
    job: Job<RollupJobData>,
    log: Logger,
    onStep: (step: string, done: number, total: number) => void,
  ): Promise<unknown> {
    const data = job.data;
    let result: RunResult | PartResult | SwapResult | { planned: number; table: string };
    if (job.name === "incremental" && "slices" in data) {
      result = await refreshSlices(pool, data.slices, { onStep, stepPauseMs });
    } else if (job.name === "full-part" && "groups" in data) {
      result = await computePart(pool, data.table, data.groups, { onStep, stepPauseMs });
    } else if (job.name === "full-swap" && "startedAt" in data) {
      const parts = Object.values(await job.getChildrenValues<PartResult>());
      result = await swapSplit(
        pool,
        data,
        parts.flatMap((p) => p.seenMarks),
      );
      // Slices a refresh recomputed while the parts ran are dirty again: refresh them on the new table.
      if (result.remarked.length && o.queue) await enqueueIncremental(o.queue, result.remarked);
    } else if ((o.fullParts ?? 1) > 1 && o.flows) {
      const plan = await planSplit(pool, o.fullParts!);
      await addSplitFlow(o.flows, plan, "reason" in data ? data.reason : "full");
      result = { planned: plan.parts.length, table: plan.table };
    } else {
      // stepwise, a reader waits for one statement at most: how long each took is worth seeing
      const onStatement = (sql: string, ms: number) =>
        log.debug({ ms: Math.round(ms), sql: sql.replace(/\s+/g, " ").slice(0, 200) }, "rollup statement");
      result = await rebuildFull(pool, o.fullConnections ?? 1, {
        onStep,
        stepPauseMs,
        stepwise: o.stepwise,
        onStatement,
      });
    }
    log.info("seenMarks" in result ? { ...result, seenMarks: result.seenMarks.length } : result, "rollup done");
    return result;
  }
}

/** The parts as children of the swap: the swap runs once they are all done, and fails if one fails for good. */
async function addSplitFlow(flows: FlowProducer, plan: SplitPlan, reason: string): Promise<void> {
  await flows.add({
    name: "full-swap",
    queueName: ROLLUP_QUEUE,
    data: { table: plan.table, startedAt: plan.startedAt, reason },
    opts: JOB_OPTIONS,
    children: plan.parts.map((groups, i) => ({
      name: "full-part",
      queueName: ROLLUP_QUEUE,
      data: { table: plan.table, groups, part: i + 1, of: plan.parts.length },
      opts: { ...JOB_OPTIONS, failParentOnFailure: true },
    })),
  });
}

/**
 * SQLSTATE classes a rerun cannot fix: 42 (a statement the database refuses: undefined table or
 * column, syntax), 22 (data the statement cannot handle), 0A (unsupported feature). Lost
 * connections, serialization failures, deadlocks and timeouts are retried.
 */
const DETERMINISTIC_CLASSES = new Set(["42", "22", "0A"]);

export function isDeterministic(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.length === 5 && DETERMINISTIC_CLASSES.has(code.slice(0, 2));
}
