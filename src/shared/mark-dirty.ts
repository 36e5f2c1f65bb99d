import type pg from "pg";
import { NARROWING, uniqueSlices, type Slice } from "./slices.ts";

/**
 * Marks slices stale, inside the caller's transaction (the import's), so readers know at once. The
 * changed places, ethnicities and programmes accumulate until a refresh takes them; a mark without
 * places makes the slice whole, one without ethnicities (programmes) takes all of them.
 */
export async function markDirty(db: Pick<pg.ClientBase, "query">, slices: Slice[]): Promise<void> {
  const u = uniqueSlices(slices);
  if (!u.length) return;
  // Each list travels as one text (codes joined by chr(31), '' for none): arrays of arrays cannot be unnested by row.
  const columns = NARROWING.map((c) => `CASE WHEN s.${c} = '' THEN NULL ELSE string_to_array(s.${c}, chr(31)) END`);
  const merged = NARROWING.map(
    (c) => `${c} = CASE WHEN rollup_dirty.${c} IS NULL OR EXCLUDED.${c} IS NULL THEN NULL
                     ELSE ARRAY(SELECT DISTINCT unnest(rollup_dirty.${c} || EXCLUDED.${c}) ORDER BY 1) END`,
  );
  await db.query(
    `INSERT INTO rollup_dirty (measure_code, kind, period_start, period_end, ${NARROWING.join(", ")})
     SELECT s.m, s.k, s.ps, s.pe, ${columns.join(", ")}
       FROM unnest($1::text[], $2::"FigureKind"[], $3::date[], $4::date[], $5::text[], $6::text[], $7::text[])
            s(m, k, ps, pe, ${NARROWING.join(", ")})
     ON CONFLICT (measure_code, kind, period_start, period_end) DO UPDATE SET since = now(), ${merged.join(", ")}`,
    [
      u.map((s) => s.measureCode),
      u.map((s) => s.kind),
      u.map((s) => s.periodStart),
      u.map((s) => s.periodEnd),
      ...NARROWING.map((c) => u.map((s) => (s[c]?.length ? s[c].join("\u001f") : ""))),
    ],
  );
}
