// `npx tsx test/bench/hierarchy-100k.mts [N]`: seed, N synthetic figures, full rebuild, a province and a national refresh; prints JSON.
import { createBenchDb, prepare } from "./database.ts";
import { benchIncremental } from "./incremental.ts";
import { synthesize } from "../../src/ingest/synth/synthesize.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
const n = Number(process.argv[2] ?? 100000);
const db = await createBenchDb(`geo_bench_${process.pid}`);
try {
  let t = Date.now();
  await prepare(db);
  const prepMs = Date.now() - t;
  t = Date.now();
  await synthesize(db.pool, { facts: n, seed: 7, sourceKey: "synthetic/geo" });
  const synthMs = Date.now() - t;
  t = Date.now();
  await rebuildAll(db.pool);
  const rebuildMs = Date.now() - t;
  const rows = (await db.pool.query("SELECT count(*)::int n FROM rollup")).rows[0].n;
  const inc = await benchIncremental(db.pool, 100, "province");
  const incN = await benchIncremental(db.pool, 1000, "nation");
  console.log(
    JSON.stringify({
      n,
      prepMs,
      synthMs,
      rebuildMs,
      rollupRows: rows,
      refreshProvince: { refreshMs: inc.refreshMs, slices: inc.slices, rows: inc.refreshedRows, status: inc.status },
      refreshNation: { refreshMs: incN.refreshMs, slices: incN.slices, rows: incN.refreshedRows, status: incN.status },
    }),
  );
} finally {
  await db.drop();
}
