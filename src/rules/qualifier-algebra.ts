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
 *   both bounds finite                → EXACT
 *   only the lower bound finite       → AT_LEAST
 *   only the upper bound finite       → AT_MOST
 *   neither (e.g. AT_LEAST + AT_MOST) → ABOUT, with no bound on either side
 * A sum of one term keeps that term's qualifier and bounds.
 *
 * The same algebra runs in SQL for the rollups: `qualifierSql` below is generated from these
 * rules, so the two cannot drift (test/rollup checks the SQL against `sumQualified` pairwise).
 */
import { Decimal } from "decimal.js";

export const QUALIFIERS = ["EXACT", "AT_LEAST", "AT_MOST", "ABOUT", "NEARLY"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export interface Qualified {
  value: Decimal;
  qualifier: Qualifier;
  lower: Decimal | null;
  upper: Decimal | null;
}

const HAS_LOWER: readonly Qualifier[] = ["EXACT", "AT_LEAST"];
const HAS_UPPER: readonly Qualifier[] = ["EXACT", "AT_MOST", "NEARLY"];
const APPROXIMATE: readonly Qualifier[] = ["ABOUT", "NEARLY"];

/** The interval a single stated figure denotes. */
export function qualified(value: Decimal.Value, qualifier: Qualifier): Qualified {
  const v = new Decimal(value);
  return { value: v, qualifier, lower: HAS_LOWER.includes(qualifier) ? v : null, upper: HAS_UPPER.includes(qualifier) ? v : null };
}

export function qualifierOfSum(terms: number, anyApproximate: boolean, lowerFinite: boolean, upperFinite: boolean, single?: Qualifier): Qualifier {
  if (terms === 1 && single) return single;
  if (anyApproximate) return "ABOUT";
  if (lowerFinite && upperFinite) return "EXACT";
  if (lowerFinite) return "AT_LEAST";
  if (upperFinite) return "AT_MOST";
  return "ABOUT";
}

export function sumQualified(terms: readonly Qualified[]): Qualified {
  if (terms.length === 0) throw new Error("sum of no terms");
  if (terms.length === 1) return terms[0];
  const lowerFinite = terms.every((t) => t.lower !== null);
  const upperFinite = terms.every((t) => t.upper !== null);
  return {
    value: terms.reduce((s, t) => s.plus(t.value), new Decimal(0)),
    lower: lowerFinite ? terms.reduce((s, t) => s.plus(t.lower!), new Decimal(0)) : null,
    upper: upperFinite ? terms.reduce((s, t) => s.plus(t.upper!), new Decimal(0)) : null,
    qualifier: qualifierOfSum(terms.length, terms.some((t) => APPROXIMATE.includes(t.qualifier)), lowerFinite, upperFinite),
  };
}

const list = (qs: readonly Qualifier[]) => qs.map((q) => `'${q}'`).join(", ");

/** SQL for the same rules, over columns value/lower/upper/qualifier of the rows being summed. */
export const qualifierSql = {
  lowerOf: (value: string, qualifier: string) => `CASE WHEN ${qualifier} IN (${list(HAS_LOWER)}) THEN ${value} END`,
  upperOf: (value: string, qualifier: string) => `CASE WHEN ${qualifier} IN (${list(HAS_UPPER)}) THEN ${value} END`,
  sumLower: (lower: string) => `CASE WHEN count(${lower}) = count(*) THEN sum(${lower}) END`,
  sumUpper: (upper: string) => `CASE WHEN count(${upper}) = count(*) THEN sum(${upper}) END`,
  sumQualifier: (qualifier: string, lower: string, upper: string) => `(CASE
      WHEN count(*) = 1 THEN min(${qualifier}::text)
      WHEN bool_or(${qualifier}::text IN (${list(APPROXIMATE)})) THEN 'ABOUT'
      WHEN count(${lower}) = count(*) AND count(${upper}) = count(*) THEN 'EXACT'
      WHEN count(${lower}) = count(*) THEN 'AT_LEAST'
      WHEN count(${upper}) = count(*) THEN 'AT_MOST'
      ELSE 'ABOUT' END)::"Qualifier"`,
};
