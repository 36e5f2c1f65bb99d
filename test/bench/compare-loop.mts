/**
 * `DATABASE_URL=… npx tsx test/bench/compare-loop.mts [--seconds 5] [--only 3,4] [--statements] [--dump FILE]`: the dashboard's
 * ten questions (test/bench/queries.ts) through compare() in-process, no HTTP and no cache: each
 * question's mean time, with `--statements` each statement it sends (name, rows, array sizes, time), with `--dump` every
 * answer as JSON (to diff two versions: speed never changes an answer).
 * Reads only. Run with `node --cpu-prof` for a profile of the engine alone.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import pg from "pg";
import { compare } from "../../src/query/compare/compare.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { VersionedMemo } from "../../src/query/versioned-memo.ts";
import { benchFlags } from "./cli.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";

const flags = benchFlags(
  "DATABASE_URL=… npx tsx test/bench/compare-loop.mts [--seconds 5] [--only 3,4] [--statements] [--dump FILE]",
  {
    seconds: { type: "string", default: "5" },
    only: { type: "string" },
    statements: { type: "boolean", default: false },
    dump: { type: "string" },
  },
);
const seconds = flags.positive("seconds");
const only = flags.wholeNumbers("only", 0);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("set DATABASE_URL");
const db = new pg.Pool({ connectionString: url, max: 4 });
const showStatements = flags.values.statements;
const pool = {
  query: async (...args: unknown[]) => {
    const t = performance.now();
    const r = (await (db.query as (...a: unknown[]) => unknown)(...args)) as pg.QueryResult;
    const ms = Math.round((performance.now() - t) * 10) / 10;
    const q = args[0] as { name?: string; values?: unknown[] } | string;
    if (showStatements)
      console.error(
        `  ${typeof q === "string" ? q.slice(0, 40) : q.name}: ${r.rowCount} rows, ${ms} ms`,
        typeof q === "string" ? "" : JSON.stringify(q.values?.map((v) => (Array.isArray(v) ? `[${v.length}]` : v))),
      );
    return r;
  },
} as unknown as pg.Pool;
const ref = await ReferenceCache.load(db);
const memo = new VersionedMemo(() => 1);
const answers: Record<string, unknown> = {};
const out: Record<string, unknown> = { load: loadavg().map((x) => Math.round(x * 10) / 10) };
try {
  for (const [i, q] of DASHBOARD_QUERIES.entries()) {
    if (only !== undefined && !only.includes(i)) continue;
    const first = await compare({ pool, ref, memo }, q.input);
    answers[q.name] = first;
    if (showStatements) console.error(q.name);
    if (showStatements) await compare({ pool, ref, memo }, q.input);
    if (showStatements) continue;
    let n = 0;
    const cpu = process.cpuUsage();
    const t = performance.now();
    while (performance.now() - t < seconds * 1000) {
      await compare({ pool, ref, memo }, q.input);
      n++;
    }
    const used = process.cpuUsage(cpu);
    out[q.name] = {
      ms: Math.round(((performance.now() - t) / n) * 100) / 100,
      cpuMs: Math.round(((used.user + used.system) / 1000 / n) * 100) / 100,
      rows: first.rows.length,
    };
    console.error(q.name, out[q.name]);
  }
} finally {
  await db.end();
}
const dump = flags.values.dump;
if (dump) writeFileSync(dump, JSON.stringify(answers, null, 1));
out.loadAfter = loadavg().map((x) => Math.round(x * 10) / 10);
console.log(JSON.stringify(out, null, 1));
