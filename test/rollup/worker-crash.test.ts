import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { enqueueFull, ROLLUP_QUEUE } from "../../src/rollup/jobs.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { ABANDONED_RUN } from "../../src/rollup/rollup-lock.ts";
import { REDIS_URL } from "../support/databases.ts";
import { insertDocument } from "../support/figures.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { until } from "../support/until.ts";

// A worker SIGKILLed in the middle of a full rebuild: the old rollup stays readable, the job is
// picked up again by the next worker, and the result equals a clean rebuild.
let db: TestDb;
let backend: QueueBackend;
const prefix = `ptest-${randomBytes(4).toString("hex")}`;
const children: ChildProcess[] = [];

function startWorker(extraEnv: Record<string, string>): { proc: ChildProcess; output: () => string } {
  let out = "";
  const proc = spawn(process.execPath, ["--import", "tsx", "workers/rollup-worker.ts"], {
    env: { ...process.env, DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, ROLLUP_LOCK_DURATION_MS: "1500", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => { out += d; });
  proc.stderr!.on("data", (d) => { out += d; });
  children.push(proc);
  return { proc, output: () => out };
}

const snapshot = async () => (await db.pool.query(
  "SELECT * FROM rollup ORDER BY boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end")).rows.map(({ computed_at, ...r }) => r);

beforeAll(async () => {
  db = await createTestDb();
  backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: db.url, prefix });
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await backend.close();
  await db.drop();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
});

describe("a worker killed mid-rebuild", () => {
  it("leaves the old rollup readable, and the retried job equals a clean rebuild", async () => {
    await insertDocument(db.pool, [
      { place: "D-06-BACH-THONG", measure: "households_supported", value: 416, programme: "CREDIT-POOR" },
      { place: "P-20-2008", measure: "households_supported", value: 21129, programme: "CREDIT" },
    ]);
    await rebuildAll(db.pool);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    await insertDocument(db.pool, [{ place: "D-06-BA-BE", measure: "households_supported", value: 300, programme: "CREDIT-NEAR-POOR" }]);

    const slow = startWorker({ ROLLUP_STEP_PAUSE_MS: "40" });
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const jobId = await enqueueFull(queue, "test");
    await until("the rebuild to be under way", async () => /"done":[1-9]\d/.test(slow.output()));
    slow.proc.kill("SIGKILL");
    await until("the killed worker to exit", async () => slow.proc.exitCode !== null || slow.proc.signalCode !== null);

    expect(await snapshot()).toEqual(before);
    const next = await db.pool.query("SELECT to_regclass('rollup_next') AS t");
    expect(next.rows[0].t).toBeNull();

    startWorker({});
    await until("the job to complete on the second worker", async () => (await queue.getJob(jobId!))?.finishedOn, 60_000);
    const job = await queue.getJob(jobId!);
    expect(await job!.getState()).toBe("completed");
    expect(job!.attemptsMade + (job!.stalledCounter ?? 0)).toBeGreaterThanOrEqual(1);
    // the killed worker's run is not left "running": the next run marked it failed
    const runs = (await db.pool.query("SELECT finished_at, error FROM rollup_run WHERE mode = 'full' ORDER BY id")).rows;
    expect(runs.filter((r) => r.finished_at === null)).toEqual([]);
    expect(runs.map((r) => r.error)).toContain(ABANDONED_RUN);

    const retried = await snapshot();
    expect(retried).not.toEqual(before);
    await rebuildAll(db.pool);
    expect(retried).toEqual(await snapshot());
    await queue.close();
  }, 120_000);
});
