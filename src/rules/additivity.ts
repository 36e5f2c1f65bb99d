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
 * A non-additive measure (a rate, a reported share) never combines parts at all.
 */
import { sumQualified, unionQualified, type Qualified } from "./qualifier-algebra.ts";

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
