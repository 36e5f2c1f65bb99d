import { randomBytes } from "node:crypto";
import type { Worker } from "bullmq";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { createQueueBackend } from "../../src/queue/backend.ts";
import type { QueueBackend } from "../../src/shared/deps.ts";
import { markDirty } from "../../src/shared/mark-dirty.ts";
import { enqueueFull, ROLLUP_QUEUE } from "../../src/rollup/jobs.ts";
import { rebuildAll, refreshSlices } from "../../src/rollup/rebuild.ts";
import { sliceGroup } from "../../src/rollup/slice-locks.ts";
import type { Slice } from "../../src/shared/slices.ts";
import { computePart, planSplit, rebuildInParts, swapSplit } from "../../src/rollup/split-rebuild.ts";
import { startRollupWorker } from "../../workers/start-rollup-worker.ts";
import { REDIS_URL } from "../support/databases.ts";
import { insertDocument } from "../support/figures.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { until } from "../support/until.ts";

// A full rebuild split into parts (slice groups) computed apart and swapped in once equals the
// rebuild in one piece, even when an import and its refresh land between the parts. (Figure ids are
// compared as sets: the engine gathers them in whatever order its plan reads them.)
let db: TestDb;
let backend: QueueBackend;
const prefix = `ptest-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  db = await createTestDb();
  await loadSeed(db.pool);
  backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: db.url, prefix });
});
afterAll(async () => {
  await backend.close();
  await db.drop();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
});

const digest = async () =>
  (
    await db.pool.query(`SELECT md5(string_agg(concat_ws('|', boundary, measure_code, kind, place_key, ethnicity_code,
    programme_code, period_start, period_end, value, lower, upper, qualifier, derivation, parts_dimension, covered_children, total_children,
    figure_count,
    (SELECT array_agg(i ORDER BY i) FROM unnest(figure_ids) i), flagged_excluded), ',' ORDER BY boundary, measure_code, kind, place_key, ethnicity_code, programme_code,
    period_start, period_end)) AS d, count(*)::int AS n FROM rollup`)
  ).rows[0] as { d: string; n: number };

const BA_BE_2022: Slice = {
  measureCode: "households_supported",
  kind: "ACTUAL",
  periodStart: "2022-01-01",
  periodEnd: "2022-12-31",
  places: ["D-06-BA-BE"],
};

describe("a full rebuild split into parts", () => {
  it("keeps an import refreshed between its parts: the swap marks that slice dirty again, and its refresh ends equal to a clean rebuild", async () => {
    const plan = await planSplit(db.pool, 2);
    expect(plan.parts).toHaveLength(2);
    const first = plan.parts.findIndex((groups) => groups.includes(sliceGroup(BA_BE_2022)));
    const firstPart = await computePart(db.pool, plan.table, plan.parts[first]);
    const seen = [...firstPart.seenMarks];

    // An import commits, marks its slice dirty, and a worker refreshes it in the old table.
    await insertDocument(db.pool, [
      { place: "D-06-BA-BE", measure: "households_supported", value: 300, programme: "CREDIT-POOR" },
    ]);
    await markDirty(db.pool, [BA_BE_2022]);
    await refreshSlices(db.pool, [BA_BE_2022]);

    const secondPart = await computePart(db.pool, plan.table, plan.parts[1 - first]);
    seen.push(...secondPart.seenMarks);
    const swapped = await swapSplit(db.pool, plan, seen);
    expect(firstPart.rows).toBeGreaterThan(0);
    expect(firstPart.rows + secondPart.rows).toBe(swapped.rows);
    expect(swapped.remarked.map((s) => `${s.measureCode}|${s.periodStart}`)).toContain(
      "households_supported|2022-01-01",
    );
    expect(Number((await db.pool.query("SELECT count(*) n FROM rollup_dirty")).rows[0].n)).toBeGreaterThan(0);
    await refreshSlices(db.pool, swapped.remarked);

    const split = await digest();
    await rebuildAll(db.pool);
    expect(split).toEqual(await digest());
    expect((await db.pool.query("SELECT to_regclass($1) AS t", [plan.table])).rows[0].t).toBeNull();
  }, 120_000);

  it("runs as a BullMQ flow: two workers compute a part each, the swap runs once, equal to a clean rebuild", async () => {
    const silent = pino({ level: "silent" });
    const done: string[][] = [[], []];
    const workers: Worker[] = [];
    for (const i of [0, 1]) {
      const w = await startRollupWorker({
        pool: db.pool,
        backend,
        logger: silent,
        cron: "0 2 * * *",
        lockDurationMs: 10_000,
        fullParts: 2,
      });
      w.on("completed", (job) => done[i].push(job.name));
      workers.push(w);
    }
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const runsBefore = Number((await db.pool.query("SELECT count(*) n FROM rollup_run WHERE mode = 'full'")).rows[0].n);
    await enqueueFull(queue, "test");
    await until("the swap", async () => done.flat().includes("full-swap"), 90_000, 50);
    expect(done.flat().filter((n) => n === "full-part")).toHaveLength(2);
    expect(done.map((names) => names.includes("full-part"))).toEqual([true, true]);
    expect((await queue.getJobCounts("failed")).failed).toBe(0);
    expect(
      Number(
        (await db.pool.query("SELECT count(*) n FROM rollup_run WHERE mode = 'full' AND error IS NULL")).rows[0].n,
      ),
    ).toBe(runsBefore + 1);

    const split = await digest();
    await rebuildAll(db.pool);
    expect(split).toEqual(await digest());
    for (const w of workers) await w.close();
    await queue.close();
  }, 120_000);
  it("one worker computes an unsplit full rebuild's parts side by side (fullConnections): equal to the rebuild in one piece, no build table left", async () => {
    const silent = pino({ level: "silent" });
    const parts: number[] = [];
    const worker = await startRollupWorker({
      pool: db.pool,
      backend,
      logger: silent,
      cron: "0 2 * * *",
      lockDurationMs: 10_000,
      fullConnections: 2,
    });
    const completed: string[] = [];
    worker.on("completed", (job, result) => {
      completed.push(job.name);
      parts.push((result as { parts: number }).parts);
    });
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const runsBefore = Number((await db.pool.query("SELECT count(*) n FROM rollup_run WHERE mode = 'full'")).rows[0].n);
    await enqueueFull(queue, "test");
    await until("the rebuild", async () => completed.includes("full"), 90_000, 50);
    expect(parts).toEqual([2]);
    expect((await queue.getJobCounts("failed")).failed).toBe(0);
    expect(
      Number(
        (await db.pool.query("SELECT count(*) n FROM rollup_run WHERE mode = 'full' AND error IS NULL")).rows[0].n,
      ),
    ).toBe(runsBefore + 1);
    expect(await buildTables()).toEqual([]);

    const inParts = await digest();
    await rebuildAll(db.pool);
    expect(inParts).toEqual(await digest());
    await worker.close();
    await queue.close();
  }, 120_000);

  it("computes the parts side by side: both wait at once on a lock held elsewhere", async () => {
    const holder = await db.pool.connect();
    const tagged = new pg.Pool({ connectionString: db.url, max: 4, application_name: "in-parts-test" });
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE measure IN ACCESS EXCLUSIVE MODE");
      const rebuilding = rebuildInParts(tagged, 2);
      // asked on another connection: within the holder's transaction pg_stat_activity is read once
      const waiting = async () =>
        Number(
          (
            await db.pool.query(
              "SELECT count(*) n FROM pg_stat_activity WHERE application_name = 'in-parts-test' AND wait_event_type = 'Lock'",
            )
          ).rows[0].n,
        );
      await until("both parts waiting", async () => (await waiting()) === 2, 10_000, 20);
      await holder.query("ROLLBACK");
      expect((await rebuilding).parts).toBe(2);
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
      await tagged.end();
    }
  }, 60_000);

  it("a part that fails fails the whole rebuild in parts, drops its build table and leaves rollup as it was", async () => {
    await rebuildAll(db.pool);
    const before = await digest();
    // a part's first read of the measures waits on this lock, past its lock_timeout
    const impatient = new pg.Pool({ connectionString: db.url, max: 4, options: "-c lock_timeout=300" });
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE measure IN ACCESS EXCLUSIVE MODE");
      await expect(rebuildInParts(impatient, 2)).rejects.toThrow(/lock timeout/);
      await holder.query("ROLLBACK");
    } finally {
      holder.release();
      await impatient.end();
    }
    expect(await buildTables()).toEqual([]);
    expect(await digest()).toEqual(before);
    const run = (
      await db.pool.query("SELECT finished_at, error FROM rollup_run WHERE mode = 'full' ORDER BY id DESC LIMIT 1")
    ).rows[0];
    expect(run.finished_at).not.toBeNull();
    expect(run.error).toMatch(/lock timeout/);
    const result = await rebuildInParts(db.pool, 2);
    expect(result.parts).toBe(2);
    expect(await digest()).toEqual(before);
  }, 120_000);
});

const buildTables = async () =>
  (
    await db.pool.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rollup\\_build\\_%'",
    )
  ).rows.map((r) => r.t);
