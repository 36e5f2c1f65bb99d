/**
 * `DATABASE_URL=... npx tsx test/bench/availability.mts [--runs 5]`: times `dataAvailability`
 * (src/query/availability.ts) on an existing database (load one with `npm run synth -- --facts N`),
 * for the planner page's first request (`by: [MEASURE]`) and the other breakdowns. Prints JSON: the
 * median and fastest time of each, the figure count and the load average before and after.
 */
import { loadavg } from "node:os";
import pg from "pg";
import { dataAvailability, type AvailabilityDimension, type AvailabilityFilter } from "../../src/query/availability.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { benchFlags } from "./cli.ts";

const flags = benchFlags("DATABASE_URL=... npx tsx test/bench/availability.mts [--runs 5]", {
  runs: { type: "string", default: "5" },
});
const runs = flags.count("runs");
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: the database to measure (load one with npm run synth)");
  process.exit(2);
}

const CASES: { name: string; by: AvailabilityDimension[]; filter: AvailabilityFilter }[] = [
  { name: "by MEASURE (planner)", by: ["MEASURE"], filter: {} },
  { name: "by MEASURE, PERIOD", by: ["MEASURE", "PERIOD"], filter: {} },
  { name: "by PLACE, level PROVINCE", by: ["PLACE"], filter: { level: "PROVINCE" } },
  { name: "by PLACE, level PROVINCE, 2022", by: ["PLACE"], filter: { level: "PROVINCE", period: "2022" } },
  { name: "by PROGRAMME, KIND", by: ["PROGRAMME", "KIND"], filter: {} },
  { name: "by PLACE, level DISTRICT", by: ["PLACE"], filter: { level: "DISTRICT" } },
  { name: "by PLACE, PERIOD, level REGION", by: ["PLACE", "PERIOD"], filter: { level: "REGION" } },
  { name: "by PLACE, DOCUMENT, level PROVINCE", by: ["PLACE", "DOCUMENT"], filter: { level: "PROVINCE" } },
  {
    name: "by PLACE, level PROVINCE, one measure, 2023 (planner counts)",
    by: ["PLACE"],
    filter: { level: "PROVINCE", measures: ["spending_vnd"], period: "2023" },
  },
  {
    name: "by PLACE, MEASURE, level PROVINCE, two measures",
    by: ["PLACE", "MEASURE"],
    filter: { level: "PROVINCE", measures: ["poverty_rate", "spending_vnd"] },
  },
  { name: "by MEASURE, one province", by: ["MEASURE"], filter: { place: "P-80-2008" } },
  { name: "by DOCUMENT", by: ["DOCUMENT"], filter: {} },
];

const pool = new pg.Pool({ connectionString: url, max: 1 });
try {
  const ref = await ReferenceCache.load(pool);
  const figures = (await pool.query(`SELECT count(*)::int AS n FROM figure`)).rows[0].n;
  const loadBefore = load();
  const results: Record<string, { medianMs: number; minMs: number; rows: number }> = {};
  for (const c of CASES) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      rows = (await dataAvailability(pool, ref, c.filter, c.by)).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results[c.name] = { medianMs: Math.round(times[times.length >> 1]), minMs: Math.round(times[0]), rows };
    console.error(`${c.name}: ${JSON.stringify(results[c.name])}`);
  }
  console.log(JSON.stringify({ figures, runs, loadBefore, loadAfter: load(), results }, null, 2));
} finally {
  await pool.end();
}
