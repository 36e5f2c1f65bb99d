-- A rate's value in every row of an analytics series, to rank the rows in SQL (src/query/analytics/
-- rank-in-sql.ts): per place and bucket, the period that gives the bucket its value (reported for
-- exactly the bucket, else the latest inside it: a rate is a stock, src/rules/period-buckets.ts), then
-- the rate reported for that cell, else its counts matched cell by cell as src/rules/matched-ratio.ts
-- pairs them: the walk goes down the tree both sides were combined over (as matched_ratio_walk does,
-- prisma/migrations/20261202060000_matched_ratio_walk) and the pairs it stops at are summed per side.
-- `rate` is a double near the value, for ranking only: the rows that may be shown are composed again
-- by the TypeScript rules. `unknown`: the walk met a sum this cannot follow (programmes of a count
-- that does not add over them combine as a union), so the caller computes that row itself.
-- `oldest`: the oldest computation time of the cells read here.
-- The tree a ratio's two sides made of parts are paired in (src/rules/matched-ratio.ts `descentOf`):
-- the one both were combined over, else the programmes, then the ethnic groups, that either has;
-- null: they pair at the cell. Inlined into the statements that call it.
CREATE OR REPLACE FUNCTION matched_ratio_tree(numerator_parts text, denominator_parts text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE WHEN numerator_parts = denominator_parts THEN numerator_parts
              WHEN 'PROGRAMME' IN (numerator_parts, denominator_parts) THEN 'PROGRAMME'
              WHEN 'ETHNICITY' IN (numerator_parts, denominator_parts) THEN 'ETHNICITY'
         END
$$;

-- The matched walk of analytics_rate_rank from each row's cell (its numerator given: read with the
-- rate): every key where both sides have a cell, with its two values; `leaf` where the matching pairs
-- them (either reported, or no tree to go on in), `stuck` where it would combine programmes as a union.
CREATE OR REPLACE FUNCTION rate_rank_walk(
  p_boundary "Boundary", p_kind "FigureKind", p_numerator text, p_denominator text, p_union_over_programmes boolean,
  p_ethnicity text, p_programme text, p_place text[], p_bucket int[], p_start date[], p_end date[],
  p_numerator_value numeric[], p_numerator_derivation text[], p_numerator_parts text[])
RETURNS TABLE (root_place text, root_bucket int, n numeric, d numeric, leaf boolean, stuck boolean, computed_at timestamptz)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH RECURSIVE walk(rp, ri, place, ethnicity, programme, ps, pe, nv, dv, tree, leaf, computed_at) AS (
    SELECT k.place, k.i, k.place, p_ethnicity, p_programme, k.ps, k.pe, k.nv, d.value, t.tree,
           k.nd = 'REPORTED' OR d.derivation = 'REPORTED' OR t.tree IS NULL, d.computed_at
      FROM unnest(p_place, p_bucket, p_start, p_end, p_numerator_value, p_numerator_derivation, p_numerator_parts)
           AS k(place, i, ps, pe, nv, nd, np)
      JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = p_denominator AND d.kind = p_kind AND d.place_key = k.place
                   AND d.ethnicity_code = p_ethnicity AND d.programme_code = p_programme
                   AND d.period_start = k.ps AND d.period_end = k.pe
      CROSS JOIN LATERAL (SELECT matched_ratio_tree(k.np, d.parts_dimension) AS tree) t
    UNION ALL
    SELECT w.rp, w.ri, c.place, c.ethnicity, c.programme, c.ps, c.pe, n.value, d.value, t.tree,
           n.derivation = 'REPORTED' OR d.derivation = 'REPORTED' OR t.tree IS NULL, least(n.computed_at, d.computed_at)
      FROM walk w
      CROSS JOIN LATERAL (
        -- (whether the child existed during the period: below, only for children with cells)
        SELECT e.child_key AS place, w.ethnicity, w.programme, w.ps, w.pe
          FROM place_edge e
         WHERE w.tree = 'PLACE' AND e.boundary = p_boundary AND e.parent_key = w.place
        UNION ALL
        SELECT w.place, g.code, w.programme, w.ps, w.pe FROM ethnicity g
         WHERE w.tree = 'ETHNICITY' AND g.parent_code = w.ethnicity
        UNION ALL
        SELECT w.place, w.ethnicity, g.code, w.ps, w.pe FROM programme g
         WHERE w.tree = 'PROGRAMME' AND NOT p_union_over_programmes AND g.parent_code = w.programme
        UNION ALL
        SELECT DISTINCT w.place, w.ethnicity, w.programme, r.period_start, r.period_end
          FROM rollup r
         WHERE w.tree = 'PERIOD' AND r.boundary = p_boundary AND r.place_key = w.place
           AND r.ethnicity_code = w.ethnicity AND r.programme_code = w.programme
           AND r.measure_code = ANY(ARRAY[p_numerator, p_denominator]) AND r.kind = p_kind
           AND r.period_start >= w.ps AND r.period_end <= w.pe AND (r.period_start, r.period_end) <> (w.ps, w.pe)
      ) c
      JOIN rollup n ON n.boundary = p_boundary AND n.measure_code = p_numerator AND n.kind = p_kind AND n.place_key = c.place
                   AND n.ethnicity_code = c.ethnicity AND n.programme_code = c.programme
                   AND n.period_start = c.ps AND n.period_end = c.pe
      JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = p_denominator AND d.kind = p_kind AND d.place_key = c.place
                   AND d.ethnicity_code = c.ethnicity AND d.programme_code = c.programme
                   AND d.period_start = c.ps AND d.period_end = c.pe
      CROSS JOIN LATERAL (SELECT matched_ratio_tree(n.parts_dimension, d.parts_dimension) AS tree) t
     WHERE NOT w.leaf
       -- of the child place's cells (n), so that it is checked where the child has cells only
       AND (w.tree <> 'PLACE' OR EXISTS (SELECT FROM place p WHERE p.key = n.place_key AND p.valid_from <= n.period_end
                                                            AND (p.valid_to IS NULL OR p.valid_to >= n.period_start)))
  )
  SELECT walk.rp, walk.ri, walk.nv, walk.dv, walk.leaf,
         NOT walk.leaf AND walk.tree = 'PROGRAMME' AND p_union_over_programmes, walk.computed_at
    FROM walk;
END
$$;

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
  WITH buckets AS (
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
  ), roots AS MATERIALIZED (
    SELECT * FROM rows r WHERE r.reported IS NULL AND r.n IS NOT NULL
  ), walk AS MATERIALIZED (
    SELECT * FROM rate_rank_walk(p_boundary, p_kind, p_numerator, p_denominator, p_union_over_programmes,
      p_ethnicity, p_programme, ARRAY(SELECT r.place FROM roots r ORDER BY r.place, r.i), ARRAY(SELECT r.i FROM roots r ORDER BY r.place, r.i),
      ARRAY(SELECT r.ps FROM roots r ORDER BY r.place, r.i), ARRAY(SELECT r.pe FROM roots r ORDER BY r.place, r.i), ARRAY(SELECT r.n FROM roots r ORDER BY r.place, r.i),
      ARRAY(SELECT r.n_derivation FROM roots r ORDER BY r.place, r.i), ARRAY(SELECT r.n_parts FROM roots r ORDER BY r.place, r.i))
  ), sums AS (
    SELECT w.root_place, w.root_bucket, sum(w.n) FILTER (WHERE w.leaf) AS n, sum(w.d) FILTER (WHERE w.leaf) AS d,
           bool_or(w.stuck) AS stuck, min(w.computed_at) AS oldest
      FROM walk w GROUP BY w.root_place, w.root_bucket
  )
  SELECT r.place, r.i,
         CASE WHEN r.reported IS NOT NULL THEN r.reported::float8
              WHEN s.d <> 0 THEN s.n::float8 / s.d::float8 * 100 END,
         coalesce(s.stuck, false),
         least(s.oldest, (SELECT min(p.oldest) FROM periods p))
    FROM rows r LEFT JOIN sums s ON s.root_place = r.place AND s.root_bucket = r.i;
END
$$;
