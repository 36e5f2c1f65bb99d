import type pg from "pg";
import type { Slice } from "../../shared/slices.ts";
import { importDocuments, type ImportSummary } from "../import/import-document.ts";
import { listSeedDocuments } from "./documents.ts";

export const SEED_ACTOR = "seed";

export interface SeedOptions {
  dryRun?: boolean;
  /** After each document's commit, with the slices it touched (e.g. enqueue the rollup refresh). */
  onCommitted?: (touched: Slice[]) => Promise<void>;
}

/** Imports every curated seed document (actor "seed"). Idempotent: a second run changes nothing. */
export async function loadSeed(db: pg.Pool, opts: SeedOptions = {}): Promise<ImportSummary[]> {
  return importDocuments(db, listSeedDocuments(), {
    actor: SEED_ACTOR,
    dryRun: opts.dryRun,
    onCommitted: opts.onCommitted,
  });
}

/** Seeds a database with no figures at all; leaves any other alone (returns null). */
export async function loadSeedIfEmpty(pool: pg.Pool, opts: SeedOptions = {}): Promise<ImportSummary[] | null> {
  const any = await pool.query(`SELECT EXISTS (SELECT 1 FROM figure) AS any`);
  if (any.rows[0].any) return null;
  return loadSeed(pool, opts);
}
