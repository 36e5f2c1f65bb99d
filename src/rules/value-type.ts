/**
 * What a reported number is, beyond its measure: reports give levels ("9.604 hộ nghèo"), but also
 * changes ("giảm 5,96%" of a rate = percentage points), averages per year over a period ("bình quân
 * giảm 4,78%/năm"), shares of a named base ("chiếm 97,03%" of the total funds), counts out of a
 * total ("6/11 huyện"), multiples ("gấp 3,44 lần") and relative changes ("vượt 22% so với mục tiêu").
 * Only levels add up: a change is never summed into a level, an average per year never over years.
 *
 * - LEVEL: the measure's value itself (a count, an amount, a rate).
 * - CHANGE: the difference over the period, signed (a decrease is negative), in the measure's unit
 *   (percentage points for a percent measure).
 * - RELATIVE_CHANGE: the difference as a percent of the base, signed (a count or amount "tăng 1,01%").
 * - ANNUAL_AVERAGE: the average per year over the period of a flow ("bình quân mỗi năm 10.000 lao động").
 * - ANNUAL_AVERAGE_CHANGE: the average change per year over the period, signed.
 * - SHARE: the measure's value as a percent of a named base ("chiếm 97,03%" of the total).
 * - COUNT_OF_TOTAL: a count with the total it is out of ("6/11 huyện": 6 of 11).
 * - MULTIPLE: the measure's value as a multiple of a named base.
 */
import type { Aggregation, Unit } from "./units.ts";

export const VALUE_TYPES = [
  "LEVEL",
  "CHANGE",
  "RELATIVE_CHANGE",
  "ANNUAL_AVERAGE",
  "ANNUAL_AVERAGE_CHANGE",
  "SHARE",
  "COUNT_OF_TOTAL",
  "MULTIPLE",
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
export type Direction = "DECREASE" | "INCREASE";
/** The unit family of a figure's text, as the number parser reads it. */
export type TextFamily = "VND" | "PERCENT" | "COUNT" | "MULTIPLE";

const SIGNED: readonly ValueType[] = ["CHANGE", "RELATIVE_CHANGE", "ANNUAL_AVERAGE_CHANGE"];
const NEEDS_BASE: readonly ValueType[] = ["SHARE", "MULTIPLE", "RELATIVE_CHANGE"];

export interface ValueTypeInput {
  /** The measure's unit and aggregation; `isChange` for a measure that is itself a reduction (poverty_rate_reduction). */
  measure: { unit: Unit; aggregation: Aggregation; isChange?: boolean };
  textFamily: TextFamily;
  /** From the sentence (value-form reading). */
  direction: Direction | null;
  perYear: boolean;
  share: boolean;
  base: string | null;
  /** "A/B" in the text, and whether the sentence makes B a plan. */
  hasOutOf: boolean;
  outOfIsPlan: boolean;
  kind: "ACTUAL" | "PLAN" | "TARGET";
  /** What the clerk stated, when the sentence alone does not say it ("đạt tỉ lệ trên 4%" is a reduction). */
  stated?: { valueType?: ValueType; direction?: Direction; base?: string };
}

export type ValueTypeVerdict =
  | { ok: true; valueType: ValueType; sign: 1 | -1; base: string | null; outOfIsTotal: boolean }
  | { ok: false; reason: string };

const isPercent = (unit: Unit) => unit === "PERCENT" || unit === "PERCENT_POINT";

/** The value type the sentence and the measure give a figure, or why it cannot be one. */
export function valueTypeOf(input: ValueTypeInput): ValueTypeVerdict {
  const { measure, stated } = input;
  if (measure.isChange) return reductionMeasure(input);
  const direction = input.direction ?? stated?.direction ?? null;
  if (input.direction && stated?.direction && input.direction !== stated.direction) {
    return {
      ok: false,
      reason: `the sentence says ${input.direction.toLowerCase()} but direction is ${stated.direction}`,
    };
  }
  const base = stated?.base ?? input.base;
  const read = readType(input, direction);
  let valueType = read;
  if (stated?.valueType && stated.valueType !== read) {
    // "Giảm trên 8.710 hộ nghèo" may be recorded as a level of a flow (households escaping poverty).
    const levelOfFlow = stated.valueType === "LEVEL" && read === "CHANGE" && measure.aggregation === "SUM";
    if (read !== "LEVEL" && !levelOfFlow)
      return { ok: false, reason: `the sentence makes this ${read}, not ${stated.valueType}` };
    valueType = stated.valueType;
  }
  if (SIGNED.includes(valueType) && !direction) {
    return {
      ok: false,
      reason: `${valueType} needs a direction: the sentence has no "giảm"/"tăng", so give direction DECREASE or INCREASE`,
    };
  }
  if (!SIGNED.includes(valueType) && stated?.direction) {
    return {
      ok: false,
      reason: `direction is only for changes (valueType CHANGE, RELATIVE_CHANGE or ANNUAL_AVERAGE_CHANGE)`,
    };
  }
  if (NEEDS_BASE.includes(valueType) && !base) {
    return {
      ok: false,
      reason: `${valueType} needs the base it is of ("tổng nguồn vốn", "so với mục tiêu"): none follows the figure, give base`,
    };
  }
  if (valueType === "COUNT_OF_TOTAL" && !input.hasOutOf)
    return { ok: false, reason: `COUNT_OF_TOTAL needs an "A/B" text` };
  if (valueType === "MULTIPLE" && input.textFamily !== "MULTIPLE")
    return { ok: false, reason: `MULTIPLE needs a "gấp … lần" text` };
  if (valueType === "ANNUAL_AVERAGE" && measure.aggregation !== "SUM") {
    return {
      ok: false,
      reason: `an average per year of a level that is not a sum is not a figure; a change per year is ANNUAL_AVERAGE_CHANGE`,
    };
  }
  // Whether the text is written in the family this type expects (expectedFamily) is the unit check's.
  return {
    ok: true,
    valueType,
    sign: direction === "DECREASE" && SIGNED.includes(valueType) ? -1 : 1,
    base: valueType === "LEVEL" || valueType === "COUNT_OF_TOTAL" || valueType === "ANNUAL_AVERAGE" ? null : base,
    outOfIsTotal: valueType === "COUNT_OF_TOTAL",
  };
}

/** "giảm 3%" of a reduction measure is its level; an increase cannot be one. */
function reductionMeasure(input: ValueTypeInput): ValueTypeVerdict {
  const direction = input.direction ?? input.stated?.direction ?? null;
  if (direction === "INCREASE")
    return { ok: false, reason: "a rise is not a reduction: record it as a CHANGE of the rate itself" };
  if (input.stated?.valueType && input.stated.valueType !== "LEVEL") {
    return {
      ok: false,
      reason: `the measure is itself a reduction: its figures are levels, not ${input.stated.valueType}`,
    };
  }
  return { ok: true, valueType: "LEVEL", sign: 1, base: null, outOfIsTotal: false };
}

function readType(input: ValueTypeInput, direction: Direction | null): ValueType {
  const { measure, textFamily } = input;
  if (textFamily === "MULTIPLE") return "MULTIPLE";
  if (input.hasOutOf) return input.outOfIsPlan || input.kind === "PLAN" ? "LEVEL" : "COUNT_OF_TOTAL";
  const percentOfNonPercent = textFamily === "PERCENT" && !isPercent(measure.unit);
  if (input.direction) {
    if (input.perYear) return "ANNUAL_AVERAGE_CHANGE";
    return percentOfNonPercent ? "RELATIVE_CHANGE" : "CHANGE";
  }
  if (input.perYear && direction === null && measure.aggregation === "SUM" && !percentOfNonPercent)
    return "ANNUAL_AVERAGE";
  if (percentOfNonPercent && input.share) return "SHARE";
  return "LEVEL";
}

/** How a figure of this value type of a measure in `unit` is written: money, a percentage, a count or a multiple. */
export function expectedFamily(valueType: ValueType, unit: Unit): TextFamily {
  if (valueType === "SHARE" || valueType === "RELATIVE_CHANGE") return "PERCENT";
  if (valueType === "MULTIPLE") return "MULTIPLE";
  if (unit === "VND") return "VND";
  if (isPercent(unit)) return "PERCENT";
  return "COUNT";
}

/** Whether a figure is a level the rollups may add: every other form is kept as reported only. */
export function aggregatesAsLevel(f: {
  valueType: ValueType;
  valueHigh: string | null;
  fundingSource: string | null;
  capitalType: string | null;
}): boolean {
  return f.valueType === "LEVEL" && f.valueHigh === null && f.fundingSource === null && f.capitalType === null;
}

/**
 * The same rule in SQL over the figure table (alias `f`): a range has two values, and a figure for
 * one funding source or capital type is a part of the programme's total, which the rollups do not
 * break down (added to the total it would count twice).
 */
export function aggregatedFigureSql(alias: string): string {
  return `${alias}.value_type = 'LEVEL' AND ${alias}.value_high IS NULL AND ${alias}.funding_source IS NULL AND ${alias}.capital_type IS NULL`;
}
