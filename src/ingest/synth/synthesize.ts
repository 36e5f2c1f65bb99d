import type pg from "pg";

export interface SynthOptions {
  facts: number;
  /** Same seed, same figures. */
  seed?: number;
  sourceKey?: string;
}

/**
 * Deterministic synthetic figures for benchmarks, generated inside the database (INSERT … SELECT
 * over generate_series, hashing the row number with the seed): leaf places (the districts loaded, and
 * provinces without districts), ethnic groups or ALL, leaf programmes, additive measures, years
 * 2016-2025, actuals and plans, every qualifier, 0.5 % flagged.
 */
export async function synthesize(db: Pick<pg.Pool, "query">, opts: SynthOptions): Promise<{ documentId: number; inserted: number }> {
  const seed = opts.seed ?? 42;
  const sourceKey = opts.sourceKey ?? `synthetic/seed-${seed}-${opts.facts}`;
  await db.query("DELETE FROM document WHERE source_key = $1", [sourceKey]);
  const documentId = (await db.query(
    `INSERT INTO document (source_key, title, publisher, published_at, content_hash, imported_by)
     VALUES ($1, 'Synthetic national dataset', 'synth', '2025-01-01', md5($1), 'synth') RETURNING id`, [sourceKey])).rows[0].id as number;
  const r = await db.query(
    `WITH p AS (SELECT array_agg(key ORDER BY key) AS k FROM place
                 WHERE level = 'DISTRICT' OR (level = 'PROVINCE' AND valid_to IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM place d WHERE d.parent_key = place.key))),
          e AS (SELECT array_agg(code ORDER BY code) AS k FROM ethnicity WHERE code <> 'DTTS'),
          g AS (SELECT array_agg(code ORDER BY code) AS k FROM programme pr WHERE NOT EXISTS (SELECT 1 FROM programme c WHERE c.parent_code = pr.code)),
          m AS (SELECT array_agg(code ORDER BY code) AS k FROM measure WHERE aggregation = 'SUM'),
          q AS (SELECT ARRAY['EXACT','EXACT','EXACT','EXACT','EXACT','AT_LEAST','ABOUT','NEARLY','AT_MOST','EXACT']::"Qualifier"[] AS k),
          s AS (SELECT i, abs(hashint8(i::bigint * 1000003 + $3)) AS h FROM generate_series(1, $2::int) i)
     INSERT INTO figure (document_id, figure_key, place_key, ethnicity_code, programme_code, measure_code, period_start, period_end,
                         kind, value, qualifier, raw_text, quote, flags)
     SELECT $1, 'syn-' || s.i,
            p.k[1 + s.h % cardinality(p.k)],
            CASE WHEN (s.h / 7) % 3 = 0 THEN 'ALL' ELSE e.k[1 + (s.h / 11) % cardinality(e.k)] END,
            g.k[1 + (s.h / 13) % cardinality(g.k)],
            m.k[1 + (s.h / 17) % cardinality(m.k)],
            make_date(2016 + ((s.h / 19) % 10)::int, 1, 1), make_date(2016 + ((s.h / 19) % 10)::int, 12, 31),
            CASE WHEN (s.h / 23) % 5 = 0 THEN 'PLAN' ELSE 'ACTUAL' END::"FigureKind",
            ((s.h / 29) % 100000)::numeric, q.k[1 + (s.h / 31) % 10], ((s.h / 29) % 100000)::text, 'synthetic',
            CASE WHEN (s.h / 37) % 200 = 0 THEN ARRAY['IMPLAUSIBLE'] ELSE ARRAY[]::text[] END
       FROM s, p, e, g, m, q`,
    [documentId, opts.facts, seed],
  );
  return { documentId, inserted: r.rowCount ?? 0 };
}
