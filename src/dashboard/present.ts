/** How a comparison row reads: its value with qualifier and unit, how it was obtained, its coverage. */
import { formatMoney, formatNumber, withQualifier, type MoneyPower } from "./format.ts";
import { hasMessage, lang, t, unitName, type MessageKey } from "./i18n.ts";
import type { View } from "./state.ts";
import type { Measure, Row } from "./types.ts";

export interface Presenting {
  measure: Measure;
  view: View;
  boundaries: "AS_REPORTED" | "CURRENT";
}

/** A measure's value in its unit: "269.316", "≈ 3,2 tỷ đồng", "0,75%", "3 điểm %". */
export function measureText(
  value: string,
  unit: string,
  qualifier: Row["qualifier"],
  compact = false,
  power?: MoneyPower,
): string {
  const l = lang();
  let text: string;
  // on a chart the axis names the money unit: labels keep the number
  if (unit === "VND")
    text = formatMoney(value, l, { maxFraction: compact ? 1 : 3, power, unit: !(compact && power !== undefined) });
  else if (unit === "PERCENT") text = `${formatNumber(value, l, { maxFraction: 2 })}%`;
  else if (unit === "PERCENT_POINT") text = `${formatNumber(value, l, { maxFraction: 2 })} ${unitName(unit)}`;
  else text = formatNumber(value, l, { maxFraction: 2 });
  return withQualifier(text, qualifier);
}

/** The share of plan: ratio 1.0386 → "103,9%". */
export function attainmentText(row: Row): string {
  return row.ratio === null ? "—" : `${formatNumber((row.ratio * 100).toFixed(6), lang(), { maxFraction: 1 })}%`;
}

/** "62,01 triệu đồng/hộ nghèo", "2,5 hộ/hộ nghèo". */
export function perText(row: Row, measure: Measure, compact = false, power?: MoneyPower): string {
  if (row.value === null) return "—";
  const l = lang();
  if (compact && power !== undefined)
    return measureText(row.value, measure.unit === "VND" ? "VND" : "", row.qualifier, true, power);
  const amount =
    measure.unit === "VND"
      ? formatMoney(row.value, l, { maxFraction: compact ? 1 : 2 })
      : `${formatNumber(row.value, l, { maxFraction: 2 })} ${unitName(measure.unit)}`;
  return withQualifier(amount + t("perPoorHousehold"), row.qualifier);
}

/**
 * What the table's main number says for a row; `compact`, what a chart label says (with `power`,
 * money in the axis's scale without its unit).
 */
export function valueText(row: Row, p: Presenting, compact = false, power?: MoneyPower): string {
  if (p.view === "plan") return row.ratio === null ? (compact ? t("noDataLabel") : "—") : attainmentText(row);
  if (row.value === null) return compact ? t("noDataLabel") : "—";
  if (p.view === "per") return perText(row, p.measure, compact, power);
  return measureText(row.value, p.measure.unit, row.qualifier, compact, power);
}

function childNoun(row: Row, boundaries: Presenting["boundaries"]): MessageKey {
  switch (row.place.level) {
    case "NATION":
      return "noun.regions";
    case "REGION":
      return "noun.provinces";
    case "PROVINCE":
      if (row.place.validFrom >= "2025-07-01")
        return boundaries === "CURRENT" ? "noun.formerProvinces" : "noun.communes";
      return "noun.districts";
    default:
      return "noun.communes";
  }
}

/** "3 trên 8 huyện có báo cáo" / "3 of 8 districts reported"; null when the row is not a sum of parts. */
export function coverageText(row: Row, boundaries: Presenting["boundaries"]): string | null {
  const c = row.coverage;
  if (!c || c.total === 0 || row.derivation === "REPORTED") return null;
  const noun: MessageKey =
    c.dimension === "PLACE"
      ? childNoun(row, boundaries)
      : c.dimension === "PROGRAMME"
        ? "noun.programmes"
        : c.dimension === "ETHNICITY"
          ? "noun.ethnicities"
          : c.dimension === "PERIOD"
            ? "noun.months"
            : "noun.parts";
  return t("coverage", {
    covered: formatNumber(c.covered, lang()),
    total: formatNumber(c.total, lang()),
    noun: t(noun),
  });
}

export function derivationText(row: Row): string {
  return t(`derivation.${row.derivation}` as MessageKey);
}

/** Flags the reader should see, most important first, with their explanation. */
export function flagTexts(row: Row): { flag: string; label: string; help: string }[] {
  const order = ["FLAGGED_EXCLUDED", "NO_DATA", "NO_PLAN", "NO_DENOMINATOR", "PARTIAL_COVERAGE", "SOURCES_TRUNCATED"];
  return [...row.flags]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((flag) => {
      const label = `flag.${flag}`;
      const help = `flagHelp.${flag}`;
      return { flag, label: hasMessage(label) ? t(label) : flag, help: hasMessage(help) ? t(help) : "" };
    });
}
