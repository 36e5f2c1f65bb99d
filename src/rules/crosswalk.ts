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
import { sumQualified, type Qualified } from "./qualifier-algebra.ts";

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
 * Not across the 2025 commune crosswalk: an old commune's row stays itself, counted in its 2025
 * province through its district; the new commune answers for it with `crosswalkCell` below.
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

/** One old commune that went into a 2025 commune: whole (`full`) or a part of it (`partial`). */
export interface CrosswalkPart {
  fromKey: string;
  share: "full" | "partial";
}

/** What a cell needs for the crosswalk sum: a qualified value, how it was derived, its coverage and figures. */
export interface CrosswalkCell extends Qualified {
  derivation: "REPORTED" | "SUM_OF_PARTS" | "BOUNDED_BY_PARTS";
  partsDimension: string | null;
  covered: number;
  total: number;
  figureIds: string[] | null;
  flaggedExcluded: number;
}

/** Whether a unit is one of the 3,321 communes of 1 July 2025 (the crosswalk's targets). */
export function isNewCommune(u: Pick<UnitInfo, "level" | "validFrom">): boolean {
  return u.level === "COMMUNE" && u.validFrom >= MERGER_DATE;
}

/** A period the crosswalk re-expresses: one that began before the reform (old communes reported it). */
export function crosswalkApplies(periodStart: string): boolean {
  return periodStart < MERGER_DATE;
}

/**
 * A 2025 commune's cell under CURRENT for a period before the reform: its own cell when it has one
 * (a reported total beats its parts); else the sum of the cells of the old communes that went into it
 * whole (`full`). A `partial` old commune (split between new communes) is never added: no share of it
 * is known, and a guess would be worse than a gap; it counts among the parts (`total`) but is never
 * covered, so the row shows PARTIAL_COVERAGE, while the old commune still counts in its province.
 * `cellOf` gives an old commune's cell (as reported) or undefined. A measure that does not add over
 * places (a rate) keeps the commune's own cell only. Null when nothing is known.
 */
export function crosswalkCell<C extends CrosswalkCell>(
  own: C | undefined,
  parts: readonly CrosswalkPart[],
  cellOf: (fromKey: string) => C | undefined,
  additive: boolean,
): CrosswalkCell | null {
  if (own || !additive) return own ?? null;
  const present = parts.filter((p) => p.share === "full").flatMap((p) => cellOf(p.fromKey) ?? []);
  if (present.length === 0) return null;
  const figureIds = present.some((c) => c.figureIds === null) ? null : present.flatMap((c) => c.figureIds!);
  const sum = sumQualified(present);
  return {
    value: sum.value,
    lower: sum.lower,
    upper: sum.upper,
    qualifier: sum.qualifier,
    derivation: "SUM_OF_PARTS",
    partsDimension: "PLACE",
    covered: present.length,
    total: parts.length,
    figureIds,
    flaggedExcluded: present.reduce((n, c) => n + c.flaggedExcluded, 0),
  };
}
