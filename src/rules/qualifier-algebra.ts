/**
 * Qualifier arithmetic: what a sum of qualified figures means.
 *
 * Each figure v is read as an interval [lower, upper] around its stated point value:
 *   EXACT    [v, v]
 *   AT_LEAST [v, +∞)      hơn, trên, từ … trở lên
 *   AT_MOST  (-∞, v]      dưới
 *   NEARLY   (-∞, v], approximate   gần: a little under v
 *   ABOUT    (-∞, +∞), approximate  khoảng: no hard bound
 *
 * A sum adds points and bounds: lower = Σ lower (unbounded if any term is), upper likewise.
 * Its qualifier, for two terms or more:
 *   any ABOUT or NEARLY term          → ABOUT (bounds carried: whatever lower/upper survive)
 *   both bounds finite                → EXACT when they meet, else BETWEEN
 *   only the lower bound finite       → AT_LEAST
 *   only the upper bound finite       → AT_MOST
 *   neither (e.g. AT_LEAST + AT_MOST) → ABOUT, with no bound on either side
 * A sum of one term keeps that term's qualifier and bounds.
 *
 * BETWEEN [lower, upper] is never stated by a report: it is what a total over overlapping parts
 * is (a household reached by two programmes). The union of overlapping parts (`unionQualified`)
 * is at least its largest part and at most the sum of its parts:
 *   lower = the largest finite lower bound of the parts (unbounded if none has one)
 *   upper = Σ upper (unbounded if any part is)
 *   value = the largest part's value (a value that is certainly reached, given exact parts)
 * with the qualifier from the bounds as for a sum.
 *
 * The same algebra runs in SQL for the rollups: `qualifierSql` below is generated from these
 * rules, so the two cannot drift (test/query/rollup-vs-facts.test.ts compares the SQL engine with
 * the facts path, which uses `sumQualified` and `unionQualified`, on every qualifier).
 */
import { Decimal } from "decimal.js";

/** The qualifiers a report states (and an import accepts). */
export const QUALIFIERS = ["EXACT", "AT_LEAST", "AT_MOST", "ABOUT", "NEARLY"] as const;
/** Qualifiers of computed values: BETWEEN comes only from overlapping parts. */
export const CELL_QUALIFIERS = [...QUALIFIERS, "BETWEEN"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];
export type CellQualifier = (typeof CELL_QUALIFIERS)[number];

export interface Qualified {
  value: Decimal;
  qualifier: CellQualifier;
  lower: Decimal | null;
  upper: Decimal | null;
}

const HAS_LOWER: readonly Qualifier[] = ["EXACT", "AT_LEAST"];
const HAS_UPPER: readonly Qualifier[] = ["EXACT", "AT_MOST", "NEARLY"];
const APPROXIMATE: readonly Qualifier[] = ["ABOUT", "NEARLY"];

/** The interval a single stated figure denotes. */
export function qualified(value: Decimal.Value, qualifier: Qualifier): Qualified {
  const v = new Decimal(value);
  return {
    value: v,
    qualifier,
    lower: HAS_LOWER.includes(qualifier) ? v : null,
    upper: HAS_UPPER.includes(qualifier) ? v : null,
  };
}

/** The qualifier of a combination of two terms or more, from its bounds. */
export function qualifierOfBounds(
  anyApproximate: boolean,
  lower: Decimal | null,
  upper: Decimal | null,
): CellQualifier {
  if (anyApproximate) return "ABOUT";
  if (lower !== null && upper !== null) return lower.equals(upper) ? "EXACT" : "BETWEEN";
  if (lower !== null) return "AT_LEAST";
  if (upper !== null) return "AT_MOST";
  return "ABOUT";
}

const APPROXIMATE_CELL: readonly CellQualifier[] = APPROXIMATE;
const anyApproximate = (terms: readonly Qualified[]) => terms.some((t) => APPROXIMATE_CELL.includes(t.qualifier));

export function sumQualified(terms: readonly Qualified[]): Qualified {
  if (terms.length === 0) throw new Error("sum of no terms");
  if (terms.length === 1) return terms[0];
  const lowerFinite = terms.every((t) => t.lower !== null);
  const upperFinite = terms.every((t) => t.upper !== null);
  const lower = lowerFinite ? terms.reduce((s, t) => s.plus(t.lower!), new Decimal(0)) : null;
  const upper = upperFinite ? terms.reduce((s, t) => s.plus(t.upper!), new Decimal(0)) : null;
  return {
    value: terms.reduce((s, t) => s.plus(t.value), new Decimal(0)),
    lower,
    upper,
    qualifier: qualifierOfBounds(anyApproximate(terms), lower, upper),
  };
}

/** The total of overlapping parts: at least the largest, at most the sum (see the header). */
export function unionQualified(terms: readonly Qualified[]): Qualified {
  if (terms.length === 0) throw new Error("union of no terms");
  if (terms.length === 1) return terms[0];
  const lowers = terms.map((t) => t.lower).filter((l): l is Decimal => l !== null);
  const lower = lowers.length ? Decimal.max(...lowers) : null;
  const upper = terms.every((t) => t.upper !== null) ? terms.reduce((s, t) => s.plus(t.upper!), new Decimal(0)) : null;
  return {
    value: Decimal.max(...terms.map((t) => t.value)),
    lower,
    upper,
    qualifier: qualifierOfBounds(anyApproximate(terms), lower, upper),
  };
}

const list = (qs: readonly Qualifier[]) => qs.map((q) => `'${q}'`).join(", ");

/**
 * SQL for the same rules, over columns value/lower/upper/qualifier of the rows being combined.
 * `union` is a boolean SQL expression: true where the parts overlap (see `unionQualified`).
 */
export const qualifierSql = {
  lowerOf: (value: string, qualifier: string) => `CASE WHEN ${qualifier} IN (${list(HAS_LOWER)}) THEN ${value} END`,
  upperOf: (value: string, qualifier: string) => `CASE WHEN ${qualifier} IN (${list(HAS_UPPER)}) THEN ${value} END`,
  value: (value: string, union = "false") => `CASE WHEN ${union} THEN max(${value}) ELSE sum(${value}) END`,
  // Of one term, max and sum are the term itself: a plain sum needs no max (one aggregate less per row).
  lower: (lower: string, union = "false") =>
    union === "false"
      ? `CASE WHEN count(${lower}) = count(*) THEN sum(${lower}) END`
      : `CASE WHEN ${union} OR count(*) = 1 THEN max(${lower})
      WHEN count(${lower}) = count(*) THEN sum(${lower}) END`,
  upper: (upper: string) => `CASE WHEN count(${upper}) = count(*) THEN sum(${upper}) END`,
  /**
   * A sum with some groups unreported (src/rules/additivity.ts `withUnreportedGroups`): the sum
   * plus [0, ∞), so no upper bound, the lower bound Σ lower, and AT_LEAST unless approximate.
   */
  openLower: (lower: string) => `CASE WHEN count(${lower}) = count(*) THEN sum(${lower}) END`,
  openQualifier: (qualifier: string, lower: string) => `(CASE
      WHEN bool_or(${qualifier} IN (${list(APPROXIMATE)})) THEN 'ABOUT'
      WHEN (${lower}) IS NOT NULL THEN 'AT_LEAST'
      ELSE 'ABOUT' END)::"Qualifier"`,
  /** The qualifier, given the combined bounds (`lower`, `upper`: the two expressions above). */
  qualifier: (qualifier: string, lower: string, upper: string) => `(CASE
      WHEN count(*) = 1 THEN min(${qualifier})::text
      WHEN bool_or(${qualifier} IN (${list(APPROXIMATE)})) THEN 'ABOUT'
      WHEN (${lower}) IS NOT NULL AND (${upper}) IS NOT NULL THEN CASE WHEN (${lower}) = (${upper}) THEN 'EXACT' ELSE 'BETWEEN' END
      WHEN (${lower}) IS NOT NULL THEN 'AT_LEAST'
      WHEN (${upper}) IS NOT NULL THEN 'AT_MOST'
      ELSE 'ABOUT' END)::"Qualifier"`,
};
