/**
 * Place groups: named sets of units ("huyện nghèo" of Decision 353/QĐ-TTg, an editor's group of
 * two districts). A group has its own validity and source; every member must be a unit valid
 * during the whole of it. Groups overlap and are never edges of the place tree, so nothing is
 * ever added into a parent's total through a group.
 */
import type pg from "pg";
import { readReferenceCsv } from "./csv.ts";
import {
  ancestors,
  coversWithContinuations,
  buildPlaceIndex,
  describePlace,
  isRealDate,
  placeCovers,
  resolvePlaceRef,
  type PlaceIndex,
  type PlaceRef,
} from "./place-ref.ts";
import { groupPlaceKey, oldProvinceKey, type PlaceRow } from "./places.ts";
import { toAscii } from "./text.ts";

export interface PlaceGroupDef {
  code: string;
  name: string;
  description: string | null;
  source: string;
  validFrom: string;
  validTo: string | null;
  /**
   * The day an official list was issued ("2022-03-15" for Decision 353): its members are the units
   * of that day, some merged before the group's period ended. Null for a group whose members cover it all.
   */
  listedOn?: string | null;
  /** How many members the official list has (74 for Decision 353's poor districts); null for an editor's group. */
  officialCount?: number | null;
  /** Place keys. */
  members: string[];
  /**
   * The unit the group lies in ("the poor districts of Hà Giang"); with it, `members` may be empty:
   * the report names the group without listing it. Null for a group that spans provinces.
   */
  withinKey?: string | null;
}

/** The place a group's own figures are reported for: no parent, no edges, so never summed into anything. */
export function groupPlace(g: Pick<PlaceGroupDef, "code" | "name" | "validFrom" | "validTo">): PlaceRow {
  return {
    key: groupPlaceKey(g.code),
    code: g.code,
    level: "GROUP",
    name: g.name,
    nameAscii: toAscii(g.name),
    kind: null,
    parentKey: null,
    validFrom: g.validFrom,
    validTo: g.validTo,
  };
}

/**
 * Why a member cannot belong to a group, or null when it can: it must be valid for the group's whole
 * period, or, for an official list, on the day the list was issued. Pure.
 */
export function memberProblem(
  group: Pick<PlaceGroupDef, "validFrom" | "validTo" | "listedOn">,
  member: PlaceRef,
): string | null {
  const range = memberRange(group);
  if (placeCovers(member, range)) return null;
  return group.listedOn
    ? `${describePlace(member)} was not valid on ${group.listedOn}, when the list was issued`
    : `${describePlace(member)} is not valid for the group's whole period ${group.validFrom}..${group.validTo ?? ""}`;
}

/** The days a member must cover: the issue day of an official list, else the group's whole period. */
export function memberRange(group: Pick<PlaceGroupDef, "validFrom" | "validTo" | "listedOn">): {
  start: string;
  end: string;
} {
  return group.listedOn
    ? { start: group.listedOn, end: group.listedOn }
    : { start: group.validFrom, end: group.validTo ?? "9999-12-31" };
}

/**
 * The official groups shipped in data/place-groups.csv, their members named as the decisions name
 * them ("Huyện Mù Cang Chải" in province 15) and resolved like any report's names.
 */
export function buildPlaceGroups(places: PlaceRow[], index: PlaceIndex = buildPlaceIndex(places)): PlaceGroupDef[] {
  const groups = new Map<string, PlaceGroupDef>();
  for (const r of readReferenceCsv("place-groups.csv")) {
    groups.set(r.code, {
      code: r.code,
      name: r.name,
      description: r.description || null,
      source: r.source,
      validFrom: r.valid_from,
      validTo: r.valid_to || null,
      listedOn: r.listed_on || null,
      officialCount: r.official_count ? Number(r.official_count) : null,
      members: [],
    });
  }
  for (const g of groups.values()) {
    if (g.listedOn && !(g.validFrom <= g.listedOn && (g.validTo === null || g.listedOn <= g.validTo)))
      throw new Error(`group ${g.code}: listed on ${g.listedOn}, outside its period`);
  }
  for (const r of readReferenceCsv("place-group-members.csv")) {
    const g = groups.get(r.group_code);
    if (!g) throw new Error(`place-group-members.csv: unknown group ${r.group_code}`);
    const found = resolvePlaceRef(index, r.name, memberRange(g), { within: [oldProvinceKey(r.province_code)] });
    if (!found.ok) throw new Error(`group ${g.code}: "${r.name}" (province ${r.province_code}): ${found.reason}`);
    if (!ancestors(index, found.place).some((a) => a.key === oldProvinceKey(r.province_code))) {
      throw new Error(
        `group ${g.code}: "${r.name}" resolved to ${describePlace(found.place)}, outside province ${r.province_code}`,
      );
    }
    const problem = memberProblem(g, found.place);
    if (problem) throw new Error(`group ${g.code}: ${problem}`);
    g.members.push(found.place.key);
  }
  return [...groups.values()];
}

/** A group as an editor or an import document defines it: members and scope as reports write them. */
export interface PlaceGroupInputDef {
  code: string;
  name: string;
  description?: string | null;
  source: string;
  validFrom: string;
  validTo?: string | null;
  /** Keys, codes or names ("Trạm Tấu", "Mù Cang Chải, Yên Bái"); may be empty with `within`. */
  members?: string[] | null;
  /** The unit the group lies in (key, code or name), when the group is one unit's ("7 huyện nghèo" of Hà Giang). */
  within?: string | null;
}

export interface PlaceGroupProblem {
  field: string;
  /** The member as written, for a member's problem. */
  member?: string;
  reason: string;
  candidates?: string[];
}

export type PlaceGroupCheck = { ok: true; group: PlaceGroupDef } | { ok: false; problems: PlaceGroupProblem[] };

const GROUP_CODE = /^[A-Z0-9][A-Z0-9_-]{1,63}$/;

/**
 * Checks a group definition against the units (pure): a valid code, name, source and validity; every
 * member one unit valid for the group's whole period and inside `within` when given; a scope that is
 * a unit valid then. A group lists its members, or names the unit it lies in when the report does not.
 */
export function checkPlaceGroup(index: PlaceIndex, input: PlaceGroupInputDef): PlaceGroupCheck {
  const problems: PlaceGroupProblem[] = [];
  const code = String(input.code ?? "")
    .trim()
    .toUpperCase();
  const name = String(input.name ?? "").trim();
  const source = String(input.source ?? "").trim();
  const validTo = input.validTo ?? null;
  if (!GROUP_CODE.test(code))
    problems.push({ field: "code", reason: `group code "${input.code}" must be 2-64 letters, digits, "-" or "_"` });
  if (!name) problems.push({ field: "name", reason: "a group needs a name" });
  if (!source)
    problems.push({ field: "source", reason: "a group needs a source (the decision, the report or who defined it)" });
  const datesOk = isDate(input.validFrom) && (validTo === null || isDate(validTo));
  if (!datesOk) problems.push({ field: "validFrom", reason: `validFrom/validTo must be dates (YYYY-MM-DD)` });
  else if (validTo !== null && validTo < input.validFrom)
    problems.push({ field: "validTo", reason: `validTo ${validTo} is before validFrom ${input.validFrom}` });
  if (!datesOk || problems.some((p) => p.field === "validTo")) return { ok: false, problems };

  const period = { start: input.validFrom, end: validTo ?? "9999-12-31" };
  let within: PlaceRef | null = null;
  if (input.within?.trim()) {
    const found = resolvePlaceRef(index, input.within, period);
    if (!found.ok) problems.push({ field: "within", reason: found.reason, candidates: found.candidates });
    else if (found.place.level === "GROUP")
      problems.push({ field: "within", reason: `${describePlace(found.place)} is a group, not a unit` });
    else if (!coversWithContinuations(index, found.place, period))
      problems.push({ field: "within", reason: memberProblem({ validFrom: input.validFrom, validTo }, found.place)! });
    else within = found.place;
  }
  const members = input.members ?? [];
  if (!members.length && !input.within?.trim())
    problems.push({
      field: "within",
      reason: "a group needs its members, or the unit it lies in (`within`) when the report does not list them",
    });
  const keys: string[] = [];
  for (const m of members) {
    const found = resolvePlaceRef(index, m, period, within ? { within: [within.key] } : {});
    if (!found.ok) {
      problems.push({ field: "members", member: m, reason: found.reason, candidates: found.candidates });
      continue;
    }
    const problem = memberProblem({ validFrom: input.validFrom, validTo }, found.place);
    if (problem) problems.push({ field: "members", member: m, reason: problem });
    else if (within && !ancestors(index, found.place).some((a) => a.key === within.key))
      problems.push({
        field: "members",
        member: m,
        reason: `${describePlace(found.place)} is not inside ${within.name}`,
      });
    else if (!keys.includes(found.place.key)) keys.push(found.place.key);
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    group: {
      code,
      name,
      description: input.description?.trim() || null,
      source,
      validFrom: input.validFrom,
      validTo,
      members: keys,
      withinKey: within?.key ?? null,
    },
  };
}

/** Whether two definitions of one code say the same (a re-import may repeat its group). */
export function sameGroup(a: PlaceGroupDef, b: PlaceGroupDef): boolean {
  return (
    a.code === b.code &&
    a.name === b.name &&
    a.validFrom === b.validFrom &&
    a.validTo === b.validTo &&
    (a.withinKey ?? null) === (b.withinKey ?? null) &&
    [...a.members].sort().join() === [...b.members].sort().join()
  );
}

/**
 * Writes a new group (its row, its GROUP place, its members, its audit row) inside the caller's
 * transaction. False when a group with the code exists already (nothing written).
 */
export async function insertPlaceGroup(
  client: Pick<pg.PoolClient, "query">,
  group: PlaceGroupDef,
  actor: string,
  audited: unknown = group,
): Promise<boolean> {
  const inserted = await client.query(
    `INSERT INTO place_group (code, name, description, source, official, valid_from, valid_to, created_by, within_key)
     VALUES ($1, $2, $3, $4, false, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING`,
    [
      group.code,
      group.name,
      group.description,
      group.source,
      group.validFrom,
      group.validTo,
      actor,
      group.withinKey ?? null,
    ],
  );
  if (!inserted.rowCount) return false;
  const place = groupPlace(group);
  await client.query(
    `INSERT INTO place (key, code, level, name, name_ascii, parent_key, valid_from, valid_to) VALUES ($1, $2, 'GROUP', $3, $4, NULL, $5, $6)`,
    [place.key, place.code, place.name, place.nameAscii, place.validFrom, place.validTo],
  );
  await client.query(`INSERT INTO place_group_member (group_code, place_key) SELECT $1, unnest($2::text[])`, [
    group.code,
    group.members,
  ]);
  await client.query(
    `INSERT INTO place_group_audit (group_code, action, new_value, actor) VALUES ($1, 'INSERT', $2, $3)`,
    [group.code, JSON.stringify(audited), actor],
  );
  return true;
}

function isDate(s: unknown): s is string {
  return typeof s === "string" && isRealDate(s);
}
