/**
 * Plausibility of a document's parsed figures. Pure: no database.
 *
 * Errors (hard: the figure must not be stored as it is)
 * - unit family mismatch: money for a count measure, a percentage for a VND measure, …
 *   (PERCENT and PERCENT_POINT measures take percentages; VND measures money; the rest counts)
 * - the counted noun names another unit than the measure's ("lượt học sinh" for a PERSON measure:
 *   lượt counts occasions and double-counts people)
 * - a count that is not whole (tonnes excepted)
 *
 * Flags (soft: stored, flagged IMPLAUSIBLE with a reason and, where one is clear, a correction)
 * - the value is outside the measure's min/max (rates of a RATIO measure above 100 included)
 * - money per beneficiary: a VND figure divided by the count figures (persons, households,
 *   occasions, cards, houses, gifts; not counts of poverty such as households escaping or falling
 *   back into it) of the same place, ethnicity, programme, period and kind is
 *   above the ceiling of the programme's family. With several counts in that cell the largest is
 *   used, so only an amount implausible against every count is flagged. Education and health
 *   insurance ceilings are per year and scale with the calendar years the period spans. The
 *   suggested value is the amount / 1000 when that lands within the ceiling: "triệu" written
 *   for "nghìn", the classic slip ("1.218.000 triệu đồng" for 1735 children).
 * - a numerator above its denominator in the same cell (poor households above households).
 *
 * The value checked is the stated one: the plan part for a PLAN figure written "727/700".
 * Only levels are checked against each other and against the measure's bounds: a change, a share
 * or an average per year is in other units of the same measure (src/rules/value-type.ts); a count
 * out of a total is flagged when it is above its total.
 */
import { Decimal } from "decimal.js";
import { MEASURES, type MeasureRow, type Unit } from "../../reference/measures.ts";
import { buildProgrammes } from "../../reference/programmes.ts";
import type { FigureKind } from "../../shared/slices.ts";
import { occasionKindOfNoun, unitOfNoun } from "../parse/noun-units.ts";
import type { ParsedFigure, UnitFamily } from "../parse/vn-number.ts";
import { expectedFamily, type ValueType } from "../../rules/value-type.ts";
import { addTo } from "../../rules/lists.ts";

export const IMPLAUSIBLE = "IMPLAUSIBLE";

export interface FigureToValidate {
  key: string;
  measure: MeasureRow;
  programmeCode: string;
  placeKey: string;
  ethnicityCode: string;
  periodStart: string;
  periodEnd: string;
  kind: FigureKind;
  parsed: ParsedFigure;
  /** Default LEVEL. */
  valueType?: ValueType;
}

export interface FigureVerdict {
  key: string;
  errors: string[];
  /** [] or ["IMPLAUSIBLE"]. */
  flags: string[];
  /** All reasons for the flag, "; "-separated; null when not flagged. */
  flagReason: string | null;
  suggestedValue: Decimal | null;
}

/** The value a figure states: the plan part for a PLAN figure written "727/700", else the value. */
export function statedValue(f: Pick<FigureToValidate, "kind" | "parsed" | "valueType">): Decimal {
  const outOfIsPlan = (f.valueType ?? "LEVEL") === "LEVEL";
  return f.kind === "PLAN" && outOfIsPlan && f.parsed.outOf ? f.parsed.outOf : f.parsed.value;
}

const isLevel = (f: Pick<FigureToValidate, "valueType">) => (f.valueType ?? "LEVEL") === "LEVEL";

export function validateDocumentFigures(figures: FigureToValidate[]): FigureVerdict[] {
  const errorsOf = figures.map((f) => unitErrors(f));
  // A figure whose unit is wrong says nothing reliable about the others; only levels compare.
  const usable = figures.filter((f, i) => errorsOf[i].length === 0 && isLevel(f));
  return figures.map((f, i) => {
    const errors = errorsOf[i];
    if (errors.length) return { key: f.key, errors, flags: [], flagReason: null, suggestedValue: null };
    const reasons: string[] = [];
    const range = rangeReason(f);
    if (range) reasons.push(range);
    const money = isLevel(f) ? moneyPerBeneficiary(f, usable) : null;
    if (money) reasons.push(money.reason);
    if (isLevel(f)) reasons.push(...numeratorReasons(f, usable));
    return {
      key: f.key,
      errors,
      flags: reasons.length ? [IMPLAUSIBLE] : [],
      flagReason: reasons.length ? reasons.join("; ") : null,
      suggestedValue: money?.suggested ?? null,
    };
  });
}

const FAMILY_WORDS: Record<UnitFamily, string> = {
  VND: "a money amount (VND)",
  PERCENT: "a percentage",
  COUNT: "a count",
  MULTIPLE: "a multiple (gấp … lần)",
};

const UNIT_WORDS: Record<Unit, string> = {
  PERSON: "person",
  HOUSEHOLD: "household",
  OCCASION: "occasion",
  CARD: "card",
  HOUSE: "house",
  TONNE: "tonne",
  VND: "VND",
  PERCENT: "percent",
  PERCENT_POINT: "percentage point",
  GIFT: "gift",
  WORK: "work",
  ITEM: "item",
  MODEL: "model",
  PROJECT: "project",
  PROGRAMME: "programme",
  DISTRICT: "district",
  COMMUNE: "commune",
  VILLAGE: "village",
  HECTARE: "hectare",
};

/** Errors a figure has on its own: its text cannot state a value of its measure. */
export function unitErrors(f: Pick<FigureToValidate, "measure" | "parsed" | "valueType">): string[] {
  const { measure, parsed } = f;
  const valueType = f.valueType ?? "LEVEL";
  const expected = expectedFamily(valueType, measure.unit);
  if (parsed.unitFamily !== expected) {
    const as = valueType === "LEVEL" ? "" : ` as ${valueType}`;
    return [
      `${FAMILY_WORDS[parsed.unitFamily]} cannot be a value of ${measure.code}${as}, which is in ${measure.unit} (expected ${FAMILY_WORDS[expected]})`,
    ];
  }
  const errors: string[] = [];
  if (expected === "COUNT") {
    const nounUnit = unitOfNoun(parsed.noun);
    if (nounUnit && nounUnit !== measure.unit) {
      const why =
        nounUnit === "OCCASION" ? ": 'lượt' counts occasions, which double-count people; use an occasions measure" : "";
      errors.push(
        `"${parsed.noun}" counts ${UNIT_WORDS[nounUnit]}s but ${measure.code} counts ${UNIT_WORDS[measure.unit]}s${why}`,
      );
    }
    if (measure.occasionOf) errors.push(...occasionErrors(parsed.noun, measure.code, measure.occasionOf));
    const parts = [
      parsed.value,
      ...(parsed.outOf ? [parsed.outOf] : []),
      ...(parsed.valueHigh ? [parsed.valueHigh] : []),
    ];
    if (measure.unit !== "TONNE" && parts.some((v) => !v.isInteger())) {
      errors.push(
        `a count of ${UNIT_WORDS[measure.unit]}s must be whole, not ${parts.map((v) => v.toFixed()).join("/")}`,
      );
    }
  }
  return errors;
}

const OCCASION_WORDS: Record<string, string> = {
  PUPIL: "pupils",
  HOUSEHOLD: "households",
  PERSON: "persons",
  LOAN: "loans",
};

/** "lượt" must say what it counts, and it must be what the measure counts: kinds never add up. */
function occasionErrors(noun: string | null, code: string, occasionOf: string): string[] {
  const kind = occasionKindOfNoun(noun);
  if (kind === null) {
    return [
      `"${noun ?? ""}" does not say what its occasions count (lượt học sinh, lượt hộ, lượt người, lượt vay); ` +
        `${code} counts occasions of ${OCCASION_WORDS[occasionOf]}`,
    ];
  }
  if (kind !== occasionOf)
    return [
      `"${noun}" counts occasions of ${OCCASION_WORDS[kind]} but ${code} counts occasions of ${OCCASION_WORDS[occasionOf]}`,
    ];
  return [];
}

function rangeReason(f: FigureToValidate): string | null {
  const valueType = f.valueType ?? "LEVEL";
  if (valueType === "COUNT_OF_TOTAL" && f.parsed.outOf && f.parsed.value.greaterThan(f.parsed.outOf)) {
    return `${f.parsed.value.toFixed()} out of ${f.parsed.outOf.toFixed()} is more than the total`;
  }
  const isChange = valueType === "CHANGE" || valueType === "ANNUAL_AVERAGE_CHANGE";
  if (isChange && f.measure.unit === "PERCENT" && (f.parsed.valueHigh ?? f.parsed.value).greaterThan(100)) {
    return `a change of ${(f.parsed.valueHigh ?? f.parsed.value).toFixed()} percentage points is more than a rate can move`;
  }
  if (valueType !== "LEVEL" && valueType !== "COUNT_OF_TOTAL" && valueType !== "ANNUAL_AVERAGE") return null;
  const v = f.parsed.valueHigh ?? statedValue(f);
  const { measure } = f;
  let max = measure.maxValue === null ? null : new Decimal(measure.maxValue);
  if (measure.aggregation === "RATIO" && (max === null || max.greaterThan(100))) max = new Decimal(100);
  const min = measure.minValue === null ? null : new Decimal(measure.minValue);
  if (max && v.greaterThan(max)) return `${v.toFixed()} is above the maximum ${max.toFixed()} for ${measure.code}`;
  if (min && v.lessThan(min)) return `${v.toFixed()} is below the minimum ${min.toFixed()} for ${measure.code}`;
  return null;
}

const BENEFICIARY_UNITS: ReadonlySet<Unit> = new Set(["PERSON", "HOUSEHOLD", "OCCASION", "CARD", "HOUSE", "GIFT"]);
/** Counts of the population and its poverty, not of who received the money: never a per-beneficiary divisor. */
export const POPULATION_MEASURES: ReadonlySet<string> = new Set([
  "households_escaped_poverty",
  "households_newly_poor",
  "persons_newly_poor",
  "households_fallen_back",
  "households_escaped_near_poverty",
  "poor_households_income",
  "poor_households_services",
  "poor_persons",
  "poor_near_poor_households",
]);

interface Ceiling {
  family: string;
  perUnit: Decimal;
  perYear: boolean;
}

/** Upper bounds of money per beneficiary, by the programme subtree they apply to. */
const CEILINGS: [root: string, ceiling: Ceiling][] = [
  ["EDUCATION", { family: "education", perUnit: new Decimal(30e6), perYear: true }],
  ["HEALTH-INSURANCE", { family: "health insurance", perUnit: new Decimal(5e6), perYear: true }],
  ["TET-GIFTS", { family: "Tết gifts", perUnit: new Decimal(10e6), perYear: false }],
  ["ELECTRICITY", { family: "electricity", perUnit: new Decimal(5e6), perYear: false }],
  ["GREAT-UNITY-HOUSES", { family: "houses", perUnit: new Decimal(300e6), perYear: false }],
  ["HOUSING", { family: "houses", perUnit: new Decimal(300e6), perYear: false }],
  ["NTP-2021-P5", { family: "houses", perUnit: new Decimal(300e6), perYear: false }],
  ["CREDIT", { family: "credit", perUnit: new Decimal(500e6), perYear: false }],
];
const DEFAULT_CEILING: Ceiling = { family: "default", perUnit: new Decimal(1e9), perYear: false };

const PARENT = new Map(buildProgrammes().map((p) => [p.code, p.parentCode]));

export function ceilingFor(programmeCode: string): Ceiling {
  for (let code: string | null | undefined = programmeCode; code; code = PARENT.get(code)) {
    const hit = CEILINGS.find(([root]) => root === code);
    if (hit) return hit[1];
  }
  return DEFAULT_CEILING;
}

function sameCell(a: FigureToValidate, b: FigureToValidate): boolean {
  return (
    a.placeKey === b.placeKey &&
    a.ethnicityCode === b.ethnicityCode &&
    a.programmeCode === b.programmeCode &&
    a.periodStart === b.periodStart &&
    a.periodEnd === b.periodEnd &&
    a.kind === b.kind
  );
}

function moneyPerBeneficiary(
  f: FigureToValidate,
  figures: FigureToValidate[],
): { reason: string; suggested: Decimal | null } | null {
  if (f.measure.unit !== "VND") return null;
  const counts = figures.filter(
    (c) =>
      c !== f &&
      BENEFICIARY_UNITS.has(c.measure.unit) &&
      !POPULATION_MEASURES.has(c.measure.code) &&
      sameCell(c, f) &&
      statedValue(c).greaterThan(0),
  );
  if (!counts.length) return null;
  const count = counts.reduce((best, c) => (statedValue(c).greaterThan(statedValue(best)) ? c : best));
  const n = statedValue(count);
  const amount = statedValue(f);
  const perUnit = amount.div(n);
  const ceiling = ceilingFor(f.programmeCode);
  const years = ceiling.perYear ? Number(f.periodEnd.slice(0, 4)) - Number(f.periodStart.slice(0, 4)) + 1 : 1;
  const limit = ceiling.perUnit.times(years);
  if (perUnit.lessThanOrEqualTo(limit)) return null;
  const unit = UNIT_WORDS[count.measure.unit];
  const limitText = ceiling.perYear
    ? `ceiling ${human(ceiling.perUnit)} per ${unit} per year${years > 1 ? `, ${human(limit)} over ${years} years` : ""}`
    : `ceiling ${human(ceiling.perUnit)}`;
  const candidate = amount.div(1000);
  const suggested = candidate.isInteger() && candidate.div(n).lessThanOrEqualTo(limit) ? candidate : null;
  const counted = `${n.toFixed()} ${count.parsed.noun ?? `${unit}s`}`;
  const reason =
    `${human(perUnit)} VND per ${unit} for ${f.programmeCode} (${limitText}): ${amount.toFixed()} VND for ${counted} (${count.key})` +
    (suggested ? `; ${suggested.toFixed()} VND if "triệu" was written for "nghìn"` : "");
  return { reason, suggested };
}

/** For each RATIO measure, its numerator may not exceed its denominator in the same cell. */
const DENOMINATORS = new Map<string, string[]>();
for (const m of MEASURES) {
  if (m.aggregation === "RATIO" && m.numeratorCode && m.denominatorCode) {
    addTo(DENOMINATORS, m.numeratorCode, m.denominatorCode);
  }
}

function numeratorReasons(f: FigureToValidate, figures: FigureToValidate[]): string[] {
  const denominatorCodes = new Set(DENOMINATORS.get(f.measure.code) ?? []);
  return figures
    .filter((d) => denominatorCodes.has(d.measure.code) && sameCell(d, f) && statedValue(f).greaterThan(statedValue(d)))
    .map(
      (d) =>
        `${f.measure.code} ${statedValue(f).toFixed()} is above ${d.measure.code} ${statedValue(d).toFixed()} (${d.key})`,
    );
}

/** "702 million", "2.82 billion": three significant digits, for reasons people read. */
function human(vnd: Decimal): string {
  const scales: [Decimal, string][] = [
    [new Decimal(1e12), " trillion"],
    [new Decimal(1e9), " billion"],
    [new Decimal(1e6), " million"],
    [new Decimal(1e3), " thousand"],
  ];
  const hit = scales.find(([s]) => vnd.greaterThanOrEqualTo(s));
  const [scale, word] = hit ?? [new Decimal(1), ""];
  return `${vnd.div(scale).toSignificantDigits(3).toFixed()}${word}`;
}
