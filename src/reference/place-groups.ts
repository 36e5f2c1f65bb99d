/**
 * Place groups: named sets of units ("huyện nghèo" of Decision 353/QĐ-TTg, an editor's group of
 * two districts). A group has its own validity and source; every member must be a unit valid
 * during the whole of it. Groups overlap and are never edges of the place tree, so nothing is
 * ever added into a parent's total through a group.
 */
import { readReferenceCsv } from "./csv.ts";
import {
  ancestors,
  buildPlaceIndex,
  describePlace,
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
