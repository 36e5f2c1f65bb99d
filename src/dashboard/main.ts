/** The comparison dashboard: reads the choice from the address, asks the public GraphQL API, draws. */
import "./styles.css";
import { ApiError, compareBoth, compareCsv, loadReference, rowSources, type CompareResult } from "./api.ts";
import { BarChartView, LineChartView, type Bar, type BarModel, type SeriesModel } from "./chart.ts";
import { Controls } from "./controls.ts";
import { byId } from "./dom.ts";
import { axisFor, tooltipOf } from "./chart-text.ts";
import { formatNumber, formatPeriod, type Lang } from "./format.ts";
import { hasMessage, lang, localName, setLang, t } from "./i18n.ts";
import { valueText, type Presenting } from "./present.ts";
import {
  chartValue,
  mixedPeriods,
  multiYearRows,
  pickBars,
  placeSlots,
  seriesPoints,
  yearOf,
  yearsSpanning,
} from "./select-rows.ts";
import { openSources, type SourcesContext } from "./sources.ts";
import { compareInputs, stateFromQuery, stateToQuery, type State } from "./state.ts";
import { renderTable, type TableContext } from "./table.ts";
import type { Measure, Reference, Row } from "./types.ts";

const state = stateFromQuery(location.search);
let ref: Reference;
let controls: Controls;
let bar: BarChartView<Row>;
let line: LineChartView<Row>;
let inflight: AbortController | null = null;
/** The last answer, with the choice it answers (a language switch redraws it without asking again). */
let shown: { result: CompareResult; state: State; signature: string } | null = null;

const dialog = byId<HTMLDialogElement>("sources-dialog");

function signatureOf(s: State): string {
  return stateToQuery({ ...s, lang: "vi" });
}

function setStatus(text: string): void {
  byId("status").textContent = text;
}

function showAlert(text: string | null): void {
  const el = byId("alert");
  el.hidden = text === null;
  el.textContent = text ?? "";
}

function applyStaticTexts(): void {
  document.documentElement.lang = lang();
  document.title = t("title");
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = el.dataset.i18n!;
    if (hasMessage(key)) el.textContent = t(key);
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-lang]"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang()));
}

function measureOf(code: string): Measure {
  return ref.measures.find((m) => m.code === code) ?? ref.measures[0];
}

function ethnicityName(code: string): string {
  if (code === "ALL" || code === "DTTS") return t(`eth.${code}`);
  return ref.ethnicGroups.find((g) => g.code === code)?.name ?? code;
}

function programmeName(code: string): string {
  const p = ref.programmes.find((x) => x.code === code);
  return p ? localName(p) : code;
}

/** "Hỗ trợ thẻ bảo hiểm y tế · Tất cả (không phân tách) · Mới nhất của mỗi tỉnh". */
function contextLine(s: State): string {
  return [
    programmeName(s.programme),
    ethnicityName(s.ethnicity),
    s.period ? s.period.replace("-", "–") : t("periodLatest"),
    s.view === "plan" ? null : t(`kind.${s.kind}`),
    s.view === "total" ? null : t(`view.${s.view}`),
    s.current ? t("boundaries") : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** What the sources dialog needs for rows of the answer to `s`. */
function sourcesContext(s: State): SourcesContext {
  const measure = measureOf(s.measure);
  return {
    presenting: { measure, view: s.view, boundaries: s.current ? "CURRENT" : "AS_REPORTED" },
    context: `${localName(measure)} · ${contextLine(s)}`,
    load: (row, signal) => rowSources(compareInputs(s).series, row, signal),
  };
}

function nameOfKey(key: string): string {
  return ref.places.find((p) => p.key === key)?.name ?? key;
}

function render(): void {
  if (!shown) return;
  const { result, state: s, signature } = shown;
  const measure = measureOf(s.measure);
  const presenting: Presenting = { measure, view: s.view, boundaries: s.current ? "CURRENT" : "AS_REPORTED" };
  const chosenRows = (result.chosen ?? result.series).rows;
  const seriesRows = result.series.rows;
  const slots = placeSlots([...chosenRows, ...seriesRows], s.places);
  const slotOf = (key: string) => slots.find((x) => x.place.key === key)?.slot ?? 0;
  const open = (row: Row, opener?: HTMLElement) => openSources(dialog, row, sourcesContext(s), opener);
  const tableCtx: TableContext = {
    presenting,
    slotOf,
    open,
    alsoCovers: (row) =>
      row.requested
        .filter((k) => k !== row.place.key)
        .map(nameOfKey)
        .filter((n) => n !== row.place.name),
  };

  byId("headline-measure").textContent = localName(measure);
  byId("headline-context").textContent = contextLine(s);
  // shown before drawing: a hidden chart has no size to draw at
  byId("results").classList.remove("is-empty");

  // bars: one per place
  const bars = pickBars(chosenRows, slots, s.view, s.period);
  const barValues = bars.map((r) => chartValue(r, s.view)).filter((v): v is number => v !== null);
  const barAxis = axisFor(measure, s.view, barValues);
  const barItems: Bar<Row>[] = bars.map((row) => ({
    label: row.place.name,
    period: formatPeriod(row.periodStart, row.periodEnd, lang()),
    value: chartValue(row, s.view),
    text: valueText(row, presenting, true, barAxis.power),
    slot: slotOf(row.place.key),
    row,
    tooltip: tooltipOf(row, presenting),
  }));
  const barModel: BarModel<Row> = {
    bars: barItems,
    axisName: barAxis.name,
    tick: barAxis.tick,
    planLine: s.view === "plan" ? t("planLine") : undefined,
    description: `${t("compareTitle")}: ${localName(measure)}. ${barItems.map((b) => `${b.label} (${b.period}): ${valueText(b.row, presenting)}`).join("; ")}.`,
  };
  byId("bar-unit").textContent = t("unitLabel", { unit: barAxis.name });
  byId("bar-empty").hidden = barValues.length > 0;
  byId("bar-empty").textContent = t("noBars");
  bar.render(barModel, signature);
  const mixed = !s.period && mixedPeriods(bars.filter((r) => chartValue(r, s.view) !== null));
  byId("note-mixed").hidden = !mixed;
  byId("note-mixed").textContent = mixed ? t("mixedPeriods") : "";
  renderTable(byId<HTMLTableElement>("bar-table"), t("tableCaption"), bars, tableCtx);

  const computedAt = result.series.computedAt;
  byId("computed-at").textContent = computedAt ? t("computedAt", { time: formatDateTime(computedAt, lang()) }) : "";
  setStatus(t("ready", { n: formatNumber(slots.length, lang()), rows: formatNumber(seriesRows.length, lang()) }));

  // the comparison is on screen: the time series follows in the next task
  clearTimeout(pendingSeries);
  pendingSeries = setTimeout(() => renderSeries(s, signature, slots, seriesRows, presenting, tableCtx), 0);
}

let pendingSeries: ReturnType<typeof setTimeout> | undefined;
/** Draws the series table only when it is opened (it holds every period of every place). */
let renderSeriesTable: (() => void) | null = null;

function renderSeries(
  s: State,
  signature: string,
  slots: ReturnType<typeof placeSlots>,
  seriesRows: Row[],
  presenting: Presenting,
  tableCtx: TableContext,
): void {
  const measure = presenting.measure;
  const slotOf = tableCtx.slotOf;
  // a line per place, a point per year
  const pointsOf = slots
    .map(({ place, slot }) => ({ place, slot, rows: seriesPoints(seriesRows, place.key, s.view) }))
    .filter((x) => x.rows.length > 0);
  const years = yearsSpanning(pointsOf.flatMap((x) => x.rows));
  const seriesAxis = axisFor(
    measure,
    s.view,
    pointsOf.flatMap((x) => x.rows.map((r) => chartValue(r, s.view)!)),
  );
  const series = pointsOf.map(({ place, slot, rows }) => ({
    name: place.name,
    slot,
    points: years.map((y) => {
      const row = rows.find((r) => yearOf(r) === y);
      return row
        ? {
            value: chartValue(row, s.view)!,
            text: valueText(row, presenting, true, seriesAxis.power),
            tooltip: tooltipOf(row, presenting),
            row,
          }
        : null;
    }),
  }));
  const lineModel: SeriesModel<Row> = {
    years,
    series,
    axisName: seriesAxis.name,
    tick: seriesAxis.tick,
    planLine: s.view === "plan" ? t("planLine") : undefined,
    description: `${t("seriesTitle")}: ${localName(measure)}. ${pointsOf.map((x) => `${x.place.name}: ${x.rows.map((r) => `${formatPeriod(r.periodStart, r.periodEnd, lang())} ${valueText(r, presenting)}`).join(", ")}`).join("; ")}.`,
  };
  if (series.length) line.render(lineModel, signature);
  else line.clear(signature);
  byId("line-empty").hidden = series.length > 0;
  byId("line-empty").textContent = t("noSeries");
  byId("line-chart").hidden = series.length === 0;
  const multi = multiYearRows(seriesRows, s.view);
  byId("note-multiyear").hidden = multi.length === 0;
  byId("note-multiyear").textContent = multi.length
    ? t("multiYearNote", {
        list: multi.map((r) => `${r.place.name} ${formatPeriod(r.periodStart, r.periodEnd, lang())}`).join(", "),
      })
    : "";
  const allRows = [...seriesRows].sort(
    (a, b) => slotOf(a.place.key) - slotOf(b.place.key) || (b.periodStart ?? "").localeCompare(a.periodStart ?? ""),
  );
  const details = byId<HTMLDetailsElement>("series-details");
  renderSeriesTable = () => renderTable(byId<HTMLTableElement>("series-table"), t("seriesTable"), allRows, tableCtx);
  if (details.open) renderSeriesTable();
  else byId("series-table").replaceChildren();
}

function formatDateTime(iso: string, l: Lang): string {
  const d = new Date(iso);
  return d.toLocaleString(l === "vi" ? "vi-VN" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  });
}

function showEmpty(): void {
  shown = null;
  const signature = signatureOf(state);
  bar.clear(signature);
  line.clear(signature);
  clearTimeout(pendingSeries);
  renderSeriesTable = null;
  for (const id of ["bar-table", "series-table"]) byId(id).replaceChildren();
  byId("bar-unit").textContent = "";
  byId("results").classList.add("is-empty");
  byId("headline-measure").textContent = localName(measureOf(state.measure));
  byId("headline-context").textContent = contextLine(state);
  setStatus(t("emptyPlaces"));
}

function refresh(): void {
  inflight?.abort();
  inflight = null;
  showAlert(null);
  if (!state.places.length) return showEmpty();
  const controller = new AbortController();
  inflight = controller;
  const snapshot: State = { ...state, places: [...state.places] };
  byId("results").setAttribute("aria-busy", "true");
  setStatus(t("loading"));
  compareBoth(compareInputs(snapshot), controller.signal)
    .then(
      (result) => {
        if (inflight !== controller) return;
        shown = { result, state: snapshot, signature: signatureOf(snapshot) };
        render();
      },
      (e: unknown) => {
        if (inflight !== controller || (e as Error).name === "AbortError") return;
        showAlert(t("error", { msg: e instanceof ApiError ? e.message : String(e) }));
        setStatus("");
      },
    )
    .finally(() => {
      if (inflight === controller) {
        inflight = null;
        byId("results").removeAttribute("aria-busy");
      }
    });
}

function writeAddress(): void {
  const q = stateToQuery(state);
  history.replaceState(null, "", `${location.pathname}${q ? `?${q}` : ""}`);
}

function update(patch: Partial<State>): void {
  const viewChanged = patch.view !== undefined && patch.view !== state.view;
  Object.assign(state, patch);
  writeAddress();
  if (viewChanged) controls.render();
  refresh();
}

function setLanguage(l: Lang): void {
  if (l === state.lang) return;
  state.lang = l;
  setLang(l);
  writeAddress();
  applyStaticTexts();
  controls.render();
  if (shown) render();
  else if (!state.places.length) showEmpty();
}

async function downloadCsv(): Promise<void> {
  if (!state.places.length) return;
  const inputs = compareInputs(state);
  try {
    const csv = await compareCsv(inputs.chosen ?? inputs.series);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = Object.assign(document.createElement("a"), {
      href: url,
      download: `so-sanh-${state.measure}${state.period ? `-${state.period}` : ""}.csv`,
    });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    showAlert(t("error", { msg: (e as Error).message }));
  }
}

async function start(): Promise<void> {
  setLang(state.lang);
  applyStaticTexts();
  setStatus(t("loadingReference"));
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-lang]"))
    b.addEventListener("click", () => setLanguage(b.dataset.lang === "en" ? "en" : "vi"));
  byId("csv").addEventListener("click", () => void downloadCsv());
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });
  byId<HTMLDetailsElement>("series-details").addEventListener("toggle", (e) => {
    if ((e.target as HTMLDetailsElement).open) renderSeriesTable?.();
  });
  try {
    ref = await loadReference();
  } catch (e) {
    showAlert(t("error", { msg: (e as Error).message }));
    setStatus("");
    return;
  }
  // a shared address may name things this database does not have
  state.places = state.places.filter((k) => ref.places.some((p) => p.key === k));
  if (!ref.measures.some((m) => m.code === state.measure)) state.measure = ref.measures[0]?.code ?? state.measure;
  if (!ref.programmes.some((p) => p.code === state.programme)) state.programme = "ALL";
  if (!ref.ethnicGroups.some((g) => g.code === state.ethnicity)) state.ethnicity = "ALL";
  controls = new Controls(byId<HTMLFormElement>("controls"), byId("toolbar"), ref, state, update);
  controls.render();
  bar = new BarChartView<Row>(byId("bar-chart"));
  line = new LineChartView<Row>(byId("line-chart"));
  const openFromChart = (row: Row) => {
    if (shown) openSources(dialog, row, sourcesContext(shown.state));
  };
  bar.onSelect(openFromChart);
  line.onSelect(openFromChart);
  document.body.dataset.ready = "true";
  refresh();
}

void start();
