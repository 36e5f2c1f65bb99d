import type pg from "pg";

export interface RawFigure {
  place: string;
  measure: string;
  value: string | number;
  qualifier?: string;
  ethnicity?: string;
  programme?: string;
  period?: [string, string];
  kind?: string;
  flags?: string[];
  key?: string;
}

let counter = 0;

/** Writes a document and its figures straight into the tables (for rollup/query tests that need exact control). */
export async function insertDocument(
  db: Pick<pg.Pool, "query">,
  figures: RawFigure[],
  doc: { publishedAt?: string; sourceKey?: string } = {},
): Promise<{ documentId: number; ids: string[] }> {
  const sourceKey = doc.sourceKey ?? `test/doc-${process.pid}-${++counter}`;
  const documentId = (
    await db.query(
      `INSERT INTO document (source_key, title, published_at, content_hash, imported_by) VALUES ($1, $2, $3, 'x', 'test') RETURNING id`,
      [sourceKey, `Test document ${sourceKey}`, doc.publishedAt ?? "2023-01-01"],
    )
  ).rows[0].id as number;
  const ids: string[] = [];
  for (const [i, f] of figures.entries()) {
    const [start, end] = f.period ?? ["2022-01-01", "2022-12-31"];
    const r = await db.query(
      `INSERT INTO figure (document_id, figure_key, place_key, ethnicity_code, programme_code, measure_code, period_start, period_end, kind, value, qualifier, raw_text, quote, flags)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        documentId,
        f.key ?? `f${i}`,
        f.place,
        f.ethnicity ?? "ALL",
        f.programme ?? "ALL",
        f.measure,
        start,
        end,
        f.kind ?? "ACTUAL",
        String(f.value),
        f.qualifier ?? "EXACT",
        String(f.value),
        `quote ${i}`,
        f.flags ?? [],
      ],
    );
    ids.push(String(r.rows[0].id));
  }
  return { documentId, ids };
}
