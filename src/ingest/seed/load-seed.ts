import type { Queue } from "bullmq";
import type pg from "pg";
import { enqueueIncremental } from "../../rollup/jobs.ts";
import type { Slice } from "../../rollup/slices.ts";
import { importDocuments, type ImportSummary } from "../import/import-document.ts";
import { listSeedDocuments } from "./documents.ts";

export const SEED_ACTOR = "seed";

export interface SeedOptions {
  dryRun?: boolean;
  /** After each document's commit, with the slices it touched (e.g. enqueue the rollup refresh). */
  onCommitted?: (touched: Slice[]) => Promise<void>;
}

/** The server's dependencies, as far as seeding needs them: its pool and, when running, its rollup queue. */
export interface SeedTarget {
  pool: pg.Pool;
  rollupQueue?: Queue;
}

/** Imports every curated seed document (actor "seed"). Idempotent: a second run changes nothing. */
export async function loadSeed(db: pg.Pool, opts: SeedOptions = {}): Promise<ImportSummary[]> {
  return importDocuments(db, listSeedDocuments(), { actor: SEED_ACTOR, dryRun: opts.dryRun, onCommitted: opts.onCommitted });
}

/**
 * Seeds a database with no figures at all; leaves any other alone (returns null). Given the
 * server's deps, the touched rollup slices are enqueued after each commit.
 */
export async function loadSeedIfEmpty(target: pg.Pool | SeedTarget, opts: SeedOptions = {}): Promise<ImportSummary[] | null> {
  const { pool, rollupQueue } = isSeedTarget(target) ? target : { pool: target, rollupQueue: undefined };
  const any = await pool.query(`SELECT EXISTS (SELECT 1 FROM figure) AS any`);
  if (any.rows[0].any) return null;
  const onCommitted = opts.onCommitted ?? (rollupQueue ? async (slices: Slice[]) => { await enqueueIncremental(rollupQueue, slices); } : undefined);
  return loadSeed(pool, { ...opts, onCommitted });
}

function isSeedTarget(t: pg.Pool | SeedTarget): t is SeedTarget {
  return "pool" in t && typeof (t as SeedTarget).pool?.query === "function";
}
