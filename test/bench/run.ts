/**
 * `npm run bench [-- --facts 20000,100000 --seconds 5]`: measures load, full and incremental rollup
 * builds, dashboard queries over HTTP and a naive SQL peer on a database of its own (bench_<pid>,
 * dropped at the end, also on error or Ctrl-C). Prints one table per section and writes the
 * figures to test/bench/results/<YYYY-MM-DD>.json. No pass/fail: figures only.
 */
import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { startBenchServer, benchDashboard, type BenchServer, type DashboardResult } from "./dashboard.ts";
import { createBenchDb, prepare, type BenchDb } from "./database.ts";
import { benchIncremental, type IncrementalResult } from "./incremental.ts";
import { machineInfo } from "./machine.ts";
import { benchNaive, type NaiveResult } from "./naive.ts";
import { benchScale, type ScaleResult } from "./scale.ts";
import { round, timed } from "./stats.ts";
import { renderTable } from "./table.ts";

interface Options { facts: number[]; seconds: number; concurrency: number[]; importFigures: number; naiveRuns: number }

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    if (eq) return eq.slice(name.length + 3);
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (name: string, fallback: string) => (value(name) ?? fallback).split(",").map((s) => Number(s.trim()));
  const num = (name: string, fallback: number) => Number(value(name) ?? fallback);
  const o: Options = {
    facts: [...new Set(list("facts", "20000,100000"))].sort((a, b) => a - b),
    seconds: num("seconds", 5),
    concurrency: list("concurrency", "1,10,50"),
    importFigures: num("import-figures", 1000),
    naiveRuns: num("naive-runs", 50),
  };
  const bad = [...o.facts, ...o.concurrency, o.seconds, o.importFigures, o.naiveRuns].some((n) => !Number.isFinite(n) || n <= 0);
  if (bad || o.facts.some((n) => !Number.isInteger(n))) {
    console.error("usage: npm run bench -- [--facts 20000,100000] [--seconds 5] [--concurrency 1,10,50] [--import-figures 1000] [--naive-runs 50]");
    process.exit(2);
  }
  return o;
}

const opts = parseOptions(process.argv.slice(2));
const machine = machineInfo();
const started = Date.now();
const log = (msg: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

let db: BenchDb | undefined;
let server: BenchServer | undefined;
let cleaning: Promise<void> | undefined;
const withTimeout = (p: Promise<unknown>, ms: number) => Promise.race([p.catch((e) => log(`cleanup: ${(e as Error).message}`)), new Promise((r) => setTimeout(r, ms).unref())]);
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (server) await withTimeout(server.stop(), 10_000);
    if (db) {
      await db.drop().catch((e) => log(`could not drop ${db!.name}: ${(e as Error).message}`));
      log(`dropped database ${db.name}`);
    }
  })();
  return cleaning;
}
// A persistent handler: under npm/tsx one Ctrl-C arrives twice (the terminal's and tsx's relay), and
// a second signal with no listener left would exit before the database is dropped.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping and dropping the benchmark database`);
    void cleanup().finally(() => process.exit(130));
  });
}

const scales: ScaleResult[] = [];
let setup: { database: string; prepareMs: number; seedFigures: number } | undefined;
let incremental: IncrementalResult | undefined;
let dashboard: DashboardResult | undefined;
/** Whether autovacuum had analyzed the swapped-in rollup table before the load (rebuildAll does not). */
let rollupAnalyzed: boolean | null = null;
let naive: NaiveResult[] | undefined;

try {
  db = await createBenchDb();
  machine.postgres = (await db.pool.query("SHOW server_version")).rows[0].server_version;
  log(`database ${db.name}: migrating, loading reference data and the seed`);
  const prep = await timed(() => prepare(db!));
  setup = { database: db.name, prepareMs: round(prep.ms, 0), seedFigures: prep.result };

  let synthesized = 0;
  for (const scale of opts.facts) {
    log(`scale ${scale}: synthesizing ${scale - synthesized} figures, then a full rollup rebuild`);
    scales.push(await benchScale(db.pool, scale, synthesized));
    synthesized = scale;
  }

  log(`incremental: importing ${opts.importFigures} figures and refreshing their slices`);
  incremental = await benchIncremental(db.pool, opts.importFigures);

  log(`dashboard: starting the server; ${opts.concurrency.join(", ")} concurrent clients for ${opts.seconds} s each`);
  rollupAnalyzed = (await db.pool.query("SELECT coalesce(last_analyze, last_autoanalyze) IS NOT NULL AS a FROM pg_stat_user_tables WHERE relname = 'rollup'")).rows[0]?.a ?? null;
  server = await startBenchServer(db.url);
  dashboard = await benchDashboard(server.url, opts.concurrency, opts.seconds);
  await server.stop();
  server = undefined;

  log(`naive SQL peer: ${opts.naiveRuns} runs per question`);
  naive = await benchNaive(db.pool, await ReferenceCache.load(db.pool), opts.naiveRuns);
} catch (e) {
  if (!interrupted) console.error(e);
  process.exitCode = 1;
} finally {
  await cleanup();
}

const totalSeconds = round((Date.now() - started) / 1000, 1);
const loadAvgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
const tables: string[] = [];
tables.push(renderTable("machine", ["date", "nproc", "cpu", "memory MB", "node", "postgres", "load avg start", "load avg end", "run s"],
  [[machine.date, machine.nproc, machine.cpuModel, machine.totalMemMb, machine.node, machine.postgres, machine.loadAvgAtStart.join(" "), loadAvgAtEnd.join(" "), totalSeconds]],
  [machine.caveat]));
if (setup) {
  tables.push(renderTable("setup", ["database", "migrate + reference + seed ms", "seed figures"], [[setup.database, setup.prepareMs, setup.seedFigures]]));
}
if (scales.length) {
  tables.push(renderTable("load and full rollup rebuild (cumulative: one database, each scale adds figures up to its total)",
    ["scale", "added", "figures in table", "load ms", "load figures/s", "rebuild ms", "rebuild figures/s", "rollup rows", "rollup slices", "rollup MB"],
    scales.map((s) => [s.scale, s.synthesized, s.figuresInTable, s.loadMs, s.loadFiguresPerSecond, s.rebuildMs, s.rebuildFiguresPerSecond, s.rollupRows, s.rollupSlices, s.rollupTableMb]),
    ["load = synthesize() (one INSERT … SELECT in the database); rebuild = rebuildAll() over every figure in the table (seed included)"]));
}
if (incremental) {
  const i = incremental;
  tables.push(renderTable(`incremental refresh (import of ${i.figures} figures on the largest scale)`,
    ["status", "slices", "rows refreshed", "import ms", "refresh ms", "total ms until visible", "checked cell", "before", "after"],
    [[i.status, i.slices, i.refreshedRows, i.importMs, i.refreshMs, i.totalMs, i.checkedCell, i.before, i.after]],
    ["import = importDocument() until commit (validate + write + audit); refresh = refreshSlices(onCommitted slices) in this process, as a worker would run it; total includes reading the cell back"]));
}
if (dashboard) {
  const d = dashboard;
  const notes = [
    `${d.queries.length} compare queries, round-robin, closed loop (each client sends its next request when the previous answer arrives); RSS is this process (server + load generator): ${d.rssAtStartMb} MB after the first pass`,
    `rollup table statistics before the load: ${rollupAnalyzed ? "analyzed (by autovacuum)" : "none yet (rebuildAll does not ANALYZE the table it swaps in)"}`,
    ...d.queries.map((q) => `${q.name}: ${q.error ? `ERROR ${q.error}` : `servedFrom ${q.servedFrom}`}`),
  ];
  const nonRollup = d.levels.reduce((n, l) => n + l.notRollup, 0);
  if (nonRollup) notes.push(`${nonRollup} answers were not served from ROLLUP`);
  for (const l of d.levels) if (l.firstError) notes.push(`first error at concurrency ${l.concurrency}: ${l.firstError}`);
  tables.push(renderTable("dashboard load over HTTP (POST /graphql compare)",
    ["concurrency", "s", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "non-ROLLUP", "RSS before MB", "RSS after MB"],
    d.levels.map((l) => [l.concurrency, l.seconds, l.requests, l.requestsPerSecond, l.p50Ms, l.p99Ms, l.maxMs, l.errors, l.notRollup, l.rssBeforeMb, l.rssAfterMb]),
    notes));
}
if (naive) {
  tables.push(renderTable(`naive SQL peer (p50 of ${opts.naiveRuns} runs each, in-process; ours = compare() with a ReferenceCache)`,
    ["question", "served", "rows", "with data", "ours p50 ms", "naive p50 ms", "ours/naive", "rows agreeing", "agreeing w/o flagged", "verdict"],
    naive.map((n) => [n.question, n.servedFrom, n.rows, n.rowsWithData, n.oursP50Ms, n.peerP50Ms, n.ratio, `${n.agree}/${n.rows}`, `${n.agreeUnflagged}/${n.rows}`, n.verdict]),
    [
      "the naive SQL sums every figure of the places: reported totals and their parts alike (ALL and single ethnic groups, a province's own figure and its districts'), flagged IMPLAUSIBLE figures, and figures of older documents for the same cell; ours takes a reported total over the sum of its parts and leaves flagged figures out, so a difference is expected where those occur",
      ...naive.filter((n) => n.example).map((n) => `${n.question}: first difference ${n.example}`),
    ]));
}
console.log(tables.join("\n\n"));

const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const file = new URL(`${machine.date.slice(0, 10)}.json`, resultsDir);
writeFileSync(file, `${JSON.stringify({ machine: { ...machine, loadAvgAtEnd }, options: opts, totalSeconds, setup, scales, incremental, dashboard: dashboard && { ...dashboard, rollupAnalyzed }, naive }, null, 2)}\n`);
console.log(`\nresults written to ${file.pathname}`);
