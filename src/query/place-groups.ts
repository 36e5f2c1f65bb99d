import type pg from "pg";
import { groupPlace, memberProblem } from "../reference/place-groups.ts";
import { resolvePlaceRef, type PlaceIndex } from "../reference/place-ref.ts";
import { badInput, notFound } from "./errors.ts";

type Db = Pick<pg.Pool, "query" | "connect">;

export interface PlaceGroupRecord {
  code: string;
  name: string;
  description: string | null;
  source: string;
  official: boolean;
  validFrom: string;
  validTo: string | null;
  createdBy: string;
}

const GROUP_COLUMNS = `code, name, description, source, official, valid_from::text AS "validFrom", valid_to::text AS "validTo", created_by AS "createdBy"`;

export async function listPlaceGroups(db: Pick<pg.Pool, "query">, asOf?: string | null): Promise<PlaceGroupRecord[]> {
  const r = await db.query<PlaceGroupRecord>(
    `SELECT ${GROUP_COLUMNS} FROM place_group
      WHERE $1::date IS NULL OR (valid_from <= $1::date AND (valid_to IS NULL OR valid_to >= $1::date))
      ORDER BY official DESC, code`,
    [asOf ?? null],
  );
  return r.rows;
}

export async function getPlaceGroup(db: Pick<pg.Pool, "query">, code: string): Promise<PlaceGroupRecord> {
  const r = await db.query<PlaceGroupRecord>(`SELECT ${GROUP_COLUMNS} FROM place_group WHERE upper(code) = upper($1)`, [
    code.trim(),
  ]);
  if (!r.rows[0]) throw notFound(`no place group "${code}"`, { code });
  return r.rows[0];
}

/** Member keys of a group, or null when no group has that code (analytics' `group` selector). */
export async function placeGroupMembers(db: Pick<pg.Pool, "query">, code: string): Promise<string[] | null> {
  const r = await db.query<{ member: string | null }>(
    `SELECT m.place_key AS member FROM place_group g LEFT JOIN place_group_member m ON m.group_code = g.code
      WHERE upper(g.code) = upper($1) ORDER BY m.place_key`,
    [code.trim()],
  );
  return r.rows.length ? r.rows.flatMap((x) => (x.member ? [x.member] : [])) : null;
}

/** Member keys of a group, optionally only those inside a unit (a province's poor districts). */
export async function placeGroupMemberKeys(db: Pick<pg.Pool, "query">, code: string): Promise<string[]> {
  const r = await db.query<{ place_key: string }>(
    `SELECT place_key FROM place_group_member WHERE group_code = $1 ORDER BY place_key`,
    [code],
  );
  return r.rows.map((x) => x.place_key);
}

export interface NewPlaceGroup {
  code: string;
  name: string;
  description?: string | null;
  source: string;
  validFrom: string;
  validTo?: string | null;
  /** Keys, codes or names as reports write them ("Trạm Tấu", "Mù Cang Chải, Yên Bái"). */
  members: string[];
}

/**
 * Creates an editor's group: every member resolved for the group's whole validity (ambiguous or
 * unknown names refused with their candidates, a unit not valid for the whole period refused),
 * written with its audit row in one transaction.
 */
export async function createPlaceGroup(
  db: Db,
  index: PlaceIndex,
  input: NewPlaceGroup,
  actor: string,
): Promise<PlaceGroupRecord> {
  const code = input.code.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9_-]{1,63}$/.test(code))
    throw badInput(`group code "${input.code}" must be 2-64 letters, digits, "-" or "_"`, { field: "code" });
  if (!input.name.trim()) throw badInput("a group needs a name", { field: "name" });
  if (!input.source.trim())
    throw badInput("a group needs a source (the decision, the report or who defined it)", { field: "source" });
  if (input.validTo && input.validTo < input.validFrom)
    throw badInput(`validTo ${input.validTo} is before validFrom ${input.validFrom}`, { field: "validTo" });
  if (!input.members.length) throw badInput("a group needs at least one member", { field: "members" });
  const period = { start: input.validFrom, end: input.validTo ?? "9999-12-31" };
  const keys: string[] = [];
  const errors: { member: string; reason: string; candidates: string[] }[] = [];
  for (const m of input.members) {
    const found = resolvePlaceRef(index, m, period);
    if (!found.ok) {
      errors.push({ member: m, reason: found.reason, candidates: found.candidates });
      continue;
    }
    const problem = memberProblem({ validFrom: input.validFrom, validTo: input.validTo ?? null }, found.place);
    if (problem) {
      errors.push({ member: m, reason: problem, candidates: [] });
      continue;
    }
    if (!keys.includes(found.place.key)) keys.push(found.place.key);
  }
  if (errors.length)
    throw badInput(
      `${errors.length} member(s) refused: ${errors.map((e) => `"${e.member}": ${e.reason}`).join("; ")}`,
      { members: errors },
    );

  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const exists = await client.query(`SELECT 1 FROM place_group WHERE code = $1`, [code]);
    if (exists.rowCount) throw badInput(`a place group "${code}" exists already`, { field: "code" });
    await client.query(
      `INSERT INTO place_group (code, name, description, source, official, valid_from, valid_to, created_by) VALUES ($1, $2, $3, $4, false, $5, $6, $7)`,
      [
        code,
        input.name.trim(),
        input.description ?? null,
        input.source.trim(),
        input.validFrom,
        input.validTo ?? null,
        actor,
      ],
    );
    const place = groupPlace({
      code,
      name: input.name.trim(),
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
    });
    await client.query(
      `INSERT INTO place (key, code, level, name, name_ascii, parent_key, valid_from, valid_to) VALUES ($1, $2, 'GROUP', $3, $4, NULL, $5, $6)`,
      [place.key, place.code, place.name, place.nameAscii, place.validFrom, place.validTo],
    );
    await client.query(`INSERT INTO place_group_member (group_code, place_key) SELECT $1, unnest($2::text[])`, [
      code,
      keys,
    ]);
    await client.query(
      `INSERT INTO place_group_audit (group_code, action, new_value, actor) VALUES ($1, 'INSERT', $2, $3)`,
      [code, JSON.stringify({ ...input, code, members: keys }), actor],
    );
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  return getPlaceGroup(db, code);
}
