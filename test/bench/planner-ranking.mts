/**
 * `npx tsx test/bench/planner-ranking.mts [--facts 1000000] [--runs 7] [--keep] [--reuse DB]`: the
 * planners' page's ranking of every district in the country, timed over HTTP against a synthetic
 * database. Creates its own database (seed + N synthetic figures + a full rollup rebuild), starts the
 * API in a child process with the response cache off (every request computed), picks the view the
 * page would (the measure with most figures, its latest year, level DISTRICT) and sends the page's own
 * request (src/dashboard/planner/queries.ts) `--runs` times. Prints JSON with the times and the load
 * average, then drops the database (`--keep` keeps it, `--reuse DB` measures a kept one).
 */
import { loadavg } from "node:os";
import pg from "pg";
import { rankingInput, RANKING_QUERY, startQuery, type RankingView } from "../../src/dashboard/planner/queries.ts";
import { synthesize } from "../../src/ingest/synth/synthesize.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startBenchServer } from "./dashboard.ts";
import { benchFlags } from "./cli.ts";
import { ADMIN_URL, createBenchDb, prepare } from "./database.ts";

const flags = benchFlags("npx tsx test/bench/planner-ranking.mts [--facts 1000000] [--runs 7] [--keep] [--reuse DB]", {
  facts: { type: "string", default: "1000000" },
  runs: { type: "string", default: "7" },
  keep: { type: "boolean", default: false },
  reuse: { type: "string" },
});
const facts = flags.count("facts");
const runs = flags.count("runs");
const keep = flags.values.keep;
const reuse = flags.values.reuse;
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const load = () => loadavg().map((x) => Math.round(x * 10) / 10);

const setup: Record<string, unknown> = {};
let dbName: string;
let dbUrl: string;
let drop = async () => {};
if (reuse) {
  dbName = reuse;
  const u = new URL(ADMIN_URL);
  u.pathname = `/${reuse}`;
  dbUrl = u.toString();
} else {
  const db = await createBenchDb(`bench_planner_${process.pid}`);
  dbName = db.name;
  dbUrl = db.url;
  drop = () => db.drop();
  log(`${db.name}: reference data and seed`);
  await prepare(db);
  log(`synthesizing ${facts} figures`);
  let t = Date.now();
  await synthesize(db.pool, { facts, seed: 7, sourceKey: "synthetic/planner" });
  setup.synthMs = Date.now() - t;
  log(`full rollup rebuild (load ${load().join(" ")})`);
  t = Date.now();
  await rebuildAll(db.pool);
  setup.rebuildMs = Date.now() - t;
  await db.pool.query("ANALYZE");
  await db.pool.end();
}

const count = async () => {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT (SELECT count(*)::int FROM figure) figures, (SELECT count(*)::int FROM rollup) rollup_rows,
              pg_size_pretty(pg_database_size(current_database())) size`,
    );
    return r.rows[0];
  } finally {
    await c.end();
  }
};

const server = await startBenchServer(dbUrl, "api", { RESPONSE_CACHE_MB: "0", RATE_LIMIT_PER_MINUTE: "0" });
try {
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const t = performance.now();
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
    const ms = performance.now() - t;
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return { ms, data: body.data };
  };
  // the page's default: the measure with most figures, its latest year
  const avail = await post(`{ dataAvailability(by: [MEASURE]) { measure { code } figures periods } }`);
  const top = [...avail.data.dataAvailability].sort(
    (a: any, b: any) => b.figures - a.figures || a.measure.code.localeCompare(b.measure.code),
  )[0];
  const year = [...top.periods]
    .map((p: string) => p.slice(0, 4))
    .sort()
    .at(-1)!;
  const view: RankingView = { m: top.measure.code, lv: "DISTRICT", in: "", g: "", y: year, b: false, f: false };
  const timings: number[] = [];
  const startTimings: number[] = [];
  let rows = 0;
  let withValue = 0;
  for (let i = 0; i < runs; i++) {
    const r = await post(RANKING_QUERY, { q: rankingInput(view) });
    timings.push(Math.round(r.ms));
    rows = r.data.analytics.rows.length;
    withValue = r.data.analytics.rows.filter((x: any) => x.values[0].value !== null).length;
    const s = startQuery(view);
    startTimings.push(Math.round((await post(s.query, s.variables)).ms));
    log(
      `run ${i + 1}: ranking ${timings.at(-1)} ms, page's start request ${startTimings.at(-1)} ms (load ${load()[0]})`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    JSON.stringify(
      {
        database: dbName,
        ...(await count()),
        ...setup,
        view,
        rows,
        withValue,
        rankingMs: timings,
        rankingMedianMs: median(timings),
        startRequestMs: startTimings,
        startRequestMedianMs: median(startTimings),
        loadAverage: load(),
        responseCache: "off",
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  if (!keep) await drop();
  else log(`kept ${dbName}: drop it with DROP DATABASE ${dbName} WITH (FORCE)`);
}
