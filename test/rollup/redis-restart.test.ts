import type { Worker } from "bullmq";
import pino from "pino";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { ROLLUP_QUEUE, SCHEDULER_ID } from "../../src/rollup/jobs.ts";
import { startRollupWorker } from "../../workers/start-rollup-worker.ts";
import { insertDocument } from "../support/figures.ts";
import { PrivateRedis } from "../support/private-redis.ts";
import { until } from "../support/until.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Redis restarting (here a private redis-server, like the machine's: no persistence, so it comes
// back empty) must not lose the schedule: the worker reconnects, restores it and goes on.
let db: TestDb;
let redis: PrivateRedis;
let backend: QueueBackend;
let worker: Worker;

const fullRunsSince = async (t: Date) =>
  Number(
    (
      await db.pool.query(
        "SELECT count(*) n FROM rollup_run WHERE mode = 'full' AND finished_at IS NOT NULL AND error IS NULL AND started_at > $1",
        [t],
      )
    ).rows[0].n,
  );

beforeAll(async () => {
  db = await createTestDb();
  await insertDocument(db.pool, [
    { place: "P-20-2008", measure: "households_supported", value: 21129, programme: "CREDIT" },
  ]);
  redis = await PrivateRedis.start();
  backend = createQueueBackend({ redisUrl: redis.url, databaseUrl: db.url, prefix: "restart" });
  worker = await startRollupWorker({
    pool: db.pool,
    backend,
    logger: pino({ level: "silent" }),
    cron: "*/2 * * * * *",
    scheduleCheckMs: 300,
  });
});
afterAll(async () => {
  await worker?.close(true).catch(() => {});
  await backend?.close().catch(() => {});
  await redis?.kill();
  await db.drop();
});

describe("Redis restarting", () => {
  it("keeps the schedule: the worker reconnects and scheduled rebuilds go on", async () => {
    const queue = backend.createQueue(ROLLUP_QUEUE);
    await until("the schedule", async () => !!(await queue.getJobScheduler(SCHEDULER_ID)));
    const t0 = new Date();
    await until("a scheduled rebuild", async () => (await fullRunsSince(t0)) > 0);

    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    await redis.restart();
    const restartedAt = new Date();

    await until(
      "the schedule to be restored",
      async () => !!(await queue.getJobScheduler(SCHEDULER_ID).catch(() => undefined)),
    );
    await until("a scheduled rebuild after the restart", async () => (await fullRunsSince(restartedAt)) > 0);
    await queue.close();
  }, 90_000);
});
