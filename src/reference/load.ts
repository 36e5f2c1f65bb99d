import pg from "pg";
import { buildEthnicities } from "./ethnicities.ts";
import { MEASURES } from "./measures.ts";
import { buildPlaceReference } from "./places.ts";
import { buildProgrammes } from "./programmes.ts";

type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Loads (or refreshes) every reference table, upserting by primary key. Every API process runs it at
 * start: it commits only when a row really changed, so that an unchanged reload sends no
 * `data_changed` (the tables' statement triggers fire on every statement; a rollback discards the
 * notification) and empties no other process's cache. Returns whether anything changed.
 */
export async function loadReference(target: pg.Pool | pg.ClientBase): Promise<boolean> {
  const db = target instanceof pg.Pool ? await target.connect() : target;
  try {
    await db.query("BEGIN");
    try {
      const changed = await upsertAll(db);
      await db.query(changed ? "COMMIT" : "ROLLBACK");
      return changed;
    } catch (e) {
      await db.query("ROLLBACK").catch(() => {});
      throw e;
    }
  } finally {
    if (db !== target) (db as pg.PoolClient).release();
  }
}

async function upsertAll(db: Queryable): Promise<boolean> {
  let changed = 0;
  const upsert = async (table: string, columns: string[], keys: string[], rows: unknown[][]) => {
    changed += await upsertRows(db, table, columns, keys, rows);
  };
  const { places, edges, successions } = buildPlaceReference();
  await upsert("place", ["key", "code", "level", "name", "name_ascii", "kind", "parent_key", "valid_from", "valid_to"], ["key"],
    // parents first: the self-reference is checked row by row
    places.map((p) => [p.key, p.code, p.level, p.name, p.nameAscii, p.kind, p.parentKey, p.validFrom, p.validTo]));
  await upsert("place_edge", ["boundary", "child_key", "parent_key"], ["boundary", "child_key"], edges.map((e) => [e.boundary, e.childKey, e.parentKey]));
  await upsert("place_succession", ["from_key", "to_key", "effective"], ["from_key", "to_key"], successions.map((s) => [s.fromKey, s.toKey, s.effective]));
  await upsert("ethnicity", ["code", "name", "name_ascii", "parent_code"], ["code"], buildEthnicities().map((e) => [e.code, e.name, e.nameAscii, e.parentCode]));
  await upsert("programme", ["code", "name", "name_en", "parent_code"], ["code"], buildProgrammes().map((p) => [p.code, p.name, p.nameEn, p.parentCode]));
  await upsert("measure", ["code", "name", "name_en", "unit", "aggregation", "numerator_code", "denominator_code", "min_value", "max_value", "flow"], ["code"],
    MEASURES.map((m) => [m.code, m.name, m.nameEn, m.unit, m.aggregation, m.numeratorCode, m.denominatorCode, m.minValue, m.maxValue, m.flow]));
  return changed > 0;
}

/** Inserts new rows and updates rows that differ; returns how many it wrote. */
async function upsertRows(db: Queryable, table: string, columns: string[], keys: string[], rows: unknown[][]): Promise<number> {
  const batch = 500;
  let written = 0;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((v) => { params.push(v); return `$${params.length}`; }).join(", ")})`);
    const values = columns.filter((c) => !keys.includes(c));
    const updates = values.map((c) => `"${c}" = EXCLUDED."${c}"`);
    const differs = `(${values.map((c) => `"${table}"."${c}"`).join(", ")}) IS DISTINCT FROM (${values.map((c) => `EXCLUDED."${c}"`).join(", ")})`;
    const r = await db.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}
       ON CONFLICT (${keys.map((k) => `"${k}"`).join(", ")}) DO ${updates.length ? `UPDATE SET ${updates.join(", ")} WHERE ${differs}` : "NOTHING"}`,
      params,
    );
    written += r.rowCount ?? 0;
  }
  return written;
}
