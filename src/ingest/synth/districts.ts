/**
 * Synthetic districts for the provinces whose real districts the reference data does not have, so
 * that the national dataset has a district level everywhere (about 700 units, as before the 2025
 * reform). They are linked exactly as src/reference/places.ts links real districts: parent = the
 * pre-2025 province, the same edge under AS_REPORTED and CURRENT, valid 2008-08-01..2025-06-30,
 * succeeded by the 2025 province on the merger date.
 *
 * Named "Giả lập 01", "Giả lập 02", … (giả lập = simulated), keys D-<province code>-GIA-LAP-01: a
 * reader of any answer sees at once that the unit is not real. They do not depend on the seed: every
 * synthetic run of a database shares them.
 */
import type pg from "pg";
import { MERGER_DATE } from "../../rules/crosswalk.ts";
import {
  districtKey,
  OLD_UNITS_FROM,
  OLD_UNITS_TO,
  type EdgeRow,
  type PlaceRow,
  type SuccessionRow,
} from "../../reference/places.ts";
import { toAscii } from "../../reference/text.ts";

export const SYNTHETIC_DISTRICT_NAME = "Giả lập";

/**
 * District-level units per province before the 2025 reform (urban districts, towns, cities and
 * rural districts; about 705 in 2024). Approximate figures used only to size the synthetic
 * provinces; the seed provinces (06, 20, 80, 91) agree with their real districts in the reference.
 */
export const DISTRICT_COUNTS: Readonly<Record<string, number>> = {
  "01": 30,
  "02": 11,
  "04": 10,
  "06": 8,
  "08": 7,
  "10": 9,
  "11": 10,
  "12": 8,
  "14": 12,
  "15": 9,
  "17": 10,
  "19": 9,
  "20": 11,
  "22": 13,
  "24": 10,
  "25": 13,
  "26": 9,
  "27": 8,
  "30": 12,
  "31": 15,
  "33": 10,
  "34": 8,
  "35": 6,
  "36": 10,
  "37": 8,
  "38": 26,
  "40": 21,
  "42": 13,
  "44": 8,
  "45": 10,
  "46": 9,
  "48": 8,
  "49": 18,
  "51": 13,
  "52": 11,
  "54": 9,
  "56": 9,
  "58": 7,
  "60": 10,
  "62": 10,
  "64": 17,
  "66": 15,
  "67": 8,
  "68": 12,
  "70": 11,
  "72": 9,
  "74": 9,
  "75": 11,
  "77": 8,
  "79": 22,
  "80": 15,
  "82": 11,
  "83": 9,
  "84": 9,
  "86": 8,
  "87": 12,
  "89": 11,
  "91": 15,
  "92": 9,
  "93": 8,
  "94": 11,
  "95": 7,
  "96": 9,
};
/** For a province missing from the table (never, with the shipped reference). */
const DEFAULT_COUNT = 10;

export interface ProvinceForDistricts {
  /** Official code, "02". */
  code: string;
  /** "P-02-2008". */
  key: string;
  /** "P-02-2025": the 2025 province it went into. */
  successorKey: string;
  /** Whether the reference already has (real) districts for it. */
  hasDistricts: boolean;
}

export interface SyntheticDistricts {
  places: PlaceRow[];
  edges: EdgeRow[];
  successions: SuccessionRow[];
}

export function syntheticDistrictName(n: number): string {
  return `${SYNTHETIC_DISTRICT_NAME} ${String(n).padStart(2, "0")}`;
}

export function isSyntheticDistrict(name: string): boolean {
  return name.startsWith(`${SYNTHETIC_DISTRICT_NAME} `);
}

/** The synthetic districts of every pre-2025 province without districts. Pure. */
export function buildSyntheticDistricts(provinces: readonly ProvinceForDistricts[]): SyntheticDistricts {
  const out: SyntheticDistricts = { places: [], edges: [], successions: [] };
  for (const p of provinces) {
    if (p.hasDistricts) continue;
    const count = DISTRICT_COUNTS[p.code] ?? DEFAULT_COUNT;
    for (let n = 1; n <= count; n++) {
      const name = syntheticDistrictName(n);
      const key = districtKey(p.code, name);
      out.places.push({
        key,
        code: key.slice(2),
        level: "DISTRICT",
        name,
        nameAscii: toAscii(name),
        kind: "district",
        parentKey: p.key,
        validFrom: OLD_UNITS_FROM,
        validTo: OLD_UNITS_TO,
      });
      out.edges.push(
        { boundary: "AS_REPORTED", childKey: key, parentKey: p.key },
        { boundary: "CURRENT", childKey: key, parentKey: p.key },
      );
      out.successions.push({ fromKey: key, toKey: p.successorKey, effective: MERGER_DATE });
    }
  }
  return out;
}

type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Inserts the synthetic districts the database lacks (ON CONFLICT DO NOTHING: idempotent) and
 * returns how many places were created. A province counts as having districts when any district
 * other than a synthetic one hangs under it.
 */
export async function ensureSyntheticDistricts(db: Queryable): Promise<number> {
  const provinces = (
    await db.query<{ code: string; key: string; successor_key: string | null; real: boolean }>(
      `SELECT p.code, p.key, s.to_key AS successor_key,
            EXISTS (SELECT 1 FROM place d WHERE d.parent_key = p.key AND d.level = 'DISTRICT' AND d.name NOT LIKE $1) AS real
       FROM place p LEFT JOIN place_succession s ON s.from_key = p.key
      WHERE p.level = 'PROVINCE' AND p.valid_to = $2::date
      ORDER BY p.key`,
      [`${SYNTHETIC_DISTRICT_NAME} %`, OLD_UNITS_TO],
    )
  ).rows;
  if (!provinces.length)
    throw new Error("no pre-2025 provinces in the place table: load the reference data first (npm run migrate)");
  const orphan = provinces.find((p) => !p.successor_key);
  if (orphan)
    throw new Error(
      `province ${orphan.key} has no 2025 successor in place_succession: reload the reference data (npm run migrate)`,
    );
  const built = buildSyntheticDistricts(
    provinces.map((p) => ({ code: p.code, key: p.key, successorKey: p.successor_key!, hasDistricts: p.real })),
  );
  if (!built.places.length) return 0;
  const created = await db.query(
    `INSERT INTO place (key, code, level, name, name_ascii, kind, parent_key, valid_from, valid_to)
     SELECT k, c, 'DISTRICT', n, a, 'district', pk, $6::date, $7::date
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, c, n, a, pk)
     ON CONFLICT DO NOTHING`,
    [
      built.places.map((p) => p.key),
      built.places.map((p) => p.code),
      built.places.map((p) => p.name),
      built.places.map((p) => p.nameAscii),
      built.places.map((p) => p.parentKey),
      OLD_UNITS_FROM,
      OLD_UNITS_TO,
    ],
  );
  await db.query(
    `INSERT INTO place_edge (boundary, child_key, parent_key)
     SELECT b::"Boundary", c, p FROM unnest($1::text[], $2::text[], $3::text[]) AS u(b, c, p)
     ON CONFLICT DO NOTHING`,
    [built.edges.map((e) => e.boundary), built.edges.map((e) => e.childKey), built.edges.map((e) => e.parentKey)],
  );
  await db.query(
    `INSERT INTO place_succession (from_key, to_key, effective)
     SELECT f, t, e::date FROM unnest($1::text[], $2::text[], $3::text[]) AS u(f, t, e)
     ON CONFLICT DO NOTHING`,
    [
      built.successions.map((s) => s.fromKey),
      built.successions.map((s) => s.toKey),
      built.successions.map((s) => s.effective),
    ],
  );
  return created.rowCount ?? 0;
}
