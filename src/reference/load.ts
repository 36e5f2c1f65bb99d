import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type pg from "pg";
import { buildEthnicities } from "./ethnicities.ts";
import { MEASURES } from "./measures.ts";
import { buildPlaceGroups, groupPlace } from "./place-groups.ts";
import { buildPlaceReference } from "./places.ts";
import { buildProgrammes } from "./programmes.ts";

type Queryable = Pick<pg.ClientBase, "query">;

const REFERENCE_VERSION = "reference";
const dataDir = new URL("./data/", import.meta.url);
/** The modules that turn the data files into rows: a change to them changes the rows too. */
const BUILDERS = ["places.ts", "place-groups.ts", "load.ts"].map((f) => new URL(`./${f}`, import.meta.url));

/**
 * A digest of everything the reference tables are built from: the data files, the modules that
 * build places and groups, and the catalogues defined in code. Cheap (no CSV is parsed).
 */
export function referenceDigest(): string {
  const h = createHash("sha256");
  for (const f of readdirSync(dataDir).sort()) h.update(f).update(readFileSync(new URL(f, dataDir)));
  for (const f of BUILDERS) h.update(readFileSync(f));
  h.update(JSON.stringify([MEASURES, buildProgrammes(), buildEthnicities()]));
  return h.digest("hex");
}

/**
 * Loads (or refreshes) every reference table. Idempotent: upserts by primary key, in one
 * statement per table (about 17,000 places). Skipped when the database already holds this
 * version of the data, unless `force`.
 */
export async function loadReference(db: Queryable, opts: { force?: boolean } = {}): Promise<{ loaded: boolean }> {
  const digest = referenceDigest();
  if (!opts.force) {
    const held = await db.query<{ digest: string }>(`SELECT digest FROM reference_version WHERE name = $1`, [
      REFERENCE_VERSION,
    ]);
    if (held.rows[0]?.digest === digest) return { loaded: false };
  }
  const { places, edges, successions } = buildPlaceReference();
  const groups = buildPlaceGroups(places);
  places.push(...groups.map(groupPlace));
  await upsert(
    db,
    "place",
    {
      key: "text",
      code: "text",
      level: `"PlaceLevel"`,
      name: "text",
      name_ascii: "text",
      kind: "text",
      parent_key: "text",
      valid_from: "date",
      valid_to: "date",
    },
    ["key"],
    places.map((p) => [p.key, p.code, p.level, p.name, p.nameAscii, p.kind, p.parentKey, p.validFrom, p.validTo]),
  );
  await upsert(
    db,
    "place_edge",
    { boundary: `"Boundary"`, child_key: "text", parent_key: "text" },
    ["boundary", "child_key"],
    edges.map((e) => [e.boundary, e.childKey, e.parentKey]),
  );
  await upsert(
    db,
    "place_succession",
    { from_key: "text", to_key: "text", effective: "date", share: "text" },
    ["from_key", "to_key"],
    successions.map((s) => [s.fromKey, s.toKey, s.effective, s.share ?? "full"]),
  );
  await upsert(
    db,
    "ethnicity",
    { code: "text", name: "text", name_ascii: "text", parent_code: "text" },
    ["code"],
    buildEthnicities().map((e) => [e.code, e.name, e.nameAscii, e.parentCode]),
  );
  await upsert(
    db,
    "programme",
    { code: "text", name: "text", name_en: "text", parent_code: "text" },
    ["code"],
    buildProgrammes().map((p) => [p.code, p.name, p.nameEn, p.parentCode]),
  );
  await upsert(
    db,
    "measure",
    {
      code: "text",
      name: "text",
      name_en: "text",
      unit: "text",
      aggregation: `"Aggregation"`,
      numerator_code: "text",
      denominator_code: "text",
      min_value: "numeric",
      max_value: "numeric",
      flow: "boolean",
      adds_over_programmes: "boolean",
      applies_to: "text[]",
      occasion_of: "text",
    },
    ["code"],
    MEASURES.map((m) => [
      m.code,
      m.name,
      m.nameEn,
      m.unit,
      m.aggregation,
      m.numeratorCode,
      m.denominatorCode,
      m.minValue,
      m.maxValue,
      m.flow,
      m.addsOverProgrammes,
      m.appliesTo && arrayLiteral(m.appliesTo),
      m.occasionOf,
    ]),
  );
  await upsert(
    db,
    "place_group",
    {
      code: "text",
      name: "text",
      description: "text",
      source: "text",
      official: "boolean",
      valid_from: "date",
      valid_to: "date",
      created_by: "text",
    },
    ["code"],
    groups.map((g) => [g.code, g.name, g.description, g.source, true, g.validFrom, g.validTo, "reference"]),
  );
  await upsert(
    db,
    "place_group_member",
    { group_code: "text", place_key: "text" },
    ["group_code", "place_key"],
    groups.flatMap((g) => g.members.map((m) => [g.code, m])),
  );
  await db.query(
    `INSERT INTO reference_version (name, digest) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest, loaded_at = CURRENT_TIMESTAMP`,
    [REFERENCE_VERSION, digest],
  );
  return { loaded: true };
}

/** A text[] value as PostgreSQL's array literal, so it travels inside the text[] of `upsert`. */
const arrayLiteral = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/**
 * One INSERT … SELECT FROM unnest(arrays) per table: a single statement whatever the row count
 * (one NOTIFY, one round trip; a self-referencing foreign key is checked at its end).
 */
async function upsert(
  db: Queryable,
  table: string,
  columns: Record<string, string>,
  keys: string[],
  rows: unknown[][],
): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(columns);
  const arrays = names.map((_, i) => rows.map((r) => (r[i] === null || r[i] === undefined ? null : String(r[i]))));
  const updates = names.filter((c) => !keys.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`);
  const changed = names
    .filter((c) => !keys.includes(c))
    .map((c) => `"${table}"."${c}" IS DISTINCT FROM EXCLUDED."${c}"`);
  await db.query(
    `INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(", ")})
     SELECT ${names.map((c, i) => `u.c${i}::${columns[c]}`).join(", ")}
       FROM unnest(${names.map((_, i) => `$${i + 1}::text[]`).join(", ")}) AS u(${names.map((_, i) => `c${i}`).join(", ")})
     ON CONFLICT (${keys.map((k) => `"${k}"`).join(", ")}) DO ${updates.length ? `UPDATE SET ${updates.join(", ")} WHERE ${changed.join(" OR ")}` : "NOTHING"}`,
    arrays,
  );
}
