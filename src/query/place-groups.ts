import type pg from "pg";
import { checkPlaceGroup, insertPlaceGroup, type PlaceGroupInputDef } from "../reference/place-groups.ts";
import type { PlaceIndex } from "../reference/place-ref.ts";
import { inTransaction } from "../shared/transaction.ts";
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
  /** The unit the group lies in, when it is one unit's. */
  withinKey: string | null;
}

const GROUP_COLUMNS = `code, name, description, source, official, valid_from::text AS "validFrom", valid_to::text AS "validTo", created_by AS "createdBy", within_key AS "withinKey"`;

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

export type NewPlaceGroup = PlaceGroupInputDef;

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
  const checked = checkPlaceGroup(index, input);
  if (!checked.ok) {
    const members = checked.problems.filter((p) => p.member !== undefined);
    const first = checked.problems[0];
    if (members.length !== checked.problems.length) throw badInput(first.reason, { field: first.field });
    throw badInput(
      `${members.length} member(s) refused: ${members.map((e) => `"${e.member}": ${e.reason}`).join("; ")}`,
      { members: members.map((e) => ({ member: e.member, reason: e.reason, candidates: e.candidates ?? [] })) },
    );
  }
  const group = checked.group;
  const client = await db.connect();
  try {
    await inTransaction(client, async () => {
      if (!(await insertPlaceGroup(client, group, actor, { ...input, code: group.code, members: group.members })))
        throw badInput(`a place group "${group.code}" exists already`, { field: "code" });
    });
  } finally {
    client.release();
  }
  return getPlaceGroup(db, group.code);
}
