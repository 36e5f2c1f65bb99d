import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/shared/config.ts";
import { createApiKey } from "../../src/graphql/auth.ts";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { ROLLUP_LOCK } from "../../src/rollup/rebuild.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { ABANDONED_RUN } from "../../src/rollup/rollup-lock.ts";
import { rollupStatus } from "../../src/rollup/status.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { createClient } from "../../src/db/pool.ts";
import { REDIS_URL } from "../support/databases.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { until } from "../support/until.ts";

// Two API processes (each with its rollup worker) on one database and one queue, twenty imports
// at once that touch overlapping slices. Before the rollup lock was taken ahead of the REPEATABLE
// READ snapshot, a refresh that had waited for another one failed on its rows ("could not
// serialize access due to concurrent update", duplicate key on rollup_pkey).
let db: TestDb;
let servers: RunningServer[] = [];
let editorKey: string;
const queuePrefix = `ptest-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  db = await createTestDb();
  await loadSeed(db.pool);
  await rebuildAll(db.pool);
  editorKey = await createApiKey(db.pool, "test-editor", "editor");
  const config = { ...readConfig({}), databaseUrl: db.url, redisUrl: REDIS_URL, workers: true, queuePrefix };
  servers = await Promise.all([0, 1].map(() => startServer({ config, port: 0, logger: pino({ level: "silent" }) })));
}, 120_000);
afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.stop()));
  await db?.drop();
  await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
});

const DISTRICTS = ["D-06-BACH-THONG", "D-06-BA-BE", "D-06-NA-RI", "D-20-BINH-GIA"];
const doc = (i: number) => ({
  document: { sourceKey: `test/concurrent-refresh-${i}`, title: `Báo cáo ${i}`, publishedAt: "2023-02-01" },
  figures: [
    {
      key: "credit",
      place: DISTRICTS[i % DISTRICTS.length],
      programme: "CREDIT-POOR",
      measure: "households_supported",
      period: "2022",
      text: `${100 + i} hộ`,
      quote: `có ${100 + i} hộ nghèo vay vốn`,
    },
    {
      key: "cards",
      place: DISTRICTS[(i + 1) % DISTRICTS.length],
      programme: "HEALTH-INSURANCE",
      measure: "health_insurance_cards",
      period: i % 2 ? "2022" : "2023",
      text: `${1000 + i} thẻ`,
      quote: `cấp ${1000 + i} thẻ BHYT`,
    },
  ],
});

async function importVia(server: RunningServer, i: number) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": editorKey },
    body: JSON.stringify({
      query: `mutation($d: JSON!) { importReport(document: $d) { status rollupRefreshQueued } }`,
      variables: { d: doc(i) },
    }),
  });
  return ((await res.json()) as { data: { importReport: { status: string; rollupRefreshQueued: boolean } } }).data
    .importReport;
}

describe("concurrent refreshes on two processes", () => {
  it("twenty overlapping imports: every refresh succeeds at its first attempt, and the result equals a clean rebuild", async () => {
    const since = new Date();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => importVia(servers[i % 2], i)));
    expect(results.every((r) => r.status === "CREATED" && r.rollupRefreshQueued)).toBe(true);
    const queue = servers[0].deps.rollupQueue;
    await until(
      "every refresh to finish",
      async () => {
        const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
        const dirty = (await db.pool.query("SELECT count(*)::int AS n FROM rollup_dirty")).rows[0].n;
        // the schedule's next run is the only delayed job once retries (if any) are done
        return c.waiting + c.active + c.prioritized === 0 && c.delayed <= 1 && dirty === 0;
      },
      120_000,
      200,
    );

    const runs = (await db.pool.query("SELECT mode, error FROM rollup_run WHERE started_at >= $1", [since])).rows;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.filter((r) => r.error !== null)).toEqual([]);
    const completed = await queue.getCompleted(0, 100);
    const incremental = completed.filter((j) => j.name === "incremental" && j.timestamp >= since.getTime());
    expect(incremental).toHaveLength(20);
    expect(incremental.map((j) => j.attemptsMade)).toEqual(Array(20).fill(1));
    expect(await queue.getFailedCount()).toBe(0);

    const snapshot = async () =>
      (
        await db.pool.query(
          `SELECT boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end, value::text
         FROM rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
        )
      ).rows;
    const refreshed = await snapshot();
    await rebuildAll(db.pool);
    expect(refreshed).toEqual(await snapshot());
  }, 180_000);
});

describe("a run whose worker died", () => {
  it("stays running while someone holds the lock, and is marked failed once nobody does", async () => {
    await db.pool.query("INSERT INTO rollup_run (mode, started_at) VALUES ('full', now() + interval '1 hour')");
    const holder = createClient({ name: "test-lock", connectionString: db.url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock($1)", [ROLLUP_LOCK]);
    const held = await rollupStatus(db.pool, null, "redis");
    expect(held.lastFull).toMatchObject({ finishedAt: null, error: null });

    await holder.end(); // the lock goes with the session, as it does when a worker is killed
    const after = await rollupStatus(db.pool, null, "redis");
    expect(after.lastFull?.error).toBe(ABANDONED_RUN);
    expect(after.lastFull?.finishedAt).toBeInstanceOf(Date);
  });
});
