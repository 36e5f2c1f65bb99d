/**
 * `DATABASE_URL=… npx tsx test/bench/compare-loop.mts [--seconds 5] [--only 3,4] [--statements] [--dump FILE]`: the dashboard's
 * ten questions (test/bench/queries.ts) through compare() in-process, no HTTP and no cache: each
 * question's mean time, with `--statements` each statement it sends (name, rows, array sizes, time), with `--dump` every
 * answer as JSON (to diff two versions: speed never changes an answer).
 * Reads only. Run with `node --cpu-prof` for a profile of the engine alone.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { compare } from "../../src/query/compare/compare.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { VersionedMemo } from "../../src/query/versioned-memo.ts";
import { benchFlags } from "./cli.ts";
import { engineDatabase } from "./engine-database.ts";
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
const { db, pool } = engineDatabase(flags.values.statements);
const showStatements = flags.values.statements;
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
