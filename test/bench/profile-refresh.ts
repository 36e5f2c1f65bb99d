/**
 * `tsx test/bench/profile-refresh.ts <database> [--scope district|province|nation] [--figures N] [--runs N] [--split] [--key SUFFIX: a new document]`:
 * the bench's incremental report (test/bench/incremental.ts) on an existing database (a copy of a
 * large one: it writes), with every SQL statement of the import and of the refresh timed. The first
 * run imports a new document; each later run re-imports it under the same sourceKey with every
 * tenth value changed (a corrected report). Prints per run: import and refresh time, rows written
 * per imported figure, and the slowest statements.
 */
import pg from "pg";
import { performance } from "node:perf_hooks";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { refreshSlices, type RunResult } from "../../src/rollup/rebuild.ts";
import type { Slice } from "../../src/shared/slices.ts";
import { buildImportDocument, vnThousands } from "./import-doc.ts";
import { benchFlags } from "./cli.ts";
import { REPORT_SCOPES, reportPlaces } from "./incremental.ts";
import { ADMIN_URL } from "./database.ts";
import { splitStatements } from "../../src/rollup/stepwise-session.ts";

const flags = benchFlags(
  "profile-refresh.ts <database> [--scope district|province|nation] [--figures 1000] [--runs 2] [--split] [--key SUFFIX]",
  {
    scope: { type: "string", default: "district" },
    figures: { type: "string", default: "1000" },
    runs: { type: "string", default: "2" },
    split: { type: "boolean", default: false },
    key: { type: "string", default: "" },
  },
  { positionals: 1 },
);
const database = flags.database(0);
const scope = flags.oneOf("scope", REPORT_SCOPES);
const runs = flags.count("runs");
const figures = flags.count("figures");

interface Timed {
  sql: string;
  ms: number;
  rows: number | null;
}
let log: Timed[] | null = null;
/** --split: a text of several statements runs one statement at a time, each timed (same transaction, same order). */
const split = flags.values.split === true;
/** PROFILE_EXPLAIN=regex (with --split): statements matching it run under EXPLAIN ANALYZE, their plans printed. */
const explain = process.env.PROFILE_EXPLAIN ? new RegExp(process.env.PROFILE_EXPLAIN, "s") : undefined;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const statements = split && log && args.length === 1 && typeof args[0] === "string" ? splitStatements(args[0]) : [];
  if (statements.length > 1)
    return (async () => {
      const results: unknown[] = [];
      for (const s of statements) results.push(await (this.query as (sql: string) => Promise<unknown>)(s));
      return results; // as pg returns a multi-statement text's results
    })();
  if (explain && log && args.length === 1 && typeof args[0] === "string" && explain.test(args[0].trim()))
    return (query.apply(this, [`EXPLAIN (ANALYZE, BUFFERS) ${args[0]}`]) as Promise<pg.QueryResult>).then((plan) => {
      console.log(`${oneLine(String(args[0]))}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
      return plan;
    });
  const result = query.apply(this, args);
  if (!log || !(result instanceof Promise)) return result;
  const entry: Timed = { sql: typeof args[0] === "string" ? args[0] : String(args[0]), ms: 0, rows: null };
  const t0 = performance.now();
  log.push(entry);
  return result.then((r: pg.QueryResult | pg.QueryResult[]) => {
    entry.ms = performance.now() - t0;
    entry.rows = Array.isArray(r) ? r.reduce((n, x) => n + (x.rowCount ?? 0), 0) : r.rowCount;
    return r;
  });
} as typeof pg.Client.prototype.query;

const url = new URL(ADMIN_URL);
url.pathname = `/${database}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
const local = await reportPlaces(pool, scope);
const doc = buildImportDocument(
  local.places,
  Math.min(figures, local.places.length * 16),
  `bench/profile-${scope}${flags.values.key}`,
  7,
);
const oneLine = (sql: string) => sql.replace(/\s+/g, " ").trim().slice(0, 150);

for (let run = 0; run < runs; run++) {
  if (run > 0)
    doc.figures.forEach((f, i) => {
      if (i % 10 !== run % 10) return;
      const text = `${vnThousands(1000 + run * 37 + i)} ${f.text.split(" ").slice(1).join(" ")}`;
      f.quote = f.quote.replace(f.text, text);
      f.text = text;
    });
  log = [];
  const t0 = performance.now();
  let importMs = 0;
  let refresh: RunResult | undefined;
  let importStatements = 0;
  const summary = await importDocument(pool, doc, {
    actor: "profile",
    onCommitted: async (touched: Slice[]) => {
      importMs = performance.now() - t0;
      importStatements = log!.length;
      refresh = await refreshSlices(pool, touched);
    },
  });
  const refreshMs = performance.now() - t0 - importMs;
  const importing = log.slice(0, importStatements);
  const statements = log.slice(importStatements);
  log = null;
  if (summary.errors.length) throw new Error(JSON.stringify(summary.errors.slice(0, 3)));
  const changed = summary.imported + summary.updated + summary.deleted;
  const load = (await import("node:os")).loadavg().map((x) => x.toFixed(1));
  console.log(
    `\n${local.scope}, run ${run + 1}: ${summary.status} (${summary.imported} new, ${summary.updated} updated), ` +
      `import ${importMs.toFixed(0)} ms, refresh ${refreshMs.toFixed(0)} ms, ${refresh?.slices} slices, ` +
      `${refresh?.rows} rows written = ${((refresh?.rows ?? 0) / Math.max(1, changed)).toFixed(1)} per imported figure; load ${load.join(" ")}`,
  );
  console.log(
    `import: ${importing.length} statements, ${importing.reduce((n, s) => n + s.ms, 0).toFixed(0)} ms in the database`,
  );
  for (const s of importing.filter((s) => s.ms >= 5))
    console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.rows ?? "").padStart(7)} rows  ${oneLine(s.sql)}`);
  console.log("refresh:");
  for (const s of statements.filter((s) => s.ms >= 5))
    console.log(`${s.ms.toFixed(0).padStart(6)} ms ${String(s.rows ?? "").padStart(7)} rows  ${oneLine(s.sql)}`);
  console.log(
    `${statements.length} statements, ${statements.filter((s) => s.ms < 5).length} under 5 ms totalling ${statements
      .filter((s) => s.ms < 5)
      .reduce((n, s) => n + s.ms, 0)
      .toFixed(0)} ms`,
  );
}
await pool.end();
