-- matched_ratio_walk (prisma/migrations/20261202060000_matched_ratio_walk) as before, but the tree a
-- key's two cells are paired in comes from matched_ratio_tree (prisma/migrations/20261203100000_rate_rank),
-- the definition rate_rank_walk uses too, instead of a copy of its CASE.
CREATE OR REPLACE FUNCTION matched_ratio_walk(
  p_boundary "Boundary",
  p_place text[], p_ethnicity text[], p_programme text[],
  p_start date[], p_end date[], p_denominator_start date[], p_denominator_end date[],
  p_numerator_measure text[], p_numerator_kind "FigureKind"[],
  p_denominator_measure text[], p_denominator_kind "FigureKind"[],
  p_held jsonb)
RETURNS TABLE (place_key text, ethnicity_code text, programme_code text)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH RECURSIVE walk(place, ethnicity, programme, ps, pe, dps, dpe, nm, nk, dm, dk) AS (
    SELECT * FROM unnest(p_place, p_ethnicity, p_programme, p_start, p_end, p_denominator_start, p_denominator_end,
                         p_numerator_measure, p_numerator_kind, p_denominator_measure, p_denominator_kind)
    UNION
    SELECT c.* FROM walk w
      JOIN rollup n ON n.boundary = p_boundary AND n.measure_code = w.nm AND n.kind = w.nk AND n.place_key = w.place
                   AND n.ethnicity_code = w.ethnicity AND n.programme_code = w.programme
                   AND n.period_start = w.ps AND n.period_end = w.pe
      JOIN rollup d ON d.boundary = p_boundary AND d.measure_code = w.dm AND d.kind = w.dk AND d.place_key = w.place
                   AND d.ethnicity_code = w.ethnicity AND d.programme_code = w.programme
                   AND d.period_start = w.dps AND d.period_end = w.dpe
      CROSS JOIN LATERAL (SELECT matched_ratio_tree(n.parts_dimension, d.parts_dimension) AS tree) t
      CROSS JOIN LATERAL (
        SELECT e.child_key, w.ethnicity, w.programme, w.ps, w.pe, w.dps, w.dpe, w.nm, w.nk, w.dm, w.dk
          FROM place_edge e JOIN place p ON p.key = e.child_key
         WHERE t.tree = 'PLACE' AND e.boundary = p_boundary AND e.parent_key = w.place
           AND p.valid_from <= w.pe AND (p.valid_to IS NULL OR p.valid_to >= w.ps)
        UNION ALL
        SELECT w.place, g.code, w.programme, w.ps, w.pe, w.dps, w.dpe, w.nm, w.nk, w.dm, w.dk
          FROM ethnicity g
         WHERE t.tree = 'ETHNICITY' AND g.parent_code = w.ethnicity AND p_held ? (g.code || '|' || w.programme)
        UNION ALL
        SELECT w.place, w.ethnicity, g.code, w.ps, w.pe, w.dps, w.dpe, w.nm, w.nk, w.dm, w.dk
          FROM programme g
         WHERE t.tree = 'PROGRAMME' AND g.parent_code = w.programme AND p_held ? (w.ethnicity || '|' || g.code)
        UNION ALL
        SELECT DISTINCT w.place, w.ethnicity, w.programme, r.period_start, r.period_end, r.period_start, r.period_end,
               w.nm, w.nk, w.dm, w.dk
          FROM rollup r
         WHERE t.tree = 'PERIOD' AND r.boundary = p_boundary AND r.place_key = w.place
           AND r.ethnicity_code = w.ethnicity AND r.programme_code = w.programme
           AND (r.measure_code, r.kind) IN ((w.nm, w.nk), (w.dm, w.dk))
           AND r.period_start >= w.ps AND r.period_end <= w.pe AND (r.period_start, r.period_end) <> (w.ps, w.pe)
      ) c
     WHERE n.derivation <> 'REPORTED' AND d.derivation <> 'REPORTED'
  )
  SELECT DISTINCT walk.place, walk.ethnicity, walk.programme FROM walk;
END
$$;
