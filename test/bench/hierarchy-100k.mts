// `npx tsx test/bench/hierarchy-100k.mts [N] [--baseline <checkout>]`: seed, N synthetic figures
// (seed 7), full rebuild, then a province's, a district's and a national report refreshed by cone;
// prints JSON with the places the figures reach. With --baseline, the figures come from that
// checkout's synthesizer (e.g. /work/main, to measure before/after a change of the synthetic
// dataset) while everything else is this checkout's: start both runs together to compare them.
import { benchFlags } from "./cli.ts";
import { createBenchDb, prepare } from "./database.ts";
import { benchIncremental, type ReportScope } from "./incremental.ts";
import { placesWithFigures } from "./scale.ts";
import { synthesize as ownSynthesize } from "../../src/ingest/synth/synthesize.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";

const flags = benchFlags(
  "npx tsx test/bench/hierarchy-100k.mts [N (100000)] [--baseline CHECKOUT]",
  { baseline: { type: "string" } },
  { positionals: 1 },
);
const baseline = flags.values.baseline;
const n = flags.positionalCount(0, "N (the figures)", 100000);
const synthesize: typeof ownSynthesize = baseline
  ? (await import(`${baseline}/src/ingest/synth/synthesize.ts`)).synthesize
  : ownSynthesize;
const db = await createBenchDb(`geo_bench_${process.pid}`);
try {
  let t = Date.now();
  await prepare(db);
  const prepMs = Date.now() - t;
  t = Date.now();
  await synthesize(db.pool, { facts: n, seed: 7, sourceKey: "synthetic/geo" });
  const synthMs = Date.now() - t;
  const places = await placesWithFigures(db.pool);
  t = Date.now();
  await rebuildAll(db.pool);
  const rebuildMs = Date.now() - t;
  const rows = (await db.pool.query("SELECT count(*)::int n FROM rollup")).rows[0].n;
  console.error(JSON.stringify({ n, prepMs, synthMs, places, rebuildMs, rollupRows: rows }));
  const refresh = async (figures: number, scope: ReportScope) => {
    const r = await benchIncremental(db.pool, figures, scope);
    const result = {
      scope: r.scope,
      refreshMs: r.refreshMs,
      slices: r.slices,
      rows: r.refreshedRows,
      status: r.status,
    };
    console.error(JSON.stringify(result));
    return result;
  };
  const refreshProvince = await refresh(100, "province");
  const refreshDistrict = await refresh(100, "district");
  const refreshNation = await refresh(1000, "nation");
  console.log(
    JSON.stringify({
      n,
      synthesizer: baseline ?? "this checkout",
      prepMs,
      synthMs,
      places,
      rebuildMs,
      rollupRows: rows,
      refreshProvince,
      refreshDistrict,
      refreshNation,
    }),
  );
} finally {
  await db.drop();
}
