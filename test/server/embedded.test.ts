import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Job } from "bullmq";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/shared/config.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { startEmbeddedPostgres } from "../../src/server/embedded.ts";

// No DATABASE_URL, no REDIS_URL: PGlite in DATA_DIR, the queue on BullMQ's PostgreSQL backend.
const dataDir = mkdtempSync(path.join(tmpdir(), "embedded-test-"));
const config = { ...readConfig({}), databaseUrl: undefined, redisUrl: undefined, dataDir };
const boot = () => startServer({ config, port: 0, logger: pino({ level: "silent" }) });
let running: RunningServer | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const oldProvinces = async (s: RunningServer) => Number((await s.deps.pool.query(
  "SELECT count(*) n FROM place WHERE level = 'PROVINCE' AND valid_from <= '2024-01-01' AND valid_to >= '2024-01-01'")).rows[0].n);
const graphql = (s: RunningServer, query: string) =>
  fetch(s.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) }).then((r) => r.json());

describe("embedded mode", () => {
  it("starts on an empty DATA_DIR: migrated, reference data loaded, GraphQL and health up", async () => {
    running = await boot();
    const s = running;
    expect(s.deps.embedded).toBe(true);
    expect(s.deps.queues.kind).toBe("postgres");
    expect(await graphql(s, "{ __typename }")).toEqual({ data: { __typename: "Query" } });
    expect(await oldProvinces(s)).toBe(63);
    expect(await s.deps.prisma.place.count({ where: { level: "PROVINCE", validFrom: new Date("2025-07-01") } })).toBe(34);
    // the seed hook ran: figures imported, their rollup refreshes queued
    expect(Number((await s.deps.pool.query("SELECT count(*) n FROM figure")).rows[0].n)).toBeGreaterThan(0);
    expect((await s.deps.rollupQueue.getJobCounts("waiting")).waiting).toBeGreaterThan(0);
    const health = await (await fetch(s.url.replace(/\/graphql$/, "/healthz"))).json();
    expect(health).toMatchObject({ status: "ok", database: { ok: true, embedded: true }, queue: { ok: true, backend: "postgres" } });
  }, 120_000);

  it("wakes an idle worker on NOTIFY, long before its drainDelay poll", async () => {
    const s = running!;
    const queue = s.deps.queues.createQueue("embedded-probe");
    const done = new Promise<number>((resolve) => {
      s.deps.queues.createWorker("embedded-probe", async (job: Job) => { resolve(Date.now()); return job.data.n; }, { drainDelay: 20 });
    });
    await new Promise((r) => setTimeout(r, 1000)); // let the worker find the queue empty and block
    const added = Date.now();
    await queue.add("probe", { n: 7 });
    const pickedUp = await Promise.race([done, new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 10_000))]);
    expect(pickedUp - added).toBeLessThan(5_000);
  }, 30_000);

  it("refuses a second server on the same DATA_DIR", async () => {
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/in use by process/);
  });

  it("stops cleanly and starts again on the same DATA_DIR (warm start) with its data", async () => {
    await running!.stop();
    running = undefined;
    expect(existsSync(path.join(dataDir, "embedded.pid"))).toBe(false);

    running = await boot();
    const s = running;
    expect(await oldProvinces(s)).toBe(63);
    expect(await graphql(s, "{ __typename }")).toEqual({ data: { __typename: "Query" } });
    const counts = await s.deps.queues.createQueue("embedded-probe").getJobCounts("completed");
    expect(counts.completed).toBe(1); // the job of the first run, kept in the database
  }, 120_000);
});
