-- A ratio's rows read with the matching's descent below them (src/query/compare/rollup-source.ts,
-- `rowsHeldWalked`), the statement it sent before, in a function for one reason: its plan. As a
-- prepared statement PostgreSQL planned it anew on every execution (the generic plan looked far
-- dearer on the arrays' guessed sizes), 0.8-0.9 ms of planning for 3-4 ms of execution at 1M
-- figures; here the generic plan, kept for the session, seeks the same way. So that one plan serves
-- every question, each condition the statement wrote only where it applied is always written here:
-- the period range (null: every period), the later end of a stock divisor (CellQuery.laterEnd:
-- p_end; the other measures end by p_rows_end, the range's own end), and the groups and programmes
-- at the rows and asked (codes_asked: these codes, or null and every code but those in `except`).
-- JIT off: the generic plan's estimated cost is near jit_above_cost, past which compiling it costs
-- far more than running it (a variant tried: 66 against 4.7 ms).
--
-- The answer, one json array of lines, each an array: [0, a row's cell: its columns as the other
-- reads send them], [1, place, measure, kind, the held parts 'group|programme' joined by commas,
-- their oldest computation time in epoch ms] (a place's other groups and programmes, only which
-- hold cells), [2, a key matched_ratio_walk reached, then its cell's columns, or nulls].
CREATE OR REPLACE FUNCTION codes_asked(p_code text, p_only text[], p_except text[])
RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN p_only IS NOT NULL THEN p_code = ANY(p_only) ELSE p_code <> ALL(p_except) END $$;

CREATE OR REPLACE FUNCTION rollup_rows_walked(
  p_boundary "Boundary", p_measures text[], p_kinds "FigureKind"[], p_places text[],
  p_start date, p_end date, p_rows_end date, p_later_measures text[],
  p_row_ethnicities text[], p_row_ethnicities_except text[], p_row_programmes text[], p_row_programmes_except text[],
  p_ethnicities text[], p_ethnicities_except text[], p_programmes text[], p_programmes_except text[],
  p_numerator_measure text, p_numerator_kind "FigureKind", p_denominator_measure text, p_denominator_kind "FigureKind",
  p_same_period boolean)
RETURNS text
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
  v_start date := coalesce(p_start, '-infinity');
  v_end date := coalesce(p_end, 'infinity');
  v_rows_end date := coalesce(p_rows_end, 'infinity');
BEGIN
  RETURN (
  WITH scan AS MATERIALIZED (
    -- of a cell not at a row only its key and time: copying the other columns of the few hundred
    -- cells under the rows (the figure ids above all) cost more than the rest of the statement
    SELECT r.place_key, r.ethnicity_code, r.programme_code, r.measure_code, r.kind, r.period_start, r.period_end,
           r.derivation, r.computed_at, x.at_row,
           CASE WHEN x.at_row THEN r.value END AS value, CASE WHEN x.at_row THEN r.lower END AS lower,
           CASE WHEN x.at_row THEN r.upper END AS upper, CASE WHEN x.at_row THEN r.qualifier END AS qualifier,
           CASE WHEN x.at_row THEN r.parts_dimension END AS parts_dimension,
           CASE WHEN x.at_row THEN r.covered_children END AS covered_children,
           CASE WHEN x.at_row THEN r.total_children END AS total_children,
           CASE WHEN x.at_row THEN r.figure_ids END AS figure_ids,
           CASE WHEN x.at_row THEN r.flagged_excluded END AS flagged_excluded
      FROM unnest(p_places) AS asked(place) JOIN rollup r ON r.place_key = asked.place
           CROSS JOIN LATERAL (
             SELECT codes_asked(r.ethnicity_code, p_row_ethnicities, p_row_ethnicities_except)
                    AND codes_asked(r.programme_code, p_row_programmes, p_row_programmes_except) AS at_row) AS x
     WHERE r.boundary = p_boundary AND r.measure_code = ANY(p_measures) AND r.kind = ANY(p_kinds)
       AND r.period_start >= v_start AND r.period_end <= v_end
       AND (r.period_end <= v_rows_end OR r.measure_code = ANY(p_later_measures))
       AND codes_asked(r.ethnicity_code, p_ethnicities, p_ethnicities_except)
       AND codes_asked(r.programme_code, p_programmes, p_programmes_except)
  ), at_rows AS MATERIALIZED (
    SELECT * FROM scan WHERE at_row
  ), seeds AS (
    -- the divisor's period: the row's; for a stock, as stockPeriodFor picks it (src/rules/stock-denominator.ts):
    -- the row's own, else the latest inside the row's period or ending the day after it
    SELECT array_agg(place_key) AS place, array_agg(ethnicity_code) AS ethnicity, array_agg(programme_code) AS programme,
           array_agg(period_start) AS ps, array_agg(period_end) AS pe, array_agg(dps) AS dps, array_agg(dpe) AS dpe,
           array_agg(measure_code) AS nm, array_agg(kind) AS nk, array_agg(dm) AS dm, array_agg(dk) AS dk
      FROM (SELECT DISTINCT ON (n.place_key, n.ethnicity_code, n.programme_code, n.period_start, n.period_end)
                   n.place_key, n.ethnicity_code, n.programme_code, n.period_start, n.period_end, n.measure_code, n.kind,
                   n.derivation, d.period_start AS dps, d.period_end AS dpe, d.measure_code AS dm, d.kind AS dk,
                   d.derivation AS d_derivation
              FROM at_rows n JOIN at_rows d ON d.place_key = n.place_key AND d.ethnicity_code = n.ethnicity_code
                                           AND d.programme_code = n.programme_code
             WHERE n.measure_code = p_numerator_measure AND n.kind = p_numerator_kind
               AND d.measure_code = p_denominator_measure AND d.kind = p_denominator_kind
               AND CASE WHEN p_same_period THEN d.period_start = n.period_start AND d.period_end = n.period_end
                        ELSE d.period_start >= n.period_start AND d.period_end <= n.period_end + 1 END
             ORDER BY n.place_key, n.ethnicity_code, n.programme_code, n.period_start, n.period_end,
                      d.period_start = n.period_start AND d.period_end = n.period_end DESC,
                      d.period_end DESC, d.period_start DESC) AS paired
     WHERE derivation <> 'REPORTED' AND d_derivation <> 'REPORTED'
  ), walked AS (
    SELECT DISTINCT w.place_key, w.ethnicity_code, w.programme_code
      FROM seeds CROSS JOIN LATERAL matched_ratio_walk(p_boundary, seeds.place, seeds.ethnicity, seeds.programme,
             seeds.ps, seeds.pe, seeds.dps, seeds.dpe, seeds.nm, seeds.nk, seeds.dm, seeds.dk,
             (SELECT jsonb_object_agg(pair, TRUE)
                FROM (SELECT DISTINCT ethnicity_code || '|' || programme_code AS pair FROM scan) AS pairs)) AS w
     WHERE seeds.place IS NOT NULL
  ), cells AS (
    SELECT 0 AS t, place_key, ethnicity_code, programme_code, measure_code, kind, period_start, period_end, value, lower,
           upper, qualifier, derivation, parts_dimension, covered_children, total_children, figure_ids, flagged_excluded,
           computed_at
      FROM at_rows
    UNION ALL
    SELECT 2, k.place, k.ethnicity, k.programme, r.measure_code, r.kind, r.period_start, r.period_end, r.value, r.lower,
           r.upper, r.qualifier, r.derivation, r.parts_dimension, r.covered_children, r.total_children, r.figure_ids,
           r.flagged_excluded, r.computed_at
      FROM walked AS k(place, ethnicity, programme)
      LEFT JOIN rollup r ON r.boundary = p_boundary AND r.measure_code = ANY(p_measures) AND r.kind = ANY(p_kinds)
                        AND r.place_key = k.place AND r.ethnicity_code = k.ethnicity AND r.programme_code = k.programme
                        AND r.period_start >= v_start AND r.period_end <= v_end
                        AND (r.period_end <= v_rows_end OR r.measure_code = ANY(p_later_measures))
  )
  SELECT json_agg(line)::text FROM (
    SELECT json_build_array(t, place_key, ethnicity_code, programme_code, measure_code, kind::text, period_start::text,
             period_end::text, value::text, lower::text, upper::text, qualifier::text, derivation::text, parts_dimension,
             covered_children, total_children, array_to_string(figure_ids, ','), flagged_excluded,
             (extract(epoch FROM computed_at) * 1000)::float8) AS line
      FROM cells
    UNION ALL
    SELECT json_build_array(1, place_key, measure_code, kind::text,
             string_agg(ethnicity_code || '|' || programme_code, ','),
             (extract(epoch FROM min(computed_at)) * 1000)::float8)
      FROM (SELECT place_key, measure_code, kind, ethnicity_code, programme_code, min(computed_at) AS computed_at
              FROM scan WHERE NOT at_row GROUP BY place_key, measure_code, kind, ethnicity_code, programme_code) AS parts
     GROUP BY place_key, measure_code, kind) AS lines);
END
$$;
