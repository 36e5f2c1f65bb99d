import pg from "pg";
import { readConfig } from "../db/config.ts";
import { synthesize } from "./synth/synthesize.ts";

// `npm run synth -- --facts 100000 [--seed 42]`: deterministic synthetic figures for benchmarks.
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const { databaseUrl } = readConfig();
if (!databaseUrl) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: databaseUrl });
const started = Date.now();
const r = await synthesize(pool, { facts: arg("facts", 100_000), seed: arg("seed", 42) });
const s = (Date.now() - started) / 1000;
console.log(`inserted ${r.inserted} figures in ${s.toFixed(1)} s (${Math.round(r.inserted / s)} figures/s); rebuild the rollups: npm run rollup -- --full --now`);
await pool.end();
