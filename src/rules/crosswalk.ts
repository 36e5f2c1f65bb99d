/**
 * Boundary crosswalk: how a unit of one administrative map is expressed in another.
 *
 * - Historical figures stay attached to the unit they were reported for (AS_REPORTED).
 * - Re-expressed in today's units (CURRENT), an old unit counts inside its successor: Bắc Kạn and
 *   its districts inside the 2025 Thái Nguyên, Long An inside the 2025 Tây Ninh, an unchanged
 *   province inside its 2025 self. The CURRENT tree is therefore
 *   nation > region > 2025 province > pre-2025 provinces > their districts,
 *   and a 2025 province's value for 2022 is the sum of its predecessors' values (with coverage).
 * - A 2025 unit is always read from the CURRENT tree; a pre-2025 unit from AS_REPORTED; nation and
 *   regions from whichever the request asks for.
 */
export type BoundaryName = "AS_REPORTED" | "CURRENT";

export interface UnitInfo {
  key: string;
  level: string;
  validFrom: string;
  validTo: string | null;
}

/** Resolution 202/2025/QH15 took effect on this day. */
export const MERGER_DATE = "2025-07-01";

/** Levels stored under both trees alike: the nation, the regions, and place groups (outside the tree). */
const BOTH_TREES = new Set(["NATION", "REGION", "GROUP"]);

export function isCurrentUnit(u: UnitInfo): boolean {
  return BOTH_TREES.has(u.level) || u.validTo === null;
}

/**
 * The tree that answers for a unit under the requested boundaries: a 2025 province the CURRENT
 * tree (its predecessors sum into it); every other unit, 2025 communes included (nothing sums
 * into them under CURRENT), the tree of its time.
 */
export function boundaryOf(u: UnitInfo, requested: BoundaryName): BoundaryName {
  if (BOTH_TREES.has(u.level)) return requested;
  return u.level === "PROVINCE" && u.validFrom >= MERGER_DATE ? "CURRENT" : "AS_REPORTED";
}

/**
 * The unit a row shows for a requested unit: itself, or under CURRENT its successor in today's map
 * (an old unit with a single successor; every unit of 2025 maps to exactly one).
 */
/**
 * Not across the 2025 commune crosswalk: no rollup sums old communes into a new one yet (the new
 * commune's cells hold only its own figures), so an old commune stays itself, counted in its 2025
 * province through its district.
 */
export function reexpress<U extends UnitInfo>(u: U, requested: BoundaryName, successorsOf: (key: string) => U[]): U {
  if (requested !== "CURRENT" || isCurrentUnit(u)) return u;
  const next = successorsOf(u.key).filter(
    (n) => !(u.level === "COMMUNE" && n.level === "COMMUNE" && n.validFrom >= MERGER_DATE),
  );
  // An island district became a special zone (a commune) inside its 2025 province: the province answers.
  const one =
    next.length === 1
      ? next[0]
      : next.filter((n) => n.level === "PROVINCE").length === 1
        ? next.find((n) => n.level === "PROVINCE")!
        : null;
  return one ? reexpress(one, requested, successorsOf) : u;
}
