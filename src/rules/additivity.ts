/**
 * What adds up over what, per measure and dimension (DOMAIN.md "What adds up, and what does not").
 *
 * - Places partition their parent and ethnic groups are disjoint: every additive measure sums over
 *   them.
 * - Programmes overlap for beneficiaries: a household can get a loan, a house and a card in one
 *   year. A measure that does not add over programmes (`addsOverProgrammes` false: persons,
 *   households, occasions) combines its programme parts as a UNION: at least the largest part, at
 *   most their sum (src/rules/qualifier-algebra.ts `unionQualified`). Money and physical outputs
 *   sum.
 * - Periods: only flows add over time (src/rules/calendar-year.ts); that choice is made there.
 *
 * - Ethnic groups: a figure for some groups says nothing about the others (a figure for ethnic
 *   minorities, DTTS, is a part of the total over everyone, ALL = Kinh + DTTS, not that total). A
 *   group that did not report is unknown: at least 0, with no upper bound (`UNREPORTED_GROUP`). So a
 *   parent group built from only some of its groups is their sum plus [0, ∞): AT_LEAST the sum, never
 *   EXACT (`withUnreportedGroups`); only a figure reported for the parent, or every group, gives
 *   its total. Places and programmes keep their sum with coverage: a unit or a programme that
 *   reported nothing is read as having nothing to report (coverage says how many did).
 *
 * A non-additive measure (a rate, a reported share) never combines parts at all.
 */
import { qualified, sumQualified, unionQualified, type Qualified } from "./qualifier-algebra.ts";

export type PartsDimension = "PLACE" | "PROGRAMME" | "ETHNICITY" | "PERIOD";
export type Combination = "SUM" | "UNION";

export interface Additivity {
  addsOverProgrammes: boolean;
}

export function combinationOf(measure: Additivity, dimension: PartsDimension): Combination {
  return dimension === "PROGRAMME" && !measure.addsOverProgrammes ? "UNION" : "SUM";
}

export function combine(combination: Combination, parts: readonly Qualified[]): Qualified {
  return combination === "UNION" ? unionQualified(parts) : sumQualified(parts);
}

/** An ethnic group that reported nothing: unknown, at least 0 (see the header). */
export const UNREPORTED_GROUP: Qualified = qualified(0, "AT_LEAST");

/** Whether parts over `dimension` leave groups unreported, so the parent is open-ended (see the header). */
export function leavesGroupsUnreported(dimension: PartsDimension, covered: number, total: number): boolean {
  return dimension === "ETHNICITY" && covered < total;
}

/** The parent of `covered` of its `total` groups, combined: open-ended when some groups did not report. */
export function withUnreportedGroups(
  dimension: PartsDimension,
  combined: Qualified,
  covered: number,
  total: number,
): Qualified {
  return leavesGroupsUnreported(dimension, covered, total) ? sumQualified([combined, UNREPORTED_GROUP]) : combined;
}

/**
 * Whether a programme could report a measure that applies to `appliesTo` (null: any programme):
 * the programme is one of them, lies under one, or has one under it (a parent programme's total).
 * Coverage over programmes counts only the children that could.
 */
export function couldReport(
  appliesTo: readonly string[] | null,
  programme: string,
  parentOf: (code: string) => string | null | undefined,
): boolean {
  if (appliesTo === null) return true;
  const lineage = (code: string) => {
    const out: string[] = [];
    for (let k: string | null | undefined = code; k; k = parentOf(k)) out.push(k);
    return out;
  };
  if (lineage(programme).some((k) => appliesTo.includes(k))) return true;
  return appliesTo.some((a) => lineage(a).includes(programme));
}
