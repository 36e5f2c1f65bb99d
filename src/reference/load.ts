import type pg from "pg";
import { buildEthnicities } from "./ethnicities.ts";
import { MEASURES } from "./measures.ts";
import { buildPlaceReference } from "./places.ts";
import { buildProgrammes } from "./programmes.ts";

type Queryable = Pick<pg.ClientBase, "query">;

/** Loads (or refreshes) every reference table. Idempotent: upserts by primary key. */
export async function loadReference(db: Queryable): Promise<void> {
  const { places, edges, successions } = buildPlaceReference();
  await upsert(db, "place", ["key", "code", "level", "name", "name_ascii", "kind", "parent_key", "valid_from", "valid_to"], ["key"],
    // parents first: the self-reference is checked row by row
    places.map((p) => [p.key, p.code, p.level, p.name, p.nameAscii, p.kind, p.parentKey, p.validFrom, p.validTo]));
  await upsert(db, "place_edge", ["boundary", "child_key", "parent_key"], ["boundary", "child_key"], edges.map((e) => [e.boundary, e.childKey, e.parentKey]));
  await upsert(db, "place_succession", ["from_key", "to_key", "effective"], ["from_key", "to_key"], successions.map((s) => [s.fromKey, s.toKey, s.effective]));
  await upsert(db, "ethnicity", ["code", "name", "name_ascii", "parent_code"], ["code"], buildEthnicities().map((e) => [e.code, e.name, e.nameAscii, e.parentCode]));
  await upsert(db, "programme", ["code", "name", "name_en", "parent_code"], ["code"], buildProgrammes().map((p) => [p.code, p.name, p.nameEn, p.parentCode]));
  await upsert(db, "measure", ["code", "name", "name_en", "unit", "aggregation", "numerator_code", "denominator_code", "min_value", "max_value", "flow",
    "adds_over_programmes", "applies_to", "occasion_of"], ["code"],
    MEASURES.map((m) => [m.code, m.name, m.nameEn, m.unit, m.aggregation, m.numeratorCode, m.denominatorCode, m.minValue, m.maxValue, m.flow,
      m.addsOverProgrammes, m.appliesTo, m.occasionOf]));
}

async function upsert(db: Queryable, table: string, columns: string[], keys: string[], rows: unknown[][]): Promise<void> {
  const batch = 500;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((v) => { params.push(v); return `$${params.length}`; }).join(", ")})`);
    const updates = columns.filter((c) => !keys.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`);
    await db.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}
       ON CONFLICT (${keys.map((k) => `"${k}"`).join(", ")}) DO ${updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"}`,
      params,
    );
  }
}
