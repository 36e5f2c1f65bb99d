/** The comparison as a table: every number a button to its sources, qualifiers, coverage and flags in words. */
import { formatPeriod } from "./format.ts";
import { h } from "./dom.ts";
import { colourOf } from "./chart.ts";
import { lang, t } from "./i18n.ts";
import {
  attainmentText,
  coverageText,
  derivationText,
  flagTexts,
  measureText,
  valueText,
  type Presenting,
} from "./present.ts";
import type { Row } from "./types.ts";

export interface TableContext {
  presenting: Presenting;
  slotOf: (placeKey: string) => number;
  /** Names of the units a row answers for beyond its own (2025 boundaries). */
  alsoCovers: (row: Row) => string[];
  open: (row: Row, opener: HTMLElement) => void;
}

function numberButton(text: string, row: Row, ctx: TableContext, extraClass = ""): HTMLElement {
  if (text === "—") return h("span", { class: "none" }, text);
  const button = h(
    "button",
    {
      type: "button",
      class: `num ${extraClass}`.trim(),
      "data-place": row.place.key,
      "data-period": row.periodStart ?? "",
    },
    h("span", { class: "num-text" }, text),
    extraClass === "sources-link" ? null : h("span", { class: "sr-only" }, `, ${t("seeSources")}`),
  );
  button.addEventListener("click", () => ctx.open(row, button));
  return button;
}

export function placeCell(row: Row, ctx: TableContext): HTMLElement {
  const slot = ctx.slotOf(row.place.key);
  const also = ctx.alsoCovers(row);
  return h(
    "th",
    { scope: "row", class: "place" },
    h("span", { class: "swatch", style: `background:${colourOf(slot)}`, "aria-hidden": "true" }),
    h(
      "span",
      { class: "place-name" },
      row.place.name,
      also.length ? h("small", {}, t("includes", { list: also.join(", ") })) : null,
    ),
  );
}

export function renderTable(table: HTMLTableElement, caption: string, rows: Row[], ctx: TableContext): void {
  const { view, measure, boundaries } = ctx.presenting;
  const qty = (value: string | null, qualifier: Row["qualifier"]) =>
    value === null ? "—" : measureText(value, measure.unit, qualifier);
  const columns: { head: string; numeric?: boolean; cell: (r: Row) => HTMLElement | string }[] = [
    { head: t("col.period"), cell: (r) => formatPeriod(r.periodStart, r.periodEnd, lang()) },
  ];
  if (view === "plan") {
    columns.push(
      { head: t("col.actual"), numeric: true, cell: (r) => numberButton(qty(r.value, r.qualifier), r, ctx, "main") },
      { head: t("col.plan"), numeric: true, cell: (r) => numberButton(qty(r.denominator, null), r, ctx) },
      { head: t("col.attainment"), numeric: true, cell: (r) => numberButton(attainmentText(r), r, ctx) },
    );
  } else if (view === "per") {
    columns.push(
      // the column head says "per poor household"
      { head: t("col.perValue"), numeric: true, cell: (r) => numberButton(qty(r.value, r.qualifier), r, ctx, "main") },
      { head: t("col.numerator"), numeric: true, cell: (r) => numberButton(qty(r.numerator, null), r, ctx) },
      { head: t("col.denominator"), numeric: true, cell: (r) => numberButton(qty(r.denominator, null), r, ctx) },
    );
  } else {
    columns.push({
      head: t("col.value"),
      numeric: true,
      cell: (r) => numberButton(valueText(r, ctx.presenting), r, ctx, "main"),
    });
  }
  columns.push(
    {
      head: t("col.basis"),
      cell: (r) => {
        const coverage = coverageText(r, boundaries);
        return h("span", { class: "basis" }, derivationText(r), coverage ? h("small", {}, coverage) : null);
      },
    },
    {
      head: t("col.flags"),
      cell: (r) =>
        h(
          "span",
          { class: "flags" },
          flagTexts(r).map((f) => h("span", { class: `badge badge-${f.flag.toLowerCase()}`, title: f.help }, f.label)),
        ),
    },
    {
      head: t("col.sources"),
      cell: (r) =>
        r.periodStart ? numberButton(t("seeSourcesButton"), r, ctx, "sources-link") : h("span", { class: "none" }, "—"),
    },
  );

  table.replaceChildren(
    h("caption", { class: "sr-only" }, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, t("col.place")),
        columns.map((c) => h("th", { scope: "col", class: c.numeric ? "numeric" : null }, c.head)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { class: r.value === null ? "no-data" : null, "data-place": r.place.key },
          placeCell(r, ctx),
          columns.map((c) => h("td", { class: c.numeric ? "numeric" : null }, c.cell(r))),
        ),
      ),
    ),
  );
}
