/**
 * `npm run seed [-- --dry-run] [--no-rollup]`: imports the curated seed documents into DATABASE_URL
 * (idempotent: a second run reports every document UNCHANGED) and enqueues the rollup refresh.
 */
import { parseArgs } from "node:util";
import { readConfig } from "../shared/config.ts";
import { closePool, createPool } from "../db/pool.ts";
import { formatSummaries } from "./import/format-summary.ts";
import { openRollupEnqueuer, type RollupEnqueuer } from "../queue/rollup-enqueue.ts";
import type { Slice } from "../shared/slices.ts";
import { loadSeed } from "./seed/load-seed.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "dry-run": { type: "boolean" }, "no-rollup": { type: "boolean" } } });
  const config = readConfig();
  if (!config.databaseUrl) {
    console.error("The seed CLI needs DATABASE_URL (the embedded server seeds its own database on first start).");
    return 1;
  }
  const pool = createPool({ name: "seed", connectionString: config.databaseUrl, max: 2 });
  let enqueuer: RollupEnqueuer | null = null;
  try {
    const measures = await pool.query(`SELECT count(*)::int AS n FROM measure`);
    if (measures.rows[0].n === 0) {
      console.error("The reference data is not loaded: run `npm run migrate` first.");
      return 1;
    }
    const onCommitted = values["no-rollup"]
      ? undefined
      : async (touched: Slice[]) => {
          enqueuer ??= await openRollupEnqueuer(config, config.databaseUrl!);
          await enqueuer.enqueue(touched);
        };
    const summaries = await loadSeed(pool, { dryRun: values["dry-run"], onCommitted });
    console.log(
      formatSummaries(
        summaries.map((summary) => ({ file: "seed", summary, lineNumbers: false })),
        values["dry-run"] ?? false,
      ),
    );
    if (enqueuer) console.log(`Rollup refresh enqueued via ${(enqueuer as RollupEnqueuer).via}.`);
    return summaries.some((s) => s.status === "ERROR") ? 1 : 0;
  } finally {
    await (enqueuer as RollupEnqueuer | null)?.close().catch(() => {});
    await closePool(pool);
  }
}

try {
  process.exit(await main());
} catch (e) {
  console.error(`Seeding failed: ${(e as Error).message}`);
  process.exit(1);
}
