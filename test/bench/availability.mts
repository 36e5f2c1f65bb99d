/**
 * `DATABASE_URL=... npx tsx test/bench/availability.mts [--runs 5] [--every] [--root CHECKOUT]`: times
 * `dataAvailability` (src/query/availability.ts) on an existing database (load one with `npm run synth
 * -- --facts N`), for the planner page's first request (`by: [MEASURE]`) and the other breakdowns;
 * `--every`: each dimension alone (PLACE also rolled up to a province) with no filter and with each
 * filter alone instead. `--root`: the checkout whose dataAvailability is timed (A/B runs). Prints JSON:
 * the median and fastest time of each (rows -1: more than an answer may hold), the figure count and the load average before and after.
 */
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { AvailabilityDimension, AvailabilityFilter } from "../../src/query/availability.ts";
import { benchFlags } from "./cli.ts";

const flags = benchFlags(
  "DATABASE_URL=... npx tsx test/bench/availability.mts [--runs 5] [--every] [--root CHECKOUT]",
  {
    runs: { type: "string", default: "5" },
    every: { type: "boolean", default: false },
    root: { type: "string", default: fileURLToPath(new URL("../../", import.meta.url)) },
  },
);
const runs = flags.count("runs");
const root = flags.values.root;
const { dataAvailability } = (await import(
  `${root}/src/query/availability.ts`
)) as typeof import("../../src/query/availability.ts");
const { ReferenceCache } = (await import(
  `${root}/src/query/reference-cache.ts`
)) as typeof import("../../src/query/reference-cache.ts");
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: the database to measure (load one with npm run synth)");
  process.exit(2);
}

type Case = { name: string; by: AvailabilityDimension[]; filter: AvailabilityFilter };
const SOME: Case[] = [
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

/** Each dimension alone, with no filter and with each filter alone. */
function everyShape(): Case[] {
  const filters: Record<string, AvailabilityFilter> = {
    "": {},
    "2022": { period: "2022" },
    "programme EDUCATION": { programme: "EDUCATION" },
    "kind PLAN": { kind: "PLAN" },
    "place P-80-2008": { place: "P-80-2008" },
    "measure spending_vnd": { measures: ["spending_vnd"] },
  };
  const breakdowns: { name: string; by: AvailabilityDimension[]; level?: string }[] = [
    ...(["PLACE", "MEASURE", "PROGRAMME", "PERIOD", "KIND", "DOCUMENT"] as const).map((d) => ({ name: d, by: [d] })),
    { name: "PLACE level PROVINCE", by: ["PLACE"], level: "PROVINCE" },
  ];
  return breakdowns.flatMap((b) =>
    Object.entries(filters).map(([name, filter]) => ({
      name: `by ${b.name}${name ? `, ${name}` : ""}`,
      by: b.by,
      filter: b.level ? { ...filter, level: b.level } : filter,
    })),
  );
}
const CASES = flags.values.every ? everyShape() : SOME;

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
      // more rows than an answer may hold is refused after the statement ran: timed too
      rows = await dataAvailability(pool, ref, c.filter, c.by).then(
        (r) => r.length,
        (e: Error) => (e.message.startsWith("more than") ? -1 : Promise.reject(e)),
      );
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results[c.name] = { medianMs: Math.round(times[times.length >> 1]), minMs: Math.round(times[0]), rows };
    console.error(`${c.name}: ${JSON.stringify(results[c.name])}`);
  }
  console.log(JSON.stringify({ root, figures, runs, loadBefore, loadAfter: load(), results }, null, 2));
} finally {
  await pool.end();
}
