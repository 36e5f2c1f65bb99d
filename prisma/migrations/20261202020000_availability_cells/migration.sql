-- dataAvailability by place (rolled up to a level or not) or by programme and kind reads these two
-- tables instead of every figure (src/query/availability.ts). Each holds the figure counts of a
-- document per cell of the dimensions that breakdown groups and filters by; `unflagged` is the
-- query's own test NOT ('IMPLAUSIBLE' = ANY(flags)) with NULL (no flags array) counted as flagged,
-- as the WHERE clause does. A cell with no figures has no row.
--
-- availability_place: per place, document, period. A (place, document, period) holds figures of
-- several measures; `measures` counts them per measure code ({"households": 3}) so that a delete
-- can drop a measure from the list. About 105,000 rows at a million synthetic figures.
CREATE TABLE "availability_place" (
  "document_id" integer NOT NULL,
  "place_key" text NOT NULL,
  "period_start" date NOT NULL,
  "period_end" date NOT NULL,
  "unflagged" boolean NOT NULL,
  "figures" integer NOT NULL,
  "measures" jsonb NOT NULL,
  CONSTRAINT "availability_place_pkey" PRIMARY KEY ("document_id", "place_key", "period_start", "period_end", "unflagged")
);

-- availability_programme: per programme, kind, measure, document, period (no place). About 177,000
-- rows at a million synthetic figures.
CREATE TABLE "availability_programme" (
  "document_id" integer NOT NULL,
  "programme_code" text NOT NULL,
  "kind" "FigureKind" NOT NULL,
  "measure_code" text NOT NULL,
  "period_start" date NOT NULL,
  "period_end" date NOT NULL,
  "unflagged" boolean NOT NULL,
  "figures" integer NOT NULL,
  CONSTRAINT "availability_programme_pkey" PRIMARY KEY ("document_id", "programme_code", "kind", "measure_code", "period_start", "period_end", "unflagged")
);

-- Two count maps added key by key; keys whose count reaches 0 are dropped.
CREATE FUNCTION availability_add_counts(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}')
    FROM (SELECT k, sum(v::int) AS n FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) x(k, v)
           GROUP BY k HAVING sum(v::int) <> 0) y
$$;

-- The statements that add the figures of `delta` (a query with figure's columns and s: +1 or -1
-- per figure) to both tables. Increments under ON CONFLICT, in key order: concurrent writers of the
-- same cells wait on the row lock and add to what the other committed (a recount would miss the
-- other's figures). Statements, not a function running them: the trigger's transition tables are
-- visible to the trigger function's own statements only.
CREATE FUNCTION availability_add_sql(delta text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[format($q$
    WITH d AS (%s),
    m AS (SELECT document_id, place_key, period_start, period_end,
                 coalesce(NOT ('IMPLAUSIBLE' = ANY (flags)), false) AS unflagged, measure_code, sum(s)::int AS n
            FROM d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(s) <> 0)
    INSERT INTO availability_place AS a (document_id, place_key, period_start, period_end, unflagged, figures, measures)
    SELECT document_id, place_key, period_start, period_end, unflagged, sum(n), jsonb_object_agg(measure_code, n)
      FROM m GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (document_id, place_key, period_start, period_end, unflagged)
    DO UPDATE SET figures = a.figures + excluded.figures,
      measures = CASE WHEN a.figures + excluded.figures = 0 THEN '{}' ELSE availability_add_counts(a.measures, excluded.measures) END
  $q$, delta), format($q$
    WITH d AS (%s)
    INSERT INTO availability_programme AS a (document_id, programme_code, kind, measure_code, period_start, period_end, unflagged, figures)
    SELECT document_id, programme_code, kind, measure_code, period_start, period_end,
           coalesce(NOT ('IMPLAUSIBLE' = ANY (flags)), false), sum(s)::int
      FROM d GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(s) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (document_id, programme_code, kind, measure_code, period_start, period_end, unflagged)
    DO UPDATE SET figures = a.figures + excluded.figures
  $q$, delta)]
$$;

CREATE FUNCTION availability_add(delta text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  statement text;
BEGIN
  FOREACH statement IN ARRAY availability_add_sql(delta) LOOP
    EXECUTE statement;
  END LOOP;
END $$;

-- Statement-level, from the transition tables: one pass per statement, however many figures it
-- writes. An UPDATE that moves no figure between cells (a corrected value) changes nothing here.
CREATE FUNCTION availability_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  statement text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM availability_place;
    DELETE FROM availability_programme;
    RETURN NULL;
  END IF;
  FOREACH statement IN ARRAY availability_add_sql(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS s FROM new_figures'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS s FROM old_figures'
    ELSE 'SELECT *, 1 AS s FROM new_figures UNION ALL SELECT *, -1 AS s FROM old_figures' END) LOOP
    EXECUTE statement;
  END LOOP;
  -- The cells left without figures (an array: the primary key's index, not a scan of the table).
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM availability_place WHERE document_id = ANY (ARRAY(SELECT DISTINCT document_id FROM old_figures)) AND figures = 0;
    DELETE FROM availability_programme WHERE document_id = ANY (ARRAY(SELECT DISTINCT document_id FROM old_figures)) AND figures = 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER figure_availability_insert AFTER INSERT ON figure REFERENCING NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION availability_after_write();
CREATE TRIGGER figure_availability_update AFTER UPDATE ON figure REFERENCING OLD TABLE AS old_figures NEW TABLE AS new_figures
  FOR EACH STATEMENT EXECUTE FUNCTION availability_after_write();
CREATE TRIGGER figure_availability_delete AFTER DELETE ON figure REFERENCING OLD TABLE AS old_figures
  FOR EACH STATEMENT EXECUTE FUNCTION availability_after_write();
CREATE TRIGGER figure_availability_truncate AFTER TRUNCATE ON figure
  FOR EACH STATEMENT EXECUTE FUNCTION availability_after_write();

-- A bulk load that skips figure's triggers (the synthetic load's replica mode) adds its documents'
-- figures with this, in the same transaction.
CREATE FUNCTION availability_add_documents(ids integer[]) RETURNS void LANGUAGE sql AS $$
  SELECT availability_add(format('SELECT *, 1 AS s FROM figure WHERE document_id = ANY(%L::int[])', ids))
$$;

-- The figures already there.
SELECT availability_add('SELECT *, 1 AS s FROM figure');
ANALYZE availability_place;
ANALYZE availability_programme;
