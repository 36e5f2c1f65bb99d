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
