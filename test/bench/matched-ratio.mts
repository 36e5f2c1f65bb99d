/**
 * `DATABASE_URL=postgres://…/shared_1m npx tsx test/bench/matched-ratio.mts [--runs 3]`: times the
 * three ratio questions whose matching descends into child places (src/rules/matched-ratio.ts):
 * the nation's spending per household supported in 2022, Lạng Sơn + Bắc Kạn's, and the two
 * provinces' workers against plan. Calls compare() directly (no HTTP, no response cache), counts the
 * SQL statements each answer sent, and prints JSON with the best and every time, the ratios (to
 * check that an optimisation changed no answer) and the load average. `--dump FILE` writes every
 * row as answered (to diff two versions), `--profile` each statement's time and rows, `--dashboard`
 * times the dashboard's two ratio questions (test/bench/queries.ts) instead. Each question also
 * says how long it waited for SQL and the CPU it used per run, in this process and in its database
 * backends (/proc: the measure that holds on a loaded machine, where times do not). Reads only.
 *
 * shared_1m, 2026-11-30, integ (6b81f3b) then honest-fast side by side, 3 runs each, load 1.9-2.7:
 * VN per household 3.2-5.2 s -> 1.15-1.44 s; the two provinces per household 119-190 -> 52-62 ms;
 * against plan 31-52 -> 19-29 ms; every row byte-identical (--dump).
 *
 * 2026-11-30, the matching's descent in one statement (matched_ratio_walk), on a copy of shared_1m
 * beside the previous commit, load 6-18 (seven sessions on two cores): statements 7 -> 3 (against
 * plan), 5 -> 3 (per poor household), 10 -> 3 (VN); every row byte-identical (--dump, both sets).
 * Times at that load are noise (±50 %); over HTTP (uncached-db.mts --only 3,4 --alone) at load 6-10
 * against plan 14.6-32.7 -> 52 req/s at concurrency 1, 25-31 -> 73-80 at 10, per poor household
 * 15-34 -> 24-26 and 18-27 -> 32-35. The walk seeks both sides' cells per key and period, so the
 * database works more for a national question (VN per household: 0.3-0.4 -> 0.6-0.8 s of CPU).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { compare } from "../../src/query/compare/compare.ts";
import type { CompareInput } from "../../src/query/compare/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { benchFlags } from "./cli.ts";
import { engineDatabase } from "./engine-database.ts";
import { DASHBOARD_QUERIES } from "./queries.ts";

const flags = benchFlags("npx tsx test/bench/matched-ratio.mts [--runs 3] [--dump FILE] [--profile] [--dashboard]", {
  runs: { type: "string", default: "3" },
  dashboard: { type: "boolean", default: false },
  dump: { type: "string" },
  profile: { type: "boolean", default: false },
});
const runs = flags.count("runs");

const PROVINCES = ["P-20-2008", "P-06-2008"];
const QUESTIONS: Record<string, CompareInput> = {
  "VN spending_vnd per households_supported 2022": {
    measure: "spending_vnd",
    per: "households_supported",
    places: ["VN"],
    period: "2022",
  },
  "Lang Son + Bac Kan spending_vnd per households_supported 2022": {
    measure: "spending_vnd",
    per: "households_supported",
    places: PROVINCES,
    period: "2022",
  },
  "Lang Son + Bac Kan workers_employed againstPlan 2022": {
    measure: "workers_employed",
    againstPlan: true,
    places: PROVINCES,
    period: "2022",
  },
};

// `--dashboard`: the dashboard's ratio questions (test/bench/queries.ts) instead
const DASHBOARD: Record<string, CompareInput> = Object.fromEntries(
  DASHBOARD_QUERIES.filter((q) => q.input.per || q.input.againstPlan).map((q) => [q.name, q.input]),
);
const asked = flags.values.dashboard ? DASHBOARD : QUESTIONS;

const { db, pool, application, statements, sqlMs } = engineDatabase(flags.values.profile);
/** CPU ms (user + system) of this process and of its database backends (from /proc: Linux, same machine). */
async function cpuMs(): Promise<[number, number]> {
  const r = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [
    application,
  ]);
  const of = (pid: number) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      return 0;
    }
  };
  const self = process.cpuUsage();
  return [(self.user + self.system) / 1000, r.rows.reduce((s, x) => s + of(x.pid), 0)];
}
const dump = flags.values.dump;
const answers: Record<string, unknown> = {};
const ref = await ReferenceCache.load(db);
const out: Record<string, unknown> = { load: loadavg().map((x) => Math.round(x * 10) / 10) };
try {
  for (const [name, input] of Object.entries(asked)) {
    const ms: number[] = [];
    const inSql: number[] = [];
    let cpuBefore = [0, 0];
    let answer: unknown;
    let sent = 0;
    for (let i = 0; i < runs; i++) {
      if (i === 1) cpuBefore = await cpuMs();
      const [statementsBefore, sqlBefore] = [statements(), sqlMs()];
      const t = performance.now();
      const r = await compare({ pool, ref }, input);
      ms.push(Math.round(performance.now() - t));
      inSql.push(Math.round(sqlMs() - sqlBefore));
      sent = statements() - statementsBefore;
      answers[name] = r.rows;
      answer = r.rows.map((row) => ({
        place: row.placeKey,
        ratio: row.ratio,
        matchedCells: row.matchedCells,
        leftOut: row.reason?.length ?? 0,
      }));
    }
    // CPU of the runs after the first (which prepares the statements on its connection)
    const cpuAfter = await cpuMs();
    const perRun = (i: number) => Math.round((cpuAfter[i] - cpuBefore[i]) / (runs - 1));
    const cpuPerRun = runs > 1 ? { node: perRun(0), database: perRun(1) } : null;
    out[name] = { bestMs: Math.min(...ms), ms, inSql, cpuPerRun, statements: sent, answer };
    console.error(
      `${name}: ${ms.join(", ")} ms (of which waiting for SQL ${inSql.join(", ")}), ${sent} statements, CPU per run ${JSON.stringify(cpuPerRun)} ms`,
    );
  }
} finally {
  await db.end();
}
if (dump) writeFileSync(dump, JSON.stringify(answers, null, 1));
out.loadAfter = loadavg().map((x) => Math.round(x * 10) / 10);
console.log(JSON.stringify(out, null, 1));
