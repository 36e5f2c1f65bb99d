/**
 * The provenance of one number, in a modal dialog: the value exactly, its bounds, how it was
 * obtained, its flags, and every report behind it with date and the report's own words.
 */
import { formatDate, formatNumber, formatPeriod, withQualifier } from "./format.ts";
import { h } from "./dom.ts";
import { lang, localName, t, unitName, type MessageKey } from "./i18n.ts";
import {
  attainmentText,
  coverageText,
  derivationText,
  flagTexts,
  measureText,
  valueText,
  type Presenting,
} from "./present.ts";
import type { Row, Source } from "./types.ts";

export interface SourcesContext {
  presenting: Presenting;
  /** e.g. "Hỗ trợ thẻ bảo hiểm y tế · Tất cả (không phân tách)" */
  context: string;
  /** Asks the API for the row's reports (the dialog opens at once and fills in). */
  load: (row: Row, signal: AbortSignal) => Promise<Source[]>;
}

/** The request of the dialog on screen: a dialog closed or replaced drops its late answer. */
let loading: AbortController | null = null;

/** The quote with the number as the report wrote it marked, when it is there verbatim. */
function quoteWithMark(quote: string, row: Row): (Node | string)[] {
  const needles = [row.value, row.denominator]
    .filter((v): v is string => v !== null && /^\d+$/.test(v))
    .map((v) => formatNumber(v, "vi"));
  for (const needle of needles) {
    const at = quote.indexOf(needle);
    if (at >= 0 && !/\d/.test(quote[at + needle.length] ?? "") && !/[\d.]/.test(quote[at - 1] ?? "")) {
      return [quote.slice(0, at), h("mark", {}, needle), quote.slice(at + needle.length)];
    }
  }
  return [quote];
}

/** One report, with the words of each of its figures behind the number. */
function documentItem(sources: Source[], row: Row): HTMLElement {
  const s = sources[0];
  const meta = [
    s.publishedAt ? `${t("publishedOn")}: ${formatDate(s.publishedAt, lang())}` : null,
    s.publisher ? `${t("publisher")}: ${s.publisher}` : null,
    s.author ? `${t("author")}: ${s.author}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const quotes = sources.map((x) => x.quote).filter((q): q is string => !!q);
  return h(
    "li",
    { class: "source" },
    h("h4", {}, s.url ? h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.title) : s.title),
    meta ? h("p", { class: "source-meta" }, meta) : null,
    quotes.map((q) =>
      h(
        "figure",
        {},
        h("figcaption", { class: "sr-only" }, t("quote")),
        h("blockquote", { lang: "vi" }, "“", ...quoteWithMark(q, row), "”"),
      ),
    ),
    s.url
      ? h(
          "p",
          {},
          h(
            "a",
            { href: s.url, target: "_blank", rel: "noopener noreferrer", class: "source-link" },
            t("openOriginal"),
            " ↗",
          ),
        )
      : null,
  );
}

/** Sources grouped by report, in the order the API gave them. */
function byDocument(sources: Source[]): Source[][] {
  const groups = new Map<string, Source[]>();
  for (const s of sources) groups.set(s.id, [...(groups.get(s.id) ?? []), s]);
  return [...groups.values()];
}

export function openSources(dialog: HTMLDialogElement, row: Row, ctx: SourcesContext, opener?: HTMLElement): void {
  const { presenting } = ctx;
  const l = lang();
  const exact = row.value === null ? null : formatNumber(row.value, l, { maxFraction: 6 });
  const bounds =
    row.value !== null && row.qualifier && row.qualifier !== "EXACT" && presenting.view !== "per"
      ? [
          row.lower !== null ? t("lowerBound", { v: measureText(row.lower, presenting.measure.unit, null) }) : null,
          row.upper !== null ? t("upperBound", { v: measureText(row.upper, presenting.measure.unit, null) }) : null,
        ]
          .filter(Boolean)
          .join(", ") || t("noBounds")
      : null;
  const coverage = coverageText(row, presenting.boundaries);
  const flags = flagTexts(row);
  const facts: [string, Node | string][] = [
    [t("col.period"), formatPeriod(row.periodStart, row.periodEnd, l)],
    [t("measure"), localName(presenting.measure)],
  ];
  if (presenting.view === "plan")
    facts.push(
      [t("col.attainment"), attainmentText(row)],
      [t("col.plan"), row.denominator === null ? "—" : measureText(row.denominator, presenting.measure.unit, null)],
    );
  if (exact !== null && presenting.view !== "per")
    facts.push([
      t("exactValue"),
      withQualifier(exact, row.qualifier) +
        (row.qualifier && row.qualifier !== "EXACT" ? ` (${t(`qualifier.${row.qualifier}` as MessageKey)})` : ""),
    ]);
  if (bounds) facts.push([t("bounds"), bounds]);
  facts.push([t("basis"), derivationText(row) + (coverage ? ` · ${coverage}` : "")]);

  const close = h(
    "button",
    { type: "button", class: "dialog-close", "aria-label": t("close"), onclick: () => dialog.close() },
    "×",
  );
  const list = h(
    "div",
    { class: "sources-list", "aria-busy": "true", "aria-live": "polite" },
    h("p", { class: "hint" }, t("loadingSources")),
  );
  dialog.replaceChildren(
    h(
      "div",
      { class: "dialog-body" },
      h(
        "header",
        {},
        h("p", { class: "eyebrow" }, t("sourcesTitle")),
        h("h2", { id: "sources-title" }, row.place.name),
        h("p", { class: "dialog-context" }, ctx.context),
        close,
      ),
      h(
        "p",
        { class: "dialog-value" },
        presenting.view === "plan" && row.value !== null
          ? measureText(row.value, presenting.measure.unit, row.qualifier)
          : valueText(row, presenting),
        row.value !== null &&
          presenting.view !== "per" &&
          !["VND", "PERCENT", "PERCENT_POINT"].includes(presenting.measure.unit)
          ? h("span", { class: "dialog-unit" }, ` ${unitName(presenting.measure.unit)}`)
          : null,
      ),
      h(
        "dl",
        { class: "facts" },
        facts.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
      ),
      flags.length
        ? h(
            "ul",
            { class: "dialog-flags" },
            flags.map((f) =>
              h("li", {}, h("span", { class: `badge badge-${f.flag.toLowerCase()}` }, f.label), " ", f.help),
            ),
          )
        : null,
      h("h3", {}, t("col.sources")),
      list,
    ),
  );
  dialog.setAttribute("aria-labelledby", "sources-title");
  dialog.onclose = () => {
    loading?.abort();
    opener?.focus();
  };
  if (!dialog.open) dialog.showModal();
  close.focus();

  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  ctx.load(row, controller.signal).then(
    (sources) => {
      if (controller.signal.aborted) return;
      list.removeAttribute("aria-busy");
      list.replaceChildren(
        sources.length
          ? h(
              "ol",
              { class: "sources" },
              byDocument(sources).map((group) => documentItem(group, row)),
            )
          : h("p", { class: "hint" }, t("noSources")),
      );
    },
    (e: unknown) => {
      if (controller.signal.aborted) return;
      list.removeAttribute("aria-busy");
      list.replaceChildren(h("p", { class: "alert", role: "alert" }, t("error", { msg: (e as Error).message })));
    },
  );
}
