/**
 * `tsx test/bench/profile-rebuild.ts <database> [--runs N]`: a full rebuild (rebuildAll) on an existing
 * database (a copy of a large one: it writes), with every SQL statement timed. A text of several
 * statements is run one statement at a time (same transaction, same order) so that each gets its own
 * time. Prints per run the total, the steps of computeCells with their durations, and the slowest
 * statements; and a digest of the rollup rows (all columns but computed_at), to compare two builds.
 */
import pg from "pg";
import { performance } from "node:perf_hooks";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { splitStatements } from "../../src/rollup/stepwise-session.ts";
import { benchFlags } from "./cli.ts";
import { ADMIN_URL } from "./database.ts";

const flags = benchFlags(
  "profile-rebuild.ts <database> [--runs 1]",
  { runs: { type: "string", default: "1" } },
  { positionals: 1 },
);
const database = flags.database(0);
const runs = flags.count("runs");

interface Timed {
  sql: string;
  ms: number;
  rows: number | null;
}
let log: Timed[] | null = null;
const oneLine = (sql: string) => sql.replace(/\s+/g, " ").trim().slice(0, 110);
const query = pg.Client.prototype.query as (this: pg.Client, ...a: unknown[]) => Promise<pg.QueryResult>;
/** PROFILE_EXPLAIN=regex: statements matching it run under EXPLAIN ANALYZE, their plans printed. */
const explain = process.env.PROFILE_EXPLAIN ? new RegExp(process.env.PROFILE_EXPLAIN, "s") : undefined;
async function timedOne(client: pg.Client, args: unknown[]): Promise<pg.QueryResult> {
  if (explain?.test(String(args[0]).trim()) && args.length === 1) {
    const plan = await query.apply(client, [`EXPLAIN (ANALYZE, BUFFERS) ${String(args[0])}`]);
    console.log(`${oneLine(String(args[0]))}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
    return plan;
  }
  const entry: Timed = { sql: String(args[0]), ms: 0, rows: null };
  const t0 = performance.now();
  log!.push(entry);
  const r = await query.apply(client, args);
  entry.ms = performance.now() - t0;
  entry.rows = r.rowCount;
  return r;
}
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (!log || typeof args[0] !== "string" || typeof args[args.length - 1] === "function")
    return query.apply(this, args);
  const statements = args.length > 1 && (args[1] as unknown[])?.length ? [args[0]] : splitStatements(args[0]);
  if (statements.length <= 1) return timedOne(this, args);
  return (async () => {
    let last: pg.QueryResult | undefined;
    for (const s of statements) last = await timedOne(this, [s]);
    return last!;
  })();
} as typeof pg.Client.prototype.query;

const url = new URL(ADMIN_URL);
url.pathname = `/${database}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
const s = (ms: number) => (ms / 1000).toFixed(2).padStart(7);

for (let run = 0; run < runs; run++) {
  log = [];
  const steps: { name: string; at: number }[] = [];
  const t0 = performance.now();
  const stop = process.env.PROFILE_STOP ? new RegExp(process.env.PROFILE_STOP) : undefined;
  const result = await rebuildAll(pool, {
    onStep: (name) => {
      steps.push({ name, at: performance.now() });
      if (stop?.test(name)) throw new Error(`stopped after ${name} (PROFILE_STOP)`);
    },
  }).catch((e: Error) => {
    if (!stop) throw e;
    console.log(e.message);
    return { rows: 0, slices: 0 };
  });
  const total = performance.now() - t0;
  const entries = log;
  log = null;
  console.log(`run ${run + 1}: ${s(total)} s, ${result.rows} rows, ${result.slices} slices`);
  // computeCells' steps, each the time since the previous one (the first from the start of the run)
  const byKind = new Map<string, number>();
  let previous = t0;
  for (const step of steps) {
    const kind = step.name.replace(/ \d+(\/\d+)*$/, "").replace(/depth$/, "");
    byKind.set(kind, (byKind.get(kind) ?? 0) + step.at - previous);
    previous = step.at;
  }
  byKind.set("after computeCells (key, analyze, counts, swap)", t0 + total - previous);
  console.log("  steps (first includes the trees):");
  for (const [kind, ms] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${s(ms)} s  ${kind}`);
  console.log("  slowest statements:");
  for (const e of [...entries].sort((a, b) => b.ms - a.ms).slice(0, 25))
    console.log(`  ${s(e.ms)} s  ${String(e.rows ?? "").padStart(9)}  ${oneLine(e.sql)}`);
}
if (!process.env.PROFILE_STOP) {
  const columns = (
    ids: string,
  ) => `boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start,
  period_end, value, lower, upper, qualifier, derivation, parts_dimension, covered_children, total_children, figure_count,
  ${ids} AS figure_ids, flagged_excluded`;
  const digest = await pool.query(`
  SELECT count(*)::text AS n, md5(string_agg(r::text, E'\\n' ORDER BY r::text)) AS md5,
         (SELECT md5(string_agg(r::text, E'\\n' ORDER BY r::text)) FROM (SELECT ${columns("figure_ids")} FROM rollup) r) AS raw
    FROM (SELECT ${columns("ARRAY(SELECT unnest(figure_ids) ORDER BY 1)")} FROM rollup) r`);
  console.log(
    `rollup digest: ${digest.rows[0].n} rows, md5 ${digest.rows[0].md5} (ids sorted), ${digest.rows[0].raw} (ids as stored)`,
  );
}
await pool.end();
