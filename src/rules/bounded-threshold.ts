/**
 * A condition on a qualified value (`having: poverty_rate > 5`), with its bounds honoured:
 * "over 68.000" (lower bound 68,000) certainly passes "> 60.000"; "nearly 5 %" (at most 5) certainly
 * fails "> 5"; an interval that lies on both sides of the threshold is UNCERTAIN: kept, and marked,
 * rather than silently decided by its point value. A value with no bounds on a side decides by its
 * point value only when its qualifier is EXACT (bounds equal to the value).
 */
import { Decimal } from "decimal.js";

export type Comparator = "gt" | "ge" | "lt" | "le" | "eq";
export type Verdict = "PASS" | "FAIL" | "UNCERTAIN";

export interface Interval {
  value: Decimal;
  /** null: unbounded below. */
  lower: Decimal | null;
  /** null: unbounded above. */
  upper: Decimal | null;
}

const holds = (op: Comparator, v: Decimal, t: Decimal): boolean =>
  op === "gt" ? v.gt(t) : op === "ge" ? v.gte(t) : op === "lt" ? v.lt(t) : op === "le" ? v.lte(t) : v.eq(t);

/** Whether every value in the interval passes, none does, or some do. */
export function checkThreshold(x: Interval, op: Comparator, threshold: Decimal.Value): Verdict {
  const t = new Decimal(threshold);
  const { lower, upper } = x;
  if (op === "eq") {
    if (lower !== null && upper !== null && lower.eq(t) && upper.eq(t)) return "PASS";
    if ((lower !== null && lower.gt(t)) || (upper !== null && upper.lt(t))) return "FAIL";
    return "UNCERTAIN";
  }
  // For gt/ge every value passes when the lowest possible does; none passes when the highest fails.
  const [best, worst] = op === "gt" || op === "ge" ? [upper, lower] : [lower, upper];
  if (worst !== null && holds(op, worst, t)) return "PASS";
  if (best !== null && !holds(op, best, t)) return "FAIL";
  return "UNCERTAIN";
}
