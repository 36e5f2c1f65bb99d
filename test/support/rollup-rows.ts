import type pg from "pg";

/** Every stored rollup cell, key → values (figure ids sorted): two rollups are equal when these maps are. */
export async function rollupRows(pool: Pick<pg.Pool, "query">): Promise<Map<string, string>> {
  const { rows } = await pool.query(`
    SELECT concat_ws('|', boundary, measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end) AS k,
           concat_ws('|', value, lower, upper, qualifier, derivation, parts_dimension, covered_children, total_children, figure_count,
                     (SELECT array_agg(x ORDER BY x) FROM unnest(figure_ids) x), flagged_excluded) AS v
      FROM rollup`);
  return new Map(rows.map((r) => [r.k as string, r.v as string]));
}
