import { randomBytes } from "node:crypto";
import type { Worker } from "bullmq";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig, rollupLockDuration } from "../../src/shared/config.ts";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { enqueueFirstBuild, ROLLUP_QUEUE, SCHEDULER_ID } from "../../src/rollup/jobs.ts";
import { rollupStatus } from "../../src/rollup/status.ts";
import { startRollupWorker } from "../../workers/start-rollup-worker.ts";
import { REDIS_URL } from "../support/databases.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { until } from "../support/until.ts";

// Several processes share one queue: the configured ROLLUP_CRON is the schedule in force (not the
// first one ever stored), and a fresh database gets one first rebuild, not one per process.
let db: TestDb;
let backend: QueueBackend;
const prefix = `ptest-${randomBytes(4).toString("hex")}`;
const silent = pino({ level: "silent" });

beforeAll(async () => {
  db = await createTestDb();
  backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: db.url, prefix });
});
afterAll(async () => {
  await backend.close();
  await db.drop();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
});

async function workerWithCron(cron: string): Promise<Worker> {
  // lockDuration short and concurrency irrelevant here: no job is queued but the schedule's next one.
  return startRollupWorker({
    pool: db.pool,
    backend,
    logger: silent,
    cron,
    lockDurationMs: 2_000,
    scheduleCheckMs: 200,
  });
}

describe("the rollup schedule", () => {
  it("follows the configured ROLLUP_CRON when one is already stored, and rollupStatus says which runs", async () => {
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const first = await workerWithCron("0 2 * * *");
    await until("the first schedule", async () => (await queue.getJobScheduler(SCHEDULER_ID))?.pattern === "0 2 * * *");
    await first.close();

    const second = await workerWithCron("30 3 * * *");
    await until(
      "the configured pattern to replace the stored one",
      async () => (await queue.getJobScheduler(SCHEDULER_ID))?.pattern === "30 3 * * *",
      5_000,
    );
    const status = await rollupStatus(db.pool, queue, "redis");
    expect(status.schedule?.pattern).toBe("30 3 * * *");
    expect(status.schedule?.next?.getUTCMinutes()).toBe(30);
    // Still one scheduler, and one delayed job for it.
    expect(await queue.getJobSchedulersCount()).toBe(1);
    await second.close();
    await queue.close();
  });

  it("queues one first rebuild however many processes start on a fresh database", async () => {
    const queue = backend.createQueue(ROLLUP_QUEUE);
    // The identity the workers of the first test used too when they queued the first build.
    const database = (
      await db.pool.query(
        "SELECT current_database() AS name, oid::int FROM pg_database WHERE datname = current_database()",
      )
    ).rows[0];
    const ids = await Promise.all([1, 2, 3, 4].map(() => enqueueFirstBuild(queue, database)));
    expect(new Set(ids).size).toBe(1);
    const jobs = (await queue.getJobs(["waiting", "delayed", "active", "completed", "prioritized"])).filter(
      (j) => j.data && "reason" in j.data && j.data.reason === "first start",
    );
    expect(jobs).toHaveLength(1);
    await queue.close();
  });

  it("fails a dead worker's job over quickly by default (15 s lock on a real PostgreSQL)", () => {
    expect(rollupLockDuration(readConfig({}), false)).toBe(15_000);
    expect(rollupLockDuration(readConfig({ ROLLUP_LOCK_DURATION_MS: "4000" }), false)).toBe(4_000);
    expect(rollupLockDuration(readConfig({}), true)).toBe(120_000);
  });
});
