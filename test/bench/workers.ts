/**
 * `npm run bench:workers [-- --facts 100000 --parts 2 --reports 16]`: what a second rollup worker adds.
 * On its own database (synthetic figures up to --facts, the seed included) and a queue prefix of its
 * own in Redis, with 1 and then 2 workers (each with its own pool, as separate processes would have):
 * - a full rebuild in one piece (rebuildAll, for reference), then split into --parts parts (a BullMQ
 *   flow): time from the "full" job to the swap;
 * - refresh throughput under a stream of imports: --reports province reports, each in another slice
 *   group (measure × year), imported back to back, each queueing its refresh; slices per second from
 *   the first import to the last refresh.
 * Prints a table, writes test/bench/results/workers-<date>.json, drops its database and keys.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import type { Worker } from "bullmq";
import pg from "pg";
import pino from "pino";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import { synthesize } from "../../src/ingest/synth/synthesize.ts";
import { createQueueBackend } from "../../src/queue/backend.ts";
import { enqueueFull, enqueueIncremental, ROLLUP_QUEUE } from "../../src/rollup/jobs.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startRollupWorker } from "../../workers/start-rollup-worker.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createBenchDb, prepare } from "./database.ts";
import { benchFlags } from "./cli.ts";
import { vnThousands } from "./import-doc.ts";
import { machineInfo } from "./machine.ts";
import { round } from "./stats.ts";
import { renderTable } from "./table.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const flags = benchFlags("npm run bench:workers [-- --facts 100000 --parts 2 --reports 16]", {
  facts: { type: "string", default: "100000" },
  parts: { type: "string", default: "2" },
  reports: { type: "string", default: "16" },
});
const facts = flags.count("facts");
const parts = flags.count("parts");
const reports = flags.count("reports");
const started = Date.now();
const machine = machineInfo();
const log = (msg: string) => console.error(`[bench:workers ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const silent = pino({ level: "silent" });
const prefix = `bench-${randomBytes(4).toString("hex")}`;

const MEASURES: [string, string][] = [
  ["households_supported", "hộ"],
  ["persons_supported", "người"],
  ["workers_employed", "lao động"],
  ["houses_built", "nhà"],
];

/** Report i: one province's districts, one measure and year (its own slice group). */
function report(i: number, districts: string[]): ImportDocument {
  const [measure, noun] = MEASURES[i % MEASURES.length];
  const year = 2016 + (Math.floor(i / MEASURES.length) % 9);
  return {
    document: { sourceKey: `bench/workers-${prefix}-${i}`, title: `Báo cáo ${i}`, publishedAt: `${year + 1}-01-15` },
    figures: districts.map((place, k) => {
      const text = `${vnThousands(100 + ((i * 31 + k * 7) % 5000))} ${noun}`;
      return {
        key: `f${k}`,
        place,
        programme: "ALL",
        measure,
        period: String(year),
        text,
        quote: `Năm ${year} đã hỗ trợ ${text}`,
      };
    }),
  } as ImportDocument;
}

const db = await createBenchDb(`bench_workers_${process.pid}`);
const backend = createQueueBackend({ redisUrl: REDIS_URL, databaseUrl: db.url, prefix });
const pools: pg.Pool[] = [];
const results: Record<string, unknown>[] = [];
// Interrupted: still drop the database and the queue's keys.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: dropping ${db.name}`);
    void Promise.allSettled([db.drop(), deleteKeysWithPrefix(REDIS_URL, prefix)]).finally(() => process.exit(130));
  });
}
try {
  log(`database ${db.name}: preparing, then ${facts} synthetic figures`);
  const seed = await prepare(db);
  await synthesize(db.pool, { facts: Math.max(0, facts - seed), seed: facts, sourceKey: `synthetic/bench-${facts}` });
  const figures = Number((await db.pool.query("SELECT count(*) n FROM figure")).rows[0].n);
  const t0 = performance.now();
  await rebuildAll(db.pool);
  const oneJobMs = performance.now() - t0;
  log(`rebuildAll in one piece: ${round(oneJobMs / 1000)} s`);
  const districts = (
    await db.pool.query<{ key: string }>(
      `SELECT d.key FROM place d WHERE d.level = 'DISTRICT' AND d.parent_key = (SELECT parent_key FROM place WHERE level = 'DISTRICT'
       GROUP BY parent_key ORDER BY count(*) DESC, parent_key LIMIT 1) ORDER BY d.key`,
    )
  ).rows.map((r) => r.key);

  for (const workerCount of [1, 2]) {
    const workers: Worker[] = [];
    const done: { name: string; result: { slices?: number } }[] = [];
    for (let w = 0; w < workerCount; w++) {
      const pool = new pg.Pool({ connectionString: db.url, max: 3 });
      pools.push(pool);
      const worker = await startRollupWorker({ pool, backend, logger: silent, cron: "0 2 * * *", fullParts: parts });
      worker.on("completed", (job, result) => done.push({ name: job.name, result: result as { slices?: number } }));
      workers.push(worker);
    }
    const queue = backend.createQueue(ROLLUP_QUEUE);
    const waitFor = async (what: () => boolean) => {
      while (!what()) await new Promise((r) => setTimeout(r, 20));
    };

    log(`${workerCount} worker(s): a full rebuild split into ${parts} parts`);
    const f0 = performance.now();
    await enqueueFull(queue, "bench");
    await waitFor(() => done.some((d) => d.name === "full-swap"));
    const splitMs = performance.now() - f0;

    log(`${workerCount} worker(s): ${reports} reports imported back to back`);
    done.length = 0;
    const r0 = performance.now();
    for (let i = 0; i < reports; i++) {
      const doc = report(i + workerCount * 1000, districts);
      const summary = await importDocument(db.pool, doc, {
        actor: "bench",
        onCommitted: async (slices) => {
          await enqueueIncremental(queue, slices);
        },
      });
      if (summary.errors.length) throw new Error(`report refused: ${JSON.stringify(summary.errors.slice(0, 2))}`);
    }
    const importedMs = performance.now() - r0;
    await waitFor(() => done.filter((d) => d.name === "incremental").length >= reports);
    const streamMs = performance.now() - r0;
    const slices = done.reduce((n, d) => n + (d.result.slices ?? 0), 0);
    const failed = (await queue.getJobCounts("failed")).failed;
    results.push({
      workers: workerCount,
      splitRebuildS: round(splitMs / 1000),
      importsS: round(importedMs / 1000),
      refreshStreamS: round(streamMs / 1000),
      slicesRefreshed: slices,
      slicesPerSecond: round(slices / (streamMs / 1000), 2),
      failedJobs: failed,
    });
    for (const w of workers) await w.close();
    await queue.close();
  }

  const table = renderTable(
    `rollup workers at ${figures.toLocaleString("en-US")} figures (full rebuild in one piece: ${round(oneJobMs / 1000)} s)`,
    [
      "workers",
      `full rebuild in ${parts} parts, s`,
      "imports, s",
      "imports → last refresh, s",
      "slices refreshed",
      "slices/s",
      "failed jobs",
    ],
    results.map(
      (r) =>
        [
          r.workers,
          r.splitRebuildS,
          r.importsS,
          r.refreshStreamS,
          r.slicesRefreshed,
          r.slicesPerSecond,
          r.failedJobs,
        ] as (string | number)[],
    ),
    [
      `${reports} province reports (${districts.length} districts each), each its own measure × year; the workers are in this process, each with its own pool`,
      `machine: ${machine.nproc} cores, load average ${machine.loadAvgAtStart.join(" / ")} at the start, ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")} at the end`,
    ],
  );
  console.log(table);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const file = new URL(
    `./results/workers-${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}.json`,
    import.meta.url,
  );
  writeFileSync(
    file,
    `${JSON.stringify({ machine, facts: figures, parts, reports, oneJobMs: round(oneJobMs), results }, null, 2)}\n`,
  );
  log(`wrote ${file.pathname}`);
} finally {
  await backend.close().catch(() => {});
  for (const p of pools) await p.end().catch(() => {});
  await db.drop();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
}
