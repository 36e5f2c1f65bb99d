/**
 * `DATABASE_URL=postgres://…/shared_1m npx tsx test/bench/matched-ratio.mts [--runs 3]`: times the
 * three ratio questions whose matching descends into child places (src/rules/matched-ratio.ts):
 * the nation's spending per household supported in 2022, Lạng Sơn + Bắc Kạn's, and the two
 * provinces' workers against plan. Calls compare() directly (no HTTP, no response cache), counts the
 * SQL statements each answer sent, and prints JSON with the best and every time, the ratios (to
 * check that an optimisation changed no answer) and the load average. `--dump FILE` writes every
 * row as answered (to diff two versions), `--profile` each statement's time and rows. Reads only.
 *
 * shared_1m, 2026-11-30, integ (6b81f3b) then honest-fast side by side, 3 runs each, load 1.9-2.7:
 * VN per household 3.2-5.2 s -> 1.15-1.44 s; the two provinces per household 119-190 -> 52-62 ms;
 * against plan 31-52 -> 19-29 ms; every row byte-identical (--dump).
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { compare } from "../../src/query/compare/compare.ts";
import type { CompareInput } from "../../src/query/compare/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { benchFlags } from "./cli.ts";
import { engineDatabase } from "./engine-database.ts";

const flags = benchFlags("npx tsx test/bench/matched-ratio.mts [--runs 3] [--dump FILE] [--profile]", {
  runs: { type: "string", default: "3" },
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

const { db, pool, statements } = engineDatabase(flags.values.profile);
const dump = flags.values.dump;
const answers: Record<string, unknown> = {};
const ref = await ReferenceCache.load(db);
const out: Record<string, unknown> = { load: loadavg().map((x) => Math.round(x * 10) / 10) };
try {
  for (const [name, input] of Object.entries(QUESTIONS)) {
    const ms: number[] = [];
    let answer: unknown;
    let sent = 0;
    for (let i = 0; i < runs; i++) {
      const before = statements();
      const t = performance.now();
      const r = await compare({ pool, ref }, input);
      ms.push(Math.round(performance.now() - t));
      sent = statements() - before;
      answers[name] = r.rows;
      answer = r.rows.map((row) => ({
        place: row.placeKey,
        ratio: row.ratio,
        matchedCells: row.matchedCells,
        leftOut: row.reason?.length ?? 0,
      }));
    }
    out[name] = { bestMs: Math.min(...ms), ms, statements: sent, answer };
    console.error(`${name}: ${ms.join(", ")} ms, ${sent} statements`);
  }
} finally {
  await db.end();
}
if (dump) writeFileSync(dump, JSON.stringify(answers, null, 1));
out.loadAfter = loadavg().map((x) => Math.round(x * 10) / 10);
console.log(JSON.stringify(out, null, 1));
