/** What the charts write: axis names and ticks in the reader's number format, tooltips. */
import { formatMoney, formatPeriod, formatTick, moneyPower, moneyUnit, type Lang, type MoneyPower } from "./format.ts";
import { lang, t, unitName } from "./i18n.ts";
import { coverageText, derivationText, valueText, type Presenting } from "./present.ts";
import type { View } from "./state.ts";
import type { Measure, Row } from "./types.ts";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Axis name and tick format for what the charts draw. */
export function axisFor(
  measure: Measure,
  view: View,
  values: number[],
): { name: string; tick: (v: number) => string; power?: MoneyPower } {
  const l: Lang = lang();
  const per = view === "per" ? t("perPoorHousehold") : "";
  if (view === "plan") return { name: t("col.attainment"), tick: (v) => `${formatTick(v, l)}%` };
  if (measure.unit === "VND") {
    const max = Math.max(0, ...values.map(Math.abs));
    const power = moneyPower(max.toFixed(0));
    return {
      name: moneyUnit(power, l) + per,
      power,
      tick: (v) => formatMoney(v.toFixed(6), l, { power, unit: false, maxFraction: 1 }),
    };
  }
  if (measure.unit === "PERCENT") return { name: "%", tick: (v) => `${formatTick(v, l)}%` };
  return { name: unitName(measure.unit) + per, tick: (v) => formatTick(v, l) };
}

/** A chart tooltip (HTML: every text escaped). */
export function tooltipOf(row: Row, p: Presenting): string {
  const coverage = coverageText(row, p.boundaries);
  return (
    `<strong>${escapeHtml(row.place.name)}</strong> · ${escapeHtml(formatPeriod(row.periodStart, row.periodEnd, lang()))}<br>` +
    `<span style="font-size:15px;font-weight:600">${escapeHtml(valueText(row, p))}</span><br>` +
    `<span style="color:#5b6b7b">${escapeHtml(derivationText(row))}${coverage ? ` · ${escapeHtml(coverage)}` : ""}</span>` +
    (row.periodStart ? `<br><span style="color:#0b5cab">${escapeHtml(t("clickForSources"))}</span>` : "")
  );
}
