import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL } from "../support/databases.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { renamed, seedDocument, snapshot, tempFile, toCsv } from "./helpers.ts";

let db: TestDb;
const prefix = `ingest-cli-${randomBytes(4).toString("hex")}`;
let redis: Redis;
let queue: Queue;

beforeAll(async () => {
  db = await createTestDb();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue("rollups", { connection: redis, prefix });
});
afterAll(async () => {
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  await redis.quit();
  await db.drop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  return new Promise((resolve) => {
    execFile(
      "npx",
      ["tsx", "src/ingest/import-cli.ts", ...args],
      {
        cwd: new URL("../..", import.meta.url).pathname,
        env: { ...base, QUEUE_PREFIX: prefix, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe("npm run import", () => {
  const doc = renamed(seedDocument("001"), "cli/001");

  it("imports a CSV, prints the summary and enqueues the rollup refresh", async () => {
    const file = tempFile(toCsv(doc));
    const run = await cli([file, "--actor", "cli-test"], { DATABASE_URL: db.url, REDIS_URL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/imported\s+updated\s+deleted\s+ignored\s+flagged\s+errors/);
    expect(run.stdout).toMatch(new RegExp(`cli/001\\s+CREATED\\s+1\\s+${doc.figures.length}\\s+0\\s+0\\s+0\\s+0\\s+0`));
    const stored = await db.pool.query(
      `SELECT d.imported_by, count(f.id)::int AS n FROM document d JOIN figure f ON f.document_id = d.id WHERE d.source_key = 'cli/001' GROUP BY 1`,
    );
    expect(stored.rows).toEqual([{ imported_by: "cli-test", n: doc.figures.length }]);

    const jobs = await queue.getJobs(["wait", "waiting", "delayed", "active", "completed"]);
    expect(jobs.map((j) => j.name)).toEqual(["incremental"]);
    expect(jobs[0].data.slices).toContainEqual(
      expect.objectContaining({
        measureCode: "loans_disbursed_vnd",
        kind: "ACTUAL",
        periodStart: "2023-01-01",
        periodEnd: "2024-05-31",
      }),
    );
  });

  it("reports an unchanged re-import and enqueues nothing", async () => {
    const before = await snapshot(db.pool);
    const run = await cli([tempFile(toCsv(doc))], { DATABASE_URL: db.url, REDIS_URL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`cli/001\\s+UNCHANGED\\s+1\\s+0\\s+0\\s+0\\s+${doc.figures.length}`));
    expect(await snapshot(db.pool)).toEqual(before);
    expect(await queue.count()).toBe(1);
  });

  it("exits 1 on a bad file, naming the line and the field, and writes nothing", async () => {
    const bad = structuredClone(doc);
    bad.document.sourceKey = "cli/bad";
    bad.figures[2].place = "P-99-2008";
    const before = await snapshot(db.pool);
    const run = await cli([tempFile(toCsv(bad)), "--no-rollup"], { DATABASE_URL: db.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/cli\/bad\s+ERROR/);
    expect(run.stdout).toMatch(/line 4\s+place \[[a-z0-9-]+\]: no place with key, code or name "P-99-2008"/);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it("keeps nothing on --dry-run", async () => {
    const before = await snapshot(db.pool);
    const run = await cli([tempFile(toCsv(renamed(doc, "cli/dry"))), "--dry-run"], { DATABASE_URL: db.url, REDIS_URL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Dry run/);
    expect(run.stdout).toMatch(/cli\/dry\s+CREATED/);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it("explains that imports need DATABASE_URL", async () => {
    const run = await cli([tempFile(toCsv(doc))], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Imports need DATABASE_URL/);
    expect(run.stderr).toMatch(/GraphQL mutation/);
  });
});
