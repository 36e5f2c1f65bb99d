/**
 * Checks around the bulk load: the reference data must be there, and the foreign keys of the
 * figures can be checked once for the whole load instead of row by row (see SynthOptions.foreignKeys).
 */
import type pg from "pg";
import { buildEthnicities } from "../../reference/ethnicities.ts";
import { MEASURES } from "../../reference/measures.ts";
import { buildProgrammes } from "../../reference/programmes.ts";

/** The reference tables the figures point to must be loaded (npm run migrate does it). */
export async function checkReference(client: pg.ClientBase): Promise<void> {
  const r = (
    await client.query(
      `SELECT (SELECT count(*) FROM measure WHERE code = ANY($1))::int AS measures,
            (SELECT count(*) FROM programme WHERE code = ANY($2))::int AS programmes,
            (SELECT count(*) FROM ethnicity WHERE code = ANY($3))::int AS ethnicities`,
      [MEASURES.map((m) => m.code), buildProgrammes().map((p) => p.code), buildEthnicities().map((e) => e.code)],
    )
  ).rows[0];
  if (
    r.measures < MEASURES.length ||
    r.programmes < buildProgrammes().length ||
    r.ethnicities < buildEthnicities().length
  ) {
    throw new Error(
      "the reference data (measures, programmes, ethnic groups) is not loaded: run npm run migrate first",
    );
  }
}

/**
 * The figure table's own statement-level triggers that the load does itself when replica mode skips
 * them: the data_changed notification and the availability counts.
 */
const TRIGGERS_DONE_BY_HAND = ["notify_data_changed", "availability_after_write"];

/**
 * Whether the per-row checks may be skipped: superuser, and the figure table's own triggers (replica
 * mode skips them too) are only those the load does by hand (TRIGGERS_DONE_BY_HAND).
 */
export async function canSkipRowChecks(client: pg.ClientBase): Promise<boolean> {
  const r = (
    await client.query(
      `SELECT current_setting('is_superuser') = 'on' AS superuser,
            (SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
              WHERE t.tgrelid = 'figure'::regclass AND NOT t.tgisinternal
                AND (t.tgtype & 1 = 1 OR p.proname <> ALL($1::text[])))::int AS others`,
      [TRIGGERS_DONE_BY_HAND],
    )
  ).rows[0];
  return r.superuser && r.others === 0;
}

/**
 * The checks the skipped foreign-key triggers would have made, for all new figures at once: every
 * document, place, ethnicity, programme and measure they name exists. A failure rolls the run back.
 */
export async function checkReferencesInBulk(client: pg.ClientBase, documentIds: number[]): Promise<void> {
  const r = (
    await client.query(
      `SELECT count(*) FILTER (WHERE p.key IS NULL)::int AS places, count(*) FILTER (WHERE e.code IS NULL)::int AS ethnicities,
            count(*) FILTER (WHERE g.code IS NULL)::int AS programmes, count(*) FILTER (WHERE m.code IS NULL)::int AS measures,
            count(*) FILTER (WHERE d.id IS NULL)::int AS documents
       FROM figure f
       LEFT JOIN place p ON p.key = f.place_key LEFT JOIN ethnicity e ON e.code = f.ethnicity_code
       LEFT JOIN programme g ON g.code = f.programme_code LEFT JOIN measure m ON m.code = f.measure_code
       LEFT JOIN document d ON d.id = f.document_id
      WHERE f.document_id = ANY($1::int[])`,
      [documentIds],
    )
  ).rows[0];
  const broken = Object.entries(r).filter(([, n]) => Number(n) > 0);
  if (broken.length)
    throw new Error(`synthetic figures name missing ${broken.map(([what, n]) => `${what} (${n})`).join(", ")}`);
}
