import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/db/pool.ts";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { enqueueFull, ROLLUP_QUEUE } from "../../src/rollup/jobs.ts";
import { ROLLUP_LOCK } from "../../src/rollup/rebuild.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { renamed, seedDocument } from "../ingest/helpers.ts";
import { REDIS_URL, withAdmin } from "../support/databases.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { until } from "../support/until.ts";

// The database ends connections (pg_terminate_backend, as an operator or a failover would): the
// request in flight fails with a clean error, the process lives on, the next request succeeds, and
// a rollup job whose connection was cut is retried. Before src/db/pool.ts, each of these ended the
// process with "Unhandled 'error' event" (vitest reports that as an uncaught error and fails).
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer({ workers: true });
});
afterAll(async () => {
  await s?.stop();
});

const IMPORT = `mutation($d: JSON!) { importReport(document: $d) { status imported rollupRefreshQueued } }`;

/** Backends of the test database matching a condition on pg_stat_activity (pid <> ours is implied). */
async function backends(where: string): Promise<number[]> {
  return withAdmin(async (a) =>
    (
      await a.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ${where}`, [
        s.db.name,
      ])
    ).rows.map((r) => r.pid),
  );
}

async function terminate(pids: number[]): Promise<void> {
  await withAdmin((a) => a.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid", [pids]));
}

/** A session of the test's own holding an advisory lock, so that the code under test waits on it. */
async function holdLock(key: string | number): Promise<{ release(): Promise<void> }> {
  const c = createClient({ name: "test-lock", connectionString: s.db.url });
  await c.connect();
  const sql = typeof key === "number" ? "$1::bigint" : "hashtext($1)";
  await c.query(`SELECT pg_advisory_lock(${sql})`, [key]);
  return {
    release: async () => {
      await c.query(`SELECT pg_advisory_unlock(${sql})`, [key]);
      await c.end();
    },
  };
}

async function waitingOnAdvisoryLock(): Promise<number[] | undefined> {
  const pids = await backends("wait_event_type = 'Lock' AND wait_event = 'advisory'");
  return pids.length ? pids : undefined;
}

/** No rollup job waiting or running (the schedule's next run is a delayed job: it does not count). */
async function queueIdle(): Promise<void> {
  await until(
    "the rollup queue to be idle",
    async () => {
      const counts = await s.server.deps.rollupQueue.getJobCounts("waiting", "active");
      return counts.waiting + counts.active === 0;
    },
    60_000,
  );
}

describe("a lost database connection", () => {
  it("fails an import in progress cleanly; the process lives and the next import succeeds", async () => {
    const doc = renamed(seedDocument("003"), "test/connection-loss-import");
    const lock = await holdLock(doc.document.sourceKey);
    const pending = s.gql(IMPORT, { d: doc }, { "x-api-key": s.editorKey });
    const [pid] = await until("the import to wait inside its transaction", waitingOnAdvisoryLock);
    await terminate([pid]);
    const cut = await pending;
    await lock.release();

    expect(cut.errors?.[0]?.extensions.code).toBe("DATABASE_UNAVAILABLE");
    expect(cut.errors?.[0]?.message).toMatch(/connection to the database was lost/);
    expect(JSON.stringify(cut.errors)).not.toMatch(/administrator command|stacktrace|node_modules/);
    const stored = await s.db.pool.query("SELECT count(*)::int AS n FROM document WHERE source_key = $1", [
      doc.document.sourceKey,
    ]);
    expect(stored.rows[0].n).toBe(0); // the transaction was rolled back with its connection

    const again = await s.gql(IMPORT, { d: doc }, { "x-api-key": s.editorKey });
    expect(again.errors).toBeUndefined();
    expect(again.data.importReport).toMatchObject({ status: "CREATED", imported: doc.figures.length });
  });

  it("fails a rollup refresh in progress; the worker retries the job and it completes", async () => {
    await queueIdle();
    const lock = await holdLock(ROLLUP_LOCK);
    const jobId = await enqueueFull(s.server.deps.rollupQueue, "connection-loss test");
    const [pid] = await until("the rebuild to wait for the rollup lock", waitingOnAdvisoryLock);
    await terminate([pid]);
    await until(
      "the first attempt to fail",
      async () => ((await s.server.deps.rollupQueue.getJob(jobId!))?.attemptsMade ?? 0) >= 1,
    );
    await lock.release();

    await until(
      "the retried job to complete",
      async () => (await s.server.deps.rollupQueue.getJob(jobId!))?.finishedOn,
      60_000,
    );
    const job = await s.server.deps.rollupQueue.getJob(jobId!);
    expect(await job!.getState()).toBe("completed");
    expect(job!.attemptsMade).toBe(2);
    expect(job!.failedReason).toMatch(/terminat/); // the first attempt's reason is kept
    const runs = await s.db.pool.query(
      "SELECT finished_at, error FROM rollup_run WHERE mode = 'full' ORDER BY id DESC",
    );
    expect(runs.rows[0].error).toBeNull();
    expect(runs.rows.filter((r) => r.finished_at === null)).toEqual([]);
  }, 90_000);

  it("kills idle connections of every pool; the next requests succeed and the cache comes back", async () => {
    await queueIdle();
    const idle = await backends("true");
    expect(idle.length).toBeGreaterThanOrEqual(2); // the API pool, the worker's, the data-change listener
    await terminate(idle);
    await until(
      "the connections to be gone",
      async () => (await backends(`pid = ANY('{${idle.join(",")}}'::int[])`)).length === 0,
    );

    const read = await s.gql(`{ measures { code } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data.measures.length).toBeGreaterThan(10);
    const health = s.server.url.replace("/graphql", "/healthz");
    await until(
      "the data-change listener to reconnect",
      async () =>
        ((await (await fetch(health)).json()) as { responseCache?: { enabled: boolean } }).responseCache?.enabled ===
        true,
    );

    // the in-process worker, its connections cut while idle, still takes jobs
    const jobId = await enqueueFull(s.server.deps.rollupQueue, "after idle loss");
    await until(
      "the worker to run a job after losing its idle connections",
      async () => (await s.server.deps.rollupQueue.getJob(jobId!))?.finishedOn,
      60_000,
    );
    expect(await (await s.server.deps.rollupQueue.getJob(jobId!))!.getState()).toBe("completed");
  }, 90_000);
});

describe("a worker process whose idle connections are cut", () => {
  const prefix = `ptest-${randomBytes(4).toString("hex")}`;
  let worker: ChildProcess | undefined;
  let backend: QueueBackend | undefined;
  let output = "";
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await backend?.close();
    await deleteKeysWithPrefix(REDIS_URL, prefix);
  });

  it("stays up and runs the next job", async () => {
    worker = spawn(process.execPath, ["--import", "tsx", "workers/rollup-worker.ts"], {
      env: { ...process.env, DATABASE_URL: s.db.url, REDIS_URL, QUEUE_PREFIX: prefix },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (d) => {
      output += d;
    });
    worker.stderr!.on("data", (d) => {
      output += d;
    });
    backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: s.db.url, prefix });
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const first = await enqueueFull(queue, "warm the worker's pool");
    await until("the worker's first job", async () => (await queue.getJob(first!))?.finishedOn, 60_000);

    const ours = await backends(`application_name = '' AND backend_type = 'client backend' AND state = 'idle'`);
    await terminate(ours);
    await until("the worker to log the lost connection", async () => output.includes("database connection lost"));
    await new Promise((r) => setTimeout(r, 500)); // an unhandled 'error' would end the process within this
    expect(worker.exitCode, output).toBeNull();

    const next = await enqueueFull(queue, "after the loss");
    await until("the worker's next job", async () => (await queue.getJob(next!))?.finishedOn, 60_000);
    expect(await (await queue.getJob(next!))!.getState()).toBe("completed");
    expect(worker.exitCode).toBeNull();
  }, 120_000);
});
