-- rate_rank_walk (prisma/migrations/20261203100000_rate_rank) as before, but a place's children with
-- cells are found by one index range over their keys instead of a probe per child: ~3,000 probes of
-- children without cells per top-20 district question (issue 18) become ~180 ranges (the statement:
-- 46.5 -> 41.5 ms in psql, 51 -> 46 ms from node-postgres, 1M-figure database, load ~1).
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
        -- the children with a denominator cell: one index range from the least to the greatest child
        -- key (a place's children mostly have neighbouring keys; the places between that are not its
        -- children are left out below) rather than a probe per child, most of which have no cell
        -- (whether the child existed during the period: below, only for children with cells)
        SELECT s.place_key AS place, w.ethnicity, w.programme, w.ps, w.pe
          FROM (SELECT min(e.child_key) AS lo, max(e.child_key) AS hi FROM place_edge e
                 WHERE w.tree = 'PLACE' AND e.boundary = p_boundary AND e.parent_key = w.place) k
          JOIN rollup s ON s.boundary = p_boundary AND s.measure_code = p_denominator AND s.kind = p_kind
                       AND s.place_key BETWEEN k.lo AND k.hi AND s.ethnicity_code = w.ethnicity
                       AND s.programme_code = w.programme AND s.period_start = w.ps AND s.period_end = w.pe
         WHERE EXISTS (SELECT FROM place_edge e
                        WHERE e.boundary = p_boundary AND e.child_key = s.place_key AND e.parent_key = w.place)
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
