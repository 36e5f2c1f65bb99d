/**
 * Consistency of a document's figures with each other (DHIS2's validation rules, for this domain).
 * Every finding is a flag with a reason, never a refusal: reports round, restate and err, and the
 * figure is still the best record of what was said. Pure: the caller gives the trees.
 *
 * Rules (figures of one document, same ethnicity, period and kind):
 * - RATE_VS_COUNTS: a rate against its own counts in the same cell ("39.217 hộ (22,77%)" when the
 *   counts imply 28 %), beyond half a percentage point.
 * - PARTS_VS_TOTAL: exact parts over programmes that add up, against their stated exact total
 *   ("250 hộ" whose parts sum to 251).
 * - TOTAL_BELOW_PART: a stated total (a parent programme, or a parent place) smaller than one of its
 *   parts; for places this is "a district figure larger than its province's".
 * - ATTAINMENT_VS_PLAN: an attainment the report states ("đạt 103,8% kế hoạch") against actual/plan
 *   of a measure of the same cell, beyond half a percentage point.
 */
import { Decimal } from "decimal.js";
import { addTo } from "./lists.ts";

/** The flag of a figure inconsistent with others of its document: stored and counted, unlike IMPLAUSIBLE. */
export const INCONSISTENT = "INCONSISTENT";

export const CONSISTENCY_RULES = [
  "RATE_VS_COUNTS",
  "PARTS_VS_TOTAL",
  "TOTAL_BELOW_PART",
  "ATTAINMENT_VS_PLAN",
] as const;
export type ConsistencyRule = (typeof CONSISTENCY_RULES)[number];

export interface FigureToCheck {
  key: string;
  measure: {
    code: string;
    aggregation: string;
    numeratorCode: string | null;
    denominatorCode: string | null;
    addsOverProgrammes: boolean;
  };
  placeKey: string;
  ethnicityCode: string;
  programmeCode: string;
  periodStart: string;
  periodEnd: string;
  kind: string;
  value: Decimal;
  exact: boolean;
}

export interface Finding {
  key: string;
  rule: ConsistencyRule;
  reason: string;
}

export interface ConsistencyTrees {
  programmeParent(code: string): string | null | undefined;
  placeParent(key: string): string | null | undefined;
}

/** The measure a stated attainment is compared with: the plan measures reported beside it. */
export const ATTAINMENT_MEASURE = "plan_attainment";
const TOLERANCE_POINTS = new Decimal("0.5");

export function checkConsistency(figures: readonly FigureToCheck[], trees: ConsistencyTrees): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, FigureToCheck[]>();
  for (const f of figures) addTo(groups, [f.ethnicityCode, f.periodStart, f.periodEnd].join("|"), f);
  for (const group of groups.values()) {
    findings.push(...rateVsCounts(group), ...partsVsTotal(group, trees), ...attainmentVsPlan(group));
  }
  return findings;
}

const sameCell = (a: FigureToCheck, b: FigureToCheck) =>
  a.placeKey === b.placeKey && a.programmeCode === b.programmeCode && a.kind === b.kind;
const pct = (d: Decimal) => d.toDecimalPlaces(2).toFixed();

function rateVsCounts(group: FigureToCheck[]): Finding[] {
  const out: Finding[] = [];
  for (const rate of group.filter((f) => f.measure.aggregation === "RATIO")) {
    const num = group.find((f) => f.measure.code === rate.measure.numeratorCode && sameCell(f, rate) && f.exact);
    const den = group.find((f) => f.measure.code === rate.measure.denominatorCode && sameCell(f, rate) && f.exact);
    if (!num || !den || den.value.isZero()) continue;
    const implied = num.value.div(den.value).times(100);
    if (implied.minus(rate.value).abs().greaterThan(TOLERANCE_POINTS)) {
      out.push({
        key: rate.key,
        rule: "RATE_VS_COUNTS",
        reason: `${rate.measure.code} ${pct(rate.value)}% but its counts imply ${pct(implied)}% (${num.value.toFixed()} / ${den.value.toFixed()}: ${num.key}, ${den.key})`,
      });
    }
  }
  return out;
}

function partsVsTotal(group: FigureToCheck[], trees: ConsistencyTrees): Finding[] {
  const out: Finding[] = [];
  const additive = group.filter((f) => f.measure.aggregation === "SUM");
  // Each figure listed under the total it is a part of, in each tree (a lookup per total, not a scan of the group).
  const cell = (f: FigureToCheck, place: string | null | undefined, programme: string | null | undefined) =>
    [f.measure.code, f.kind, place, programme].join("|");
  const underProgramme = new Map<string, FigureToCheck[]>();
  const underPlace = new Map<string, FigureToCheck[]>();
  for (const p of additive) {
    addTo(underProgramme, cell(p, p.placeKey, trees.programmeParent(p.programmeCode)), p);
    addTo(underPlace, cell(p, trees.placeParent(p.placeKey), p.programmeCode), p);
  }
  for (const total of additive) {
    const own = cell(total, total.placeKey, total.programmeCode);
    const programmeParts = (underProgramme.get(own) ?? []).filter((p) => p !== total);
    const placeParts = (underPlace.get(own) ?? []).filter((p) => p !== total);
    for (const parts of [programmeParts, placeParts]) {
      if (parts.length === 0) continue;
      const largest = parts.reduce((a, b) => (b.value.greaterThan(a.value) ? b : a));
      if (total.exact && largest.exact && total.value.lessThan(largest.value)) {
        out.push({
          key: total.key,
          rule: "TOTAL_BELOW_PART",
          reason: `${total.measure.code} ${total.value.toFixed()} at ${total.placeKey} ${total.programmeCode} is below its part ${largest.value.toFixed()} (${largest.key})`,
        });
        continue;
      }
      const summable = parts === placeParts || total.measure.addsOverProgrammes;
      if (parts === programmeParts && summable && total.exact && parts.length > 1 && parts.every((p) => p.exact)) {
        const sum = parts.reduce((s, p) => s.plus(p.value), new Decimal(0));
        if (!sum.equals(total.value) && sum.greaterThan(total.value)) {
          out.push({
            key: total.key,
            rule: "PARTS_VS_TOTAL",
            reason: `${total.measure.code} ${total.value.toFixed()} but its parts sum to ${sum.toFixed()} (${parts.map((p) => p.key).join(", ")})`,
          });
        }
      }
    }
  }
  return out;
}

/** The figures of `kind` reported beside a stated attainment: its place and programme, another measure. */
function besideAttainment(group: FigureToCheck[], stated: FigureToCheck, kind: string): FigureToCheck[] {
  return group.filter(
    (f) =>
      f.kind === kind &&
      f.measure.code !== ATTAINMENT_MEASURE &&
      f.placeKey === stated.placeKey &&
      f.programmeCode === stated.programmeCode,
  );
}

function attainmentVsPlan(group: FigureToCheck[]): Finding[] {
  const out: Finding[] = [];
  for (const stated of group.filter((f) => f.measure.code === ATTAINMENT_MEASURE)) {
    const implied = besideAttainment(group, stated, "ACTUAL").flatMap((a) =>
      besideAttainment(group, stated, "PLAN")
        .filter((p) => p.measure.code === a.measure.code && !p.value.isZero())
        .map((p) => ({ a, p, v: a.value.div(p.value).times(100) })),
    );
    if (implied.length === 0) continue;
    if (implied.some((x) => x.v.minus(stated.value).abs().lessThanOrEqualTo(TOLERANCE_POINTS))) continue;
    const x = implied[0];
    out.push({
      key: stated.key,
      rule: "ATTAINMENT_VS_PLAN",
      reason: `stated attainment ${pct(stated.value)}% but ${x.a.measure.code} ${x.a.value.toFixed()} / ${x.p.value.toFixed()} is ${pct(x.v)}% (${x.a.key}, ${x.p.key})`,
    });
  }
  return out;
}
