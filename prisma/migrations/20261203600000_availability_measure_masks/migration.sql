-- dataAvailability lists the measures of each row it answers. Read from availability_place, a row
-- rolled up from many cells (every province over all periods: about 100,000 cells) took the union
-- of their count maps' keys, some 450,000 keys expanded and hashed. Each cell now also holds its
-- measures as a bit string: the union is a bit_or of the cells' strings, decoded into codes for
-- the few rows answered (src/query/availability.ts).
--
-- availability_measure_bit numbers the measure codes the cells have held, in the order they came;
-- a number is never reused or changed. A cell's measure_mask has bit `bit` (from the left) set for
-- each code of its count map, and is 64 bits for every 64 codes numbered when it was written;
-- strings written before more codes were numbered are shorter, and a read pads them with zeros.
CREATE SEQUENCE "availability_measure_bit_bit_seq" MINVALUE 0 START WITH 0;
CREATE TABLE "availability_measure_bit" (
  "code" text NOT NULL,
  "bit" integer NOT NULL DEFAULT nextval('availability_measure_bit_bit_seq'),
  CONSTRAINT "availability_measure_bit_pkey" PRIMARY KEY ("code"),
  CONSTRAINT "availability_measure_bit_bit_key" UNIQUE ("bit")
);
ALTER SEQUENCE "availability_measure_bit_bit_seq" OWNED BY "availability_measure_bit"."bit";

ALTER TABLE "availability_place" ADD COLUMN "measure_mask" bit varying NOT NULL DEFAULT B'';

-- The bit string of a count map's codes (every code numbered already).
CREATE FUNCTION availability_measure_mask(measures jsonb) RETURNS bit varying LANGUAGE sql STABLE AS $$
  SELECT coalesce(bit_or(rpad(lpad('1', b.bit + 1, '0'), l.n, '0')::bit varying), B'')
    FROM jsonb_object_keys(measures) k
    JOIN availability_measure_bit b ON b.code = k,
         (SELECT 64 * (max(bit) / 64 + 1) AS n FROM availability_measure_bit) l
$$;

-- As in 20261202020000_availability_cells, with the codes numbered first (only those not yet
-- numbered, so that the sequence gives no number to a code already there) and the cells' strings
-- written with their count maps.
CREATE OR REPLACE FUNCTION availability_add_sql(delta text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[format($q$
    WITH d AS (%s)
    INSERT INTO availability_measure_bit (code)
    SELECT DISTINCT measure_code FROM d
     WHERE s > 0 AND NOT EXISTS (SELECT FROM availability_measure_bit b WHERE b.code = d.measure_code)
     ORDER BY 1
    ON CONFLICT (code) DO NOTHING
  $q$, delta), format($q$
    WITH d AS (%s),
    m AS (SELECT document_id, place_key, period_start, period_end,
                 coalesce(NOT ('IMPLAUSIBLE' = ANY (flags)), false) AS unflagged, measure_code, sum(s)::int AS n
            FROM d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(s) <> 0),
    cell AS (SELECT document_id, place_key, period_start, period_end, unflagged, sum(n) AS figures,
                    jsonb_object_agg(measure_code, n) AS measures
               FROM m GROUP BY 1, 2, 3, 4, 5)
    INSERT INTO availability_place AS a (document_id, place_key, period_start, period_end, unflagged, figures, measures, measure_mask)
    SELECT document_id, place_key, period_start, period_end, unflagged, figures, measures, availability_measure_mask(measures)
      FROM cell ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (document_id, place_key, period_start, period_end, unflagged)
    DO UPDATE SET figures = a.figures + excluded.figures,
      measures = CASE WHEN a.figures + excluded.figures = 0 THEN '{}' ELSE availability_add_counts(a.measures, excluded.measures) END,
      measure_mask = CASE WHEN a.figures + excluded.figures = 0 THEN B''
                          ELSE availability_measure_mask(availability_add_counts(a.measures, excluded.measures)) END
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

-- The codes and strings of the cells already there.
INSERT INTO availability_measure_bit (code)
SELECT DISTINCT k FROM availability_place, jsonb_object_keys(measures) k ORDER BY 1;
UPDATE availability_place SET measure_mask = availability_measure_mask(measures);
ANALYZE availability_place;
