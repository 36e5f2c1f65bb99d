import type pg from "pg";
import { uniqueSlices, type Slice } from "./slices.ts";

/**
 * Marks slices stale, inside the caller's transaction (the import's), so readers know at once. The
 * changed places accumulate until a refresh takes them; a mark without places makes the slice whole.
 */
export async function markDirty(db: Pick<pg.ClientBase, "query">, slices: Slice[]): Promise<void> {
  const u = uniqueSlices(slices);
  if (!u.length) return;
  await db.query(
    `INSERT INTO rollup_dirty (measure_code, kind, period_start, period_end, places)
     SELECT s.m, s.k, s.ps, s.pe, CASE WHEN s.p = '' THEN NULL ELSE string_to_array(s.p, chr(31)) END
       FROM unnest($1::text[], $2::"FigureKind"[], $3::date[], $4::date[], $5::text[]) s(m, k, ps, pe, p)
     ON CONFLICT (measure_code, kind, period_start, period_end) DO UPDATE SET since = now(),
       places = CASE WHEN rollup_dirty.places IS NULL OR EXCLUDED.places IS NULL THEN NULL
                     ELSE ARRAY(SELECT DISTINCT unnest(rollup_dirty.places || EXCLUDED.places) ORDER BY 1) END`,
    [
      u.map((s) => s.measureCode),
      u.map((s) => s.kind),
      u.map((s) => s.periodStart),
      u.map((s) => s.periodEnd),
      u.map((s) => (s.places?.length ? s.places.join("\u001f") : "")),
    ],
  );
}
