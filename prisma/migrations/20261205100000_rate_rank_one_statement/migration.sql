-- analytics_rate_rank (prisma/migrations/20261203100000_rate_rank, 20261204100000_rate_rank_child_range)
-- as before, in one statement, and each step of the walk reads a child's denominator cell once:
-- - the walk is a recursive part of the statement, started from the rows whose rate is matched, instead
--   of a function (rate_rank_walk, dropped) given those rows as seven sorted arrays;
-- - a step reads the children's denominator cells where it finds them (the index range over a place's
--   children already read its children's; the ethnic groups', programmes' and periods' cells are read
--   there too) instead of finding the children's keys, then reading their cells again by key (~580
--   index probes fewer per top-20 district question, issue 18).
-- The top-20 district question at 1M figures, the statement's backend CPU (mean of 40, alternating, load
-- 12-17): 65-70 -> 52-58 ms.
DROP FUNCTION IF EXISTS rate_rank_walk(
  "Boundary", "FigureKind", text, text, boolean, text, text, text[], int[], date[], date[], numeric[], text[], text[]);

CREATE OR REPLACE FUNCTION analytics_rate_rank(
  p_boundary "Boundary", p_places text[], p_ethnicity text, p_programme text, p_kind "FigureKind",
  p_rate text, p_numerator text, p_denominator text, p_union_over_programmes boolean,
  p_range_start date, p_range_end date, p_bucket_start date[], p_bucket_end date[])
RETURNS TABLE (place_key text, bucket int, rate float8, unknown boolean, oldest timestamptz)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH RECURSIVE buckets AS (
    SELECT b.i::int AS i, b.s, b.e FROM unnest(p_bucket_start, p_bucket_end) WITH ORDINALITY AS b(s, e, i)
  ), periods AS MATERIALIZED (
    -- the rate and its numerator at the row (the leading measures: where a row has a period), the
    -- numerator's value and how it was made kept for the walk
    SELECT r.place_key AS place, r.period_start AS ps, r.period_end AS pe,
           max(r.value) FILTER (WHERE r.measure_code = p_rate) AS reported,
           max(r.value) FILTER (WHERE r.measure_code = p_numerator) AS n,
           min(r.derivation::text) FILTER (WHERE r.measure_code = p_numerator) AS n_derivation,
           min(r.parts_dimension) FILTER (WHERE r.measure_code = p_numerator) AS n_parts,
           min(r.computed_at) AS oldest
      FROM unnest(p_places) AS asked(place)
      JOIN rollup r ON r.boundary = p_boundary AND r.measure_code = ANY(ARRAY[p_rate, p_numerator])
                   AND r.kind = p_kind AND r.place_key = asked.place AND r.ethnicity_code = p_ethnicity
                   AND r.programme_code = p_programme
     WHERE r.period_start >= p_range_start AND r.period_end <= p_range_end
     GROUP BY r.place_key, r.period_start, r.period_end
  ), rows AS MATERIALIZED (
    SELECT DISTINCT ON (p.place, b.i) p.place, b.i, p.ps, p.pe, p.reported, p.n, p.n_derivation, p.n_parts
      FROM periods p JOIN buckets b ON p.ps >= b.s AND p.pe <= b.e
     ORDER BY p.place, b.i, (p.ps = b.s AND p.pe = b.e) DESC, p.pe DESC, p.ps DESC
  ), walk(rp, ri, place, ethnicity, programme, ps, pe, nv, dv, tree, leaf, computed_at) AS (
    -- the matched walk from each row whose rate is not reported (its numerator given): every key where
    -- both sides have a cell, with its two values; `leaf` where the matching pairs them (either
    -- reported, or no tree to go on in); not a leaf with the programmes' tree and a count that does not
    -- add over programmes: the rules combine them as a union (`unknown` below)
    SELECT k.place, k.i, k.place, p_ethnicity, p_programme, k.ps, k.pe, k.n, d.value, t.tree,
           k.n_derivation = 'REPORTED' OR d.derivation = 'REPORTED' OR t.tree IS NULL, d.computed_at
      FROM rows k
      JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = p_denominator AND d.kind = p_kind AND d.place_key = k.place
                   AND d.ethnicity_code = p_ethnicity AND d.programme_code = p_programme
                   AND d.period_start = k.ps AND d.period_end = k.pe
      CROSS JOIN LATERAL (SELECT matched_ratio_tree(k.n_parts, d.parts_dimension) AS tree) t
     WHERE k.reported IS NULL AND k.n IS NOT NULL
    UNION ALL
    SELECT w.rp, w.ri, d.place_key, d.ethnicity_code, d.programme_code, d.period_start, d.period_end, n.value, d.value,
           t.tree,
           n.derivation = 'REPORTED' OR d.derivation = 'REPORTED' OR t.tree IS NULL, least(n.computed_at, d.computed_at)
      FROM walk w
      CROSS JOIN LATERAL (
        -- the children's denominator cells: a place's by one index range from the least to the greatest
        -- child key (a place's children mostly have neighbouring keys; the places between that are not
        -- its children are left out) rather than a probe per child, most of which have no cell
        -- (whether the child existed during the period: below, only for children with cells)
        SELECT d.place_key, d.ethnicity_code, d.programme_code, d.period_start, d.period_end, d.value, d.derivation,
               d.parts_dimension, d.computed_at
          FROM (SELECT min(e.child_key) AS lo, max(e.child_key) AS hi FROM place_edge e
                 WHERE w.tree = 'PLACE' AND e.boundary = p_boundary AND e.parent_key = w.place) k
          JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = p_denominator AND d.kind = p_kind
                       AND d.place_key BETWEEN k.lo AND k.hi AND d.ethnicity_code = w.ethnicity
                       AND d.programme_code = w.programme AND d.period_start = w.ps AND d.period_end = w.pe
         WHERE EXISTS (SELECT FROM place_edge e
                        WHERE e.boundary = p_boundary AND e.child_key = d.place_key AND e.parent_key = w.place)
        UNION ALL
        SELECT d.place_key, d.ethnicity_code, d.programme_code, d.period_start, d.period_end, d.value, d.derivation,
               d.parts_dimension, d.computed_at
          FROM (SELECT w.place, g.code AS ethnicity, w.programme FROM ethnicity g
                 WHERE w.tree = 'ETHNICITY' AND g.parent_code = w.ethnicity
                UNION ALL
                SELECT w.place, w.ethnicity, g.code FROM programme g
                 WHERE w.tree = 'PROGRAMME' AND NOT p_union_over_programmes AND g.parent_code = w.programme) c
          JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = p_denominator AND d.kind = p_kind AND d.place_key = c.place
                       AND d.ethnicity_code = c.ethnicity AND d.programme_code = c.programme
                       AND d.period_start = w.ps AND d.period_end = w.pe
        UNION ALL
        SELECT d.place_key, d.ethnicity_code, d.programme_code, d.period_start, d.period_end, d.value, d.derivation,
               d.parts_dimension, d.computed_at
          FROM (SELECT DISTINCT r.period_start, r.period_end
                  FROM rollup r
                 WHERE w.tree = 'PERIOD' AND r.boundary = p_boundary AND r.place_key = w.place
                   AND r.ethnicity_code = w.ethnicity AND r.programme_code = w.programme
                   AND r.measure_code = ANY(ARRAY[p_numerator, p_denominator]) AND r.kind = p_kind
                   AND r.period_start >= w.ps AND r.period_end <= w.pe AND (r.period_start, r.period_end) <> (w.ps, w.pe)) c
          JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = p_denominator AND d.kind = p_kind AND d.place_key = w.place
                       AND d.ethnicity_code = w.ethnicity AND d.programme_code = w.programme
                       AND d.period_start = c.period_start AND d.period_end = c.period_end
      ) d
      JOIN rollup n ON n.boundary = p_boundary AND n.measure_code = p_numerator AND n.kind = p_kind AND n.place_key = d.place_key
                   AND n.ethnicity_code = d.ethnicity_code AND n.programme_code = d.programme_code
                   AND n.period_start = d.period_start AND n.period_end = d.period_end
      CROSS JOIN LATERAL (SELECT matched_ratio_tree(n.parts_dimension, d.parts_dimension) AS tree) t
     WHERE NOT w.leaf
       -- of the child place's cells (n), so that it is checked where the child has cells only
       AND (w.tree <> 'PLACE' OR EXISTS (SELECT FROM place p WHERE p.key = n.place_key AND p.valid_from <= n.period_end
                                                            AND (p.valid_to IS NULL OR p.valid_to >= n.period_start)))
  ), sums AS (
    SELECT w.rp, w.ri, sum(w.nv) FILTER (WHERE w.leaf) AS n, sum(w.dv) FILTER (WHERE w.leaf) AS d,
           bool_or(NOT w.leaf AND w.tree = 'PROGRAMME' AND p_union_over_programmes) AS stuck,
           min(w.computed_at) AS oldest
      FROM walk w GROUP BY w.rp, w.ri
  )
  SELECT r.place, r.i,
         CASE WHEN r.reported IS NOT NULL THEN r.reported::float8
              WHEN s.d <> 0 THEN s.n::float8 / s.d::float8 * 100 END,
         coalesce(s.stuck, false),
         least(s.oldest, (SELECT min(p.oldest) FROM periods p))
    FROM rows r LEFT JOIN sums s ON s.rp = r.place AND s.ri = r.i;
END
$$;
