import type pg from "pg";
import { uniqueSlices, type Slice } from "./slices.ts";

/** Marks slices stale, inside the caller's transaction (the import's), so readers know at once. */
export async function markDirty(db: Pick<pg.ClientBase, "query">, slices: Slice[]): Promise<void> {
  const u = uniqueSlices(slices);
  if (!u.length) return;
  await db.query(
    `INSERT INTO rollup_dirty (measure_code, kind, period_start, period_end)
     SELECT * FROM unnest($1::text[], $2::"FigureKind"[], $3::date[], $4::date[])
     ON CONFLICT (measure_code, kind, period_start, period_end) DO UPDATE SET since = now()`,
    [u.map((s) => s.measureCode), u.map((s) => s.kind), u.map((s) => s.periodStart), u.map((s) => s.periodEnd)],
  );
}

/** Whether any slice of these measures and kinds within the period range is stale. */
export async function anyDirty(db: Pick<pg.Pool, "query">, measures: string[], kinds: string[], range: { start: string; end: string } | null): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM rollup_dirty WHERE measure_code = ANY($1) AND kind::text = ANY($2)
       AND ($3::date IS NULL OR (period_start >= $3 AND period_end <= $4)) LIMIT 1`,
    [measures, kinds, range?.start ?? null, range?.end ?? null],
  );
  return r.rowCount! > 0;
}
