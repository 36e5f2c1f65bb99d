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

/** Why a member cannot belong to a group, or null when it can. Pure. */
export function memberProblem(group: Pick<PlaceGroupDef, "validFrom" | "validTo">, member: PlaceRef): string | null {
  const end = group.validTo ?? "9999-12-31";
  if (placeCovers(member, { start: group.validFrom, end })) return null;
  return `${describePlace(member)} is not valid for the group's whole period ${group.validFrom}..${group.validTo ?? ""}`;
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
      members: [],
    });
  }
  for (const r of readReferenceCsv("place-group-members.csv")) {
    const g = groups.get(r.group_code);
    if (!g) throw new Error(`place-group-members.csv: unknown group ${r.group_code}`);
    const found = resolvePlaceRef(
      index,
      r.name,
      { start: g.validFrom, end: g.validTo ?? "9999-12-31" },
      { within: [oldProvinceKey(r.province_code)] },
    );
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
