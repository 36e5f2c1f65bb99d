/**
 * Ratios at every level are ratios of sums: Σ numerator / Σ denominator, never an average of the
 * lower levels' ratios. Poverty rate, per household, per capita and plan attainment all go through
 * here. Bounds follow from the operands' bounds (all quantities are non-negative).
 */
import { Decimal } from "decimal.js";
import { qualifierOfBounds, type CellQualifier, type Qualified } from "./qualifier-algebra.ts";

export interface Ratio {
  value: Decimal;
  lower: Decimal | null;
  upper: Decimal | null;
  /** From the bounds, as for a sum: approximate operands make an approximate ratio. */
  qualifier: CellQualifier;
}

/** numerator / denominator × scale (100 for a percentage); null when either side is missing or 0. */
export function ratioOfSums(
  numerator: Qualified | null,
  denominator: Qualified | null,
  scale: Decimal.Value = 1,
): Ratio | null {
  if (!numerator || !denominator || denominator.value.isZero()) return null;
  const k = new Decimal(scale);
  const div = (a: Decimal | null, b: Decimal | null) =>
    a === null || b === null || b.isZero() ? null : a.div(b).times(k);
  const lower = div(numerator.lower, denominator.upper);
  const upper = div(numerator.upper, denominator.lower);
  const approximate = [numerator.qualifier, denominator.qualifier].some((q) => q === "ABOUT" || q === "NEARLY");
  return {
    value: numerator.value.div(denominator.value).times(k),
    lower,
    upper,
    qualifier: qualifierOfBounds(approximate, lower, upper),
  };
}
