// Scratch: the research question alone at 100k (the full bench stops in its incremental step after the merges).
import "reflect-metadata";
import pg from "pg";
import { createBenchDb, prepare } from "../bench/database.ts";
import { benchResearch } from "../bench/research.ts";
import { benchScale } from "../bench/scale.ts";
const reuse = process.argv[2];
if (reuse) {
  const r = await benchResearch(`postgresql://postgres@127.0.0.1:5432/${reuse}`, [1], 10);
  console.log(JSON.stringify(r.map((x) => ({ q: x.question, total: x.total, served: x.servedFrom, err: x.error, p50: x.levels.map((l) => [l.concurrency, l.p50Ms, l.p99Ms, l.requests]) }))));
  process.exit(0);
}
const db = await createBenchDb(`bench_research_keep`);
await prepare(db);
const s = await benchScale(db.pool, 100_000, 0);
console.log("scale", JSON.stringify(s));
const r = await benchResearch(db.url, [1], 10);
console.log(JSON.stringify(r.map((x) => ({ q: x.question, total: x.total, served: x.servedFrom, err: x.error, p50: x.levels.map((l) => [l.concurrency, l.p50Ms, l.p99Ms, l.requests]) }))));
await db.pool.end();
