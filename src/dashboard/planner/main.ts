/**
 * The planners' page (the landing page): the latest national ranking of a measure with data, a
 * tile-grid map of the provinces coloured by it, drill-down to districts and communes, place groups,
 * all from the public GraphQL API. The view lives in the address (?m=&lv=&in=&g=&y=&b=&f=&lang=) so
 * a link reproduces it.
 *
 * The first paint waits for one request only: when the measure and year are known (named by the link,
 * or the default remembered from the last visit) the catalogue, the ranking and the 2025 map shapes
 * come in one HTTP request; the table, the map and the status are drawn as soon as the numbers
 * arrive, then ECharts (./charts.ts) is loaded for the charts and the series over the years.
 */
import { gql } from "../api.ts";
import { byId, h } from "../dom.ts";
import { formatNumber, type Lang } from "../format.ts";
import { messageIn } from "../i18n.ts";
import { GRID_SIZE, TILES, tilesByProvince } from "../map/tile-grid.ts";
import "../styles.css";
import type { Charts } from "./charts.ts";
import "./planner.css";
import {
  CATALOGUE_QUERY,
  countsOf,
  countsQuery,
  RANKING_QUERY,
  rankingInput,
  SERIES_QUERY,
  seriesInput,
  SHAPES_2025_FIELDS,
  startQuery,
  type CountsAnswer,
  type FigureCounts,
  type RankingView,
} from "./queries.ts";
import { badgesOf, formatByUnit, valueText, type Bounded } from "./units.ts";

interface View extends RankingView {
  lang: Lang;
  from: string;
  to: string;
}
interface MeasureInfo {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
}
interface Available {
  code: string;
  figures: number;
  years: string[];
}
interface Group {
  code: string;
  name: string;
  members: { key: string; level: string }[];
}
interface Place {
  key: string;
  code: string;
  name: string;
  level: string;
  parent?: { key: string; name: string } | null;
}
interface Value extends Bounded {
  derivation: string;
  flags: string[];
  coverage: { covered: number; total: number; dimension: string | null };
}
interface Row {
  place: Place;
  values: Value[];
}
interface Ranking {
  rows: Row[];
  unit: string;
}
interface AnalyticsAnswer {
  columns: { unit: string }[];
  rows: Row[];
}
interface CatalogueAnswer {
  measures: MeasureInfo[];
  dataAvailability: { measure: { code: string }; figures: number; periods: string[] }[];
  placeGroups: Group[];
}
type Shapes = { code: string; predecessors: { code: string; level: string }[] }[];
interface Catalogue {
  measures: Map<string, MeasureInfo>;
  available: Available[];
  groups: Group[];
}

/** Okabe–Ito orange, light to dark: ordered, safe for colour-blind readers. */
const SCALE = ["#fff0d6", "#f6c27a", "#e69f00", "#b86e00", "#7a4a00"];
const NO_DATA_FILL = "repeating-linear-gradient(45deg,#eef1f4 0 4px,#cfd6dd 4px 6px)";
const TOP_N = 15;
const SERIES_PLACES = 5;
const CHILD_LEVEL: Record<string, string> = { PROVINCE: "DISTRICT", DISTRICT: "COMMUNE" };
const REMEMBERED = "planner.default";

const T = {
  vi: {
    title: "Toàn quốc trong một trang",
    measure: "Chỉ tiêu",
    level: "Cấp",
    group: "Nhóm địa phương",
    year: "Năm",
    rank: "Xếp hạng",
    map: "Bản đồ",
    table: "Bảng số liệu",
    boundaries: "Địa giới từ 1/7/2025 (34 tỉnh)",
    flagged: "Tính cả số liệu bị gắn cờ",
    country: "Toàn quốc",
    place: "Địa phương",
    value: "Giá trị",
    notes: "Ghi chú",
    figures: (n: number) => `${formatNumber(n, "vi")} số liệu`,
    levels: { PROVINCE: "Tỉnh", DISTRICT: "Huyện", COMMUNE: "Xã", GROUP: "Nhóm địa phương" } as Record<string, string>,
    loading: "Đang tải…",
    shown: (n: number, d: number) => `${d} trên ${n} địa phương có số liệu`,
    noData: "Không có số liệu",
    noneWithData: "Không địa phương nào có số liệu cho lựa chọn này.",
    series: "Theo thời gian",
    from: "Từ năm",
    to: "Đến năm",
  },
  en: {
    title: "The whole country at a glance",
    measure: "Measure",
    level: "Level",
    group: "Place group",
    year: "Year",
    rank: "Ranking",
    map: "Map",
    table: "Data table",
    boundaries: "Boundaries from 1 Jul 2025 (34 provinces)",
    flagged: "Include flagged figures",
    country: "Whole country",
    place: "Place",
    value: "Value",
    notes: "Notes",
    figures: (n: number) => `${formatNumber(n, "en")} ${n === 1 ? "figure" : "figures"}`,
    levels: { PROVINCE: "Province", DISTRICT: "District", COMMUNE: "Commune", GROUP: "Place group" } as Record<
      string,
      string
    >,
    loading: "Loading…",
    shown: (n: number, d: number) => `${d} of ${n} places have data`,
    noData: "No data",
    noneWithData: "No place has figures for this choice.",
    series: "Over time",
    from: "From",
    to: "To",
  },
};

function readView(): View {
  const q = new URLSearchParams(location.search);
  return {
    m: q.get("m") ?? "",
    lv: q.get("lv") ?? "PROVINCE",
    in: q.get("in") ?? "",
    g: q.get("g") ?? "",
    y: q.get("y") ?? "",
    b: q.get("b") === "2025",
    f: q.get("f") === "1",
    lang: q.get("lang") === "en" ? "en" : "vi",
    from: q.get("from") ?? "",
    to: q.get("to") ?? "",
  };
}

function writeView(v: View): void {
  const q = new URLSearchParams();
  q.set("m", v.m);
  q.set("lv", v.lv);
  if (v.in) q.set("in", v.in);
  if (v.lv === "GROUP") q.set("g", v.g);
  q.set("y", v.y);
  if (v.b) q.set("b", "2025");
  if (v.f) q.set("f", "1");
  if (v.lang === "en") q.set("lang", "en");
  q.set("from", v.from);
  q.set("to", v.to);
  history.replaceState(null, "", `${location.pathname}?${q}`);
}

const yearsOf = (periods: string[]) => [...new Set(periods.map((p) => p.slice(0, 4)))].sort();

function catalogueOf(data: CatalogueAnswer): Catalogue {
  const available = data.dataAvailability
    .map((a) => ({ code: a.measure.code, figures: a.figures, years: yearsOf(a.periods) }))
    .sort((a, b) => b.figures - a.figures || a.code.localeCompare(b.code));
  return { measures: new Map(data.measures.map((m) => [m.code, m])), available, groups: data.placeGroups };
}

/** The default: the measure with the most figures, its latest year, every province. */
function completeView(v: View, c: Catalogue): View {
  const chosen = c.available.find((a) => a.code === v.m) ?? c.available[0];
  if (!chosen) return v;
  const y = chosen.years.includes(v.y) ? v.y : chosen.years[chosen.years.length - 1];
  const to = /^\d{4}$/.test(v.to) ? v.to : y;
  const from = /^\d{4}$/.test(v.from) && v.from <= to ? v.from : String(Number(to) - 5);
  const g = v.lv === "GROUP" ? (c.groups.find((x) => x.code === v.g)?.code ?? c.groups[0]?.code ?? "") : "";
  const lv = v.lv === "GROUP" && !g ? "PROVINCE" : v.lv;
  return { ...v, m: chosen.code, y, from, to, g, lv, in: lv === "GROUP" ? "" : v.in };
}

const sameRanking = (a: RankingView, b: RankingView) =>
  a.m === b.m && a.lv === b.lv && a.in === b.in && a.g === b.g && a.y === b.y && a.b === b.b && a.f === b.f;

async function loadRanking(v: View): Promise<Ranking> {
  const data = await gql<{ analytics: AnalyticsAnswer }>(RANKING_QUERY, { q: rankingInput(v) });
  return { rows: data.analytics.rows, unit: data.analytics.columns[0]?.unit ?? "" };
}

let provinceShapes: Map<string, string[]> | null = null;
/** 2025 province code → the GSO codes of the old provinces it was made of (from the API's predecessors). */
function setShapes(places: Shapes): Map<string, string[]> {
  const owner = new Map<string, string>();
  for (const p of places) for (const old of p.predecessors) if (old.level === "PROVINCE") owner.set(old.code, p.code);
  provinceShapes = new Map([...tilesByProvince((c) => owner.get(c) ?? c)].map(([k, ts]) => [k, ts.map((t) => t.code)]));
  return provinceShapes;
}
async function shapes2025(): Promise<Map<string, string[]>> {
  return provinceShapes ?? setShapes((await gql<{ shapes2025: Shapes }>(`{ ${SHAPES_2025_FIELDS} }`)).shapes2025);
}

/** No place with data: the chart says so in words instead of an empty frame. */
function showEmpty(chart: "rank" | "series", empty: boolean, v: View): void {
  byId(`${chart}-chart`).hidden = empty;
  const note = byId(`${chart}-empty`);
  note.hidden = !empty;
  note.textContent = T[v.lang].noneWithData;
}

function fillOf(value: number, min: number, max: number): string {
  const t = max > min ? (value - min) / (max - min) : 0.5;
  return SCALE[Math.min(SCALE.length - 1, Math.floor(t * SCALE.length))];
}

// ECharts (the bulk of the script) is asked for once the numbers are drawn: parsing it while the
// first answer arrives held the table and the map back (measured: 1 s on the loaded test machine)
let chartsReady: Promise<Charts> | null = null;
const charts = () =>
  (chartsReady ??= import("./charts.ts").then(({ Charts }) => new Charts(byId("rank-chart"), byId("series-chart"))));

let current: { v: View; rows: Row[]; unit: string } | null = null;
let catalogue: Catalogue;
let generation = 0;

const signatureOf = (v: View) => `${v.m}|${v.lv}|${v.in}|${v.g}|${v.y}|${v.b}`;

async function renderRankingChart(v: View, rows: Row[], unit: string, mine: number): Promise<void> {
  const withData = rows.filter((r) => r.values[0].value !== null);
  const shown = withData.length <= TOP_N * 2 ? withData : [...withData.slice(0, TOP_N), ...withData.slice(-TOP_N)];
  const el = byId("rank-chart");
  showEmpty("rank", shown.length === 0, v);
  el.style.height = `${Math.max(120, shown.length * 24 + 40)}px`;
  el.setAttribute(
    "aria-label",
    shown.map((r) => `${r.place.name}: ${valueText(r.values[0], unit, v.lang)}`).join("; "),
  );
  const c = await charts();
  if (mine !== generation) return;
  if (shown.length)
    c.drawRanking(
      shown.map((r) => ({
        name: r.place.name,
        value: Number(r.values[0].value),
        label: valueText(r.values[0], unit, v.lang),
      })),
    );
  el.dataset.signature = signatureOf(v);
  el.dataset.state = "ready";
}

async function renderMap(v: View, rows: Row[], unit: string, shapes?: Shapes): Promise<void> {
  const card = byId("map-card");
  card.hidden = v.lv !== "PROVINCE" || !!v.in;
  // no map (districts, communes, groups): the ranking takes the whole width, no empty column
  byId("views").classList.toggle("no-map", card.hidden);
  if (card.hidden) return;
  const byCode = new Map(rows.map((r) => [r.place.code, r]));
  const nums = rows
    .map((r) => r.values[0].value)
    .filter((x): x is string => x !== null)
    .map(Number);
  const [min, max] = [Math.min(...nums), Math.max(...nums)];
  const owners = v.b
    ? shapes
      ? setShapes(shapes)
      : await shapes2025()
    : new Map(TILES.map((t) => [t.code, [t.code]]));
  const ownerOf = new Map([...owners].flatMap(([owner, olds]) => olds.map((o) => [o, owner] as const)));
  const t = T[v.lang];
  const map = byId("map");
  map.replaceChildren();
  map.style.gridTemplateColumns = `repeat(${GRID_SIZE.cols}, 1fr)`;
  map.style.gridTemplateRows = `repeat(${GRID_SIZE.rows}, auto)`;
  for (const tile of TILES) {
    const row = byCode.get(ownerOf.get(tile.code) ?? tile.code);
    const val = row?.values[0];
    const text = val ? valueText(val, unit, v.lang) : t.noData;
    const badges = val ? badgesOf(val, v.lang).map((b) => b.text) : [];
    const label = `${row?.place.name ?? tile.code}: ${text}${badges.length ? ` (${badges.join(", ")})` : ""}`;
    const btn = h("button", {
      type: "button",
      class: "tile",
      title: label,
      "aria-label": label,
      "data-code": tile.code,
      "data-place": row?.place.key ?? "",
      "data-value": val?.value ?? "",
    });
    btn.style.gridColumn = String(tile.col + 1);
    btn.style.gridRow = String(tile.row + 1);
    btn.style.background = val?.value != null ? fillOf(Number(val.value), min, max) : NO_DATA_FILL;
    if (row) btn.addEventListener("click", () => drill(row.place));
    map.append(btn);
  }
  const text = (n: number) => valueText({ value: String(n), qualifier: null }, unit, v.lang);
  // no province with a value: min and max are ±Infinity, which has no text
  const range = !nums.length ? null : min === max ? text(min) : `${text(min)} – ${text(max)}`;
  byId("map-legend").textContent = range ? `${range}; ▨ ${t.noData}` : `▨ ${t.noData}`;
}

function badgeList(val: Value, lang: Lang): HTMLElement {
  return h(
    "span",
    { class: "badges" },
    badgesOf(val, lang).map((b) => h("span", { class: `badge badge-${b.kind}`, title: b.title }, b.text)),
  );
}

function renderTable(v: View, rows: Row[], unit: string): void {
  const t = T[v.lang];
  byId("rank-table")
    .querySelector("thead")!
    .replaceChildren(
      h("tr", {}, h("th", {}, "#"), h("th", {}, t.place), h("th", { class: "numeric" }, t.value), h("th", {}, t.notes)),
    );
  let rank = 0;
  byId("rank-table")
    .querySelector("tbody")!
    .replaceChildren(
      ...rows.map((r) => {
        const val = r.values[0];
        const name = CHILD_LEVEL[r.place.level]
          ? h("button", { type: "button", class: "link drill", "data-place": r.place.key }, r.place.name)
          : r.place.name;
        if (name instanceof HTMLButtonElement) name.addEventListener("click", () => drill(r.place));
        return h(
          "tr",
          {
            "data-place": r.place.key,
            "data-qualifier": val.qualifier ?? "",
            class: val.value === null ? "no-data" : "",
          },
          h("td", {}, val.value === null ? "" : String(++rank)),
          h("td", { class: "place-name" }, name),
          h("td", { class: "numeric value" }, valueText(val, unit, v.lang)),
          h("td", { class: "notes" }, badgeList(val, v.lang)),
        );
      }),
    );
}

function renderCrumbs(v: View, rows: Row[]): void {
  const t = T[v.lang];
  const nav = byId("crumbs");
  const home = h("button", { type: "button", class: "link", id: "crumb-country" }, t.country);
  home.addEventListener("click", () => show({ ...v, in: "", lv: "PROVINCE", g: "" }));
  const parent = rows.find((r) => r.place.parent?.key === v.in)?.place.parent;
  const group = catalogue.groups.find((g) => g.code === v.g);
  const here = v.lv === "GROUP" ? group?.name : v.in ? (parent?.name ?? v.in) : null;
  nav.replaceChildren(home, ...(here ? [" › ", h("span", { id: "crumb-place" }, here)] : []));
}

function drill(place: Place): void {
  const next = CHILD_LEVEL[place.level];
  if (current && next) void show({ ...current.v, in: place.key, lv: next, g: "" });
}

function applyLanguage(v: View): void {
  const t = T[v.lang];
  document.documentElement.lang = v.lang;
  for (const [id, text] of [
    ["title", t.title],
    ["l-measure", t.measure],
    ["l-level", t.level],
    ["l-group", t.group],
    ["l-year", t.year],
    ["rank-h", t.rank],
    ["map-h", t.map],
    ["table-h", t.table],
    ["l-boundaries", t.boundaries],
    ["l-flagged", t.flagged],
    ["series-h", t.series],
    ["l-from", t.from],
    ["l-to", t.to],
  ])
    byId(id).textContent = text;
  // the shared header's words (page-header.ts)
  for (const el of document.querySelectorAll<HTMLElement>("header [data-i18n]"))
    el.textContent = messageIn(v.lang, el.dataset.i18n!) ?? el.textContent;
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-lang]"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === v.lang));
  byId<HTMLSelectElement>("measure").replaceChildren(
    ...catalogue.available.map((a) => {
      const m = catalogue.measures.get(a.code);
      return h("option", { value: a.code }, withCount((v.lang === "en" ? m?.nameEn : m?.name) ?? a.code, a.figures, v));
    }),
  );
  byId<HTMLSelectElement>("group").replaceChildren(...catalogue.groups.map((g) => h("option", { value: g.code })));
  labelPlacePickers(v);
}

const withCount = (name: string, figures: number | undefined, v: View) =>
  figures === undefined ? name : `${name} (${T[v.lang].figures(figures)})`;

/** The pickers' counts for a measure, year and flag choice: asked once each, after the numbers are drawn. */
const figureCounts = new Map<string, Promise<FigureCounts>>();
const countsKey = (v: View) => `${v.m}|${v.y}|${v.f}`;
let countsShown: { key: string; counts: FigureCounts } | null = null;

function countsFor(v: View): Promise<FigureCounts> {
  const key = countsKey(v);
  let asked = figureCounts.get(key);
  if (!asked) {
    const { query, variables } = countsQuery(v);
    asked = gql<CountsAnswer>(query, variables).then((answer) => countsOf(answer, catalogue.groups));
    asked.catch(() => figureCounts.delete(key));
    figureCounts.set(key, asked);
  }
  return asked;
}

/** The level and group pickers, each option with its figures for the view's measure and year once known. */
function labelPlacePickers(v: View): void {
  const counts = countsShown?.key === countsKey(v) ? countsShown.counts : null;
  const label = (o: HTMLOptionElement, name: string, figures: number | undefined) => {
    o.textContent = withCount(name, figures, v);
    if (figures === undefined) delete o.dataset.figures;
    else o.dataset.figures = String(figures);
  };
  for (const o of byId<HTMLSelectElement>("level").options)
    label(o, T[v.lang].levels[o.value], counts?.levels.get(o.value));
  for (const [i, o] of [...byId<HTMLSelectElement>("group").options].entries())
    label(o, catalogue.groups[i].name, counts?.groups.get(o.value));
}

async function renderCounts(v: View, mine: number): Promise<void> {
  const counts = await countsFor(v).catch(() => null); // the pickers keep working without their counts
  if (!counts || mine !== generation) return;
  countsShown = { key: countsKey(v), counts };
  labelPlacePickers(v);
}

function applyControls(v: View): void {
  applyLanguage(v);
  byId<HTMLSelectElement>("measure").value = v.m;
  byId<HTMLSelectElement>("level").value = v.lv;
  byId("group-field").hidden = v.lv !== "GROUP";
  byId<HTMLSelectElement>("group").value = v.g;
  const years = catalogue.available.find((a) => a.code === v.m)?.years ?? [];
  byId<HTMLSelectElement>("year").replaceChildren(...years.map((y) => h("option", { value: y }, y)));
  byId<HTMLSelectElement>("year").value = v.y;
  byId<HTMLInputElement>("boundaries").checked = v.b;
  byId<HTMLInputElement>("flagged").checked = v.f;
  byId<HTMLInputElement>("from").value = v.from;
  byId<HTMLInputElement>("to").value = v.to;
}

/** Draws a view; `prefetched` is its ranking when the first request already brought it. */
async function show(wanted: View, prefetched?: Prefetched): Promise<void> {
  const v = completeView(wanted, catalogue);
  const mine = ++generation;
  byId("rank-chart").dataset.state = "loading";
  byId("series-chart").dataset.state = "loading";
  writeView(v);
  applyControls(v);
  byId("status").textContent = T[v.lang].loading;
  const { rows, unit } = prefetched && sameRanking(prefetched.view, v) ? prefetched.ranking : await loadRanking(v);
  if (mine !== generation) return;
  current = { v, rows, unit };
  byId("status").textContent = T[v.lang].shown(rows.length, rows.filter((r) => r.values[0].value !== null).length);
  renderCrumbs(v, rows);
  renderTable(v, rows, unit);
  await renderMap(v, rows, unit, prefetched?.shapes);
  if (mine !== generation) return;
  // the first meaningful paint: the numbers are on the screen (the charts follow)
  if (!document.body.dataset.ready) {
    performance.mark("planner:numbers-drawn");
    requestAnimationFrame(() => performance.mark("planner:numbers-painted"));
    if (!wanted.m) localStorage.setItem(REMEMBERED, JSON.stringify({ m: v.m, y: v.y }));
  }
  document.body.dataset.ready = "true";
  const ranked = rows.filter((r) => r.values[0].value !== null);
  await Promise.all([
    renderRankingChart(v, rows, unit, mine),
    renderSeries(v, ranked, unit, mine),
    renderCounts(v, mine),
  ]);
}

async function renderSeries(v: View, ranked: Row[], unit: string, mine: number): Promise<void> {
  const places = ranked.slice(0, SERIES_PLACES).map((r) => r.place);
  const years: string[] = [];
  for (let y = Number(v.from); y <= Number(v.to); y++) years.push(String(y));
  const rows = places.length
    ? (
        await gql<{ analytics: { rows: (Row & { period: { label: string } })[] } }>(SERIES_QUERY, {
          q: seriesInput(
            v,
            places.map((p) => p.key),
          ),
        })
      ).analytics.rows
    : [];
  if (mine !== generation) return;
  const t = T[v.lang];
  const cell = (key: string, year: string) =>
    rows.find((r) => r.place.key === key && r.period.label === year)?.values[0] ?? { value: null, qualifier: null };
  const el = byId("series-chart");
  showEmpty("series", places.length === 0, v);
  byId("series-table-wrap").hidden = places.length === 0;
  el.setAttribute(
    "aria-label",
    places
      .map((p) => `${p.name}: ${years.map((y) => `${y} ${valueText(cell(p.key, y), unit, v.lang)}`).join(", ")}`)
      .join("; "),
  );
  el.dataset.gaps = places
    .map((p) => `${p.key}:${years.filter((y) => cell(p.key, y).value == null).join(",")}`)
    .join(";");
  const table = byId("series-table");
  table
    .querySelector("thead")!
    .replaceChildren(h("tr", {}, h("th", {}, t.place), ...years.map((y) => h("th", { class: "numeric" }, y))));
  table.querySelector("tbody")!.replaceChildren(
    ...places.map((p) =>
      h(
        "tr",
        { "data-place": p.key },
        h("td", {}, p.name),
        ...years.map((y) => {
          const c = cell(p.key, y);
          return h(
            "td",
            { class: `numeric${c.value == null ? " no-data" : ""}`, "data-year": y },
            valueText(c, unit, v.lang),
          );
        }),
      ),
    ),
  );
  if (places.length === 0) {
    el.dataset.state = "ready";
    return;
  }
  const c = await charts();
  if (mine !== generation) return;
  // an empty year is null: the line breaks there instead of joining its neighbours
  c.drawSeries(
    years,
    places.map((p) => ({
      name: p.name,
      values: years.map((y) => {
        const value = cell(p.key, y).value;
        return value != null ? Number(value) : null;
      }),
      texts: years.map((y) => valueText(cell(p.key, y), unit, v.lang)),
    })),
    (value) => formatByUnit(String(value), unit, v.lang),
  );
  el.dataset.state = "ready";
}

function download(name: string, blob: Blob): void {
  const a = h("a", { href: URL.createObjectURL(blob), download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The ranking as shown: every place of the table, its value, bounds, qualifier, coverage. */
function csvOfShown(): string {
  if (!current) return "";
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [
    [
      "place_key",
      "place",
      "period",
      "value",
      "lower",
      "upper",
      "qualifier",
      "unit",
      "derivation",
      "coverage",
      "flags",
    ].join(","),
  ];
  for (const r of current.rows) {
    const val = r.values[0];
    lines.push(
      [
        r.place.key,
        r.place.name,
        current.v.y,
        val.value ?? "",
        val.lower ?? "",
        val.upper ?? "",
        val.qualifier ?? "",
        current.unit,
        val.derivation,
        val.coverage.total ? `${val.coverage.covered}/${val.coverage.total}` : "",
        val.flags.join(" "),
      ]
        .map(quote)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

type Prefetched = { view: RankingView; ranking: Ranking; shapes?: Shapes };

/** The start query of a view: the catalogue, its ranking and, for 2025 boundaries, the map's shapes. */
async function startWith(view: RankingView): Promise<{ catalogue: Catalogue; prefetched: Prefetched }> {
  const s = startQuery(view);
  const data = await gql<CatalogueAnswer & { ranking: AnalyticsAnswer; shapes2025?: Shapes }>(s.query, s.variables);
  return {
    catalogue: catalogueOf(data),
    prefetched: {
      view,
      ranking: { rows: data.ranking.rows, unit: data.ranking.columns[0]?.unit ?? "" },
      shapes: data.shapes2025,
    },
  };
}

/**
 * The first request: everything the first paint needs, in one HTTP request when the view is known (named
 * by the link, or the default remembered from the last visit). A first visit asks the catalogue for the
 * default, then sends the same start query a returning visitor sends: the server's response cache
 * answers it for every visitor after the first.
 */
async function firstRequest(wanted: View): Promise<{ catalogue: Catalogue; prefetched?: Prefetched }> {
  let guess: RankingView | null = wanted.m && wanted.y ? wanted : null;
  if (!guess) {
    // the default view of the last visit: most likely still the default
    try {
      const last = JSON.parse(localStorage.getItem(REMEMBERED) ?? "null") as { m: string; y: string } | null;
      if (last?.m && last.y) guess = { ...wanted, m: last.m, y: last.y };
    } catch {
      /* nothing remembered */
    }
  }
  if (guess) {
    try {
      return await startWith(guess);
    } catch {
      // a link with an unknown measure or place: the catalogue alone, the view completed from it
    }
  }
  const alone = catalogueOf(await gql<CatalogueAnswer>(CATALOGUE_QUERY));
  const view = completeView(wanted, alone);
  return view.m ? startWith(view).catch(() => ({ catalogue: alone })) : { catalogue: alone };
}

function listen(): void {
  const onChange = (patch: () => Partial<View>) => () => current && void show({ ...current.v, ...patch() });
  const select = (id: string) => byId<HTMLSelectElement>(id).value;
  const checked = (id: string) => byId<HTMLInputElement>(id).checked;
  byId("measure").addEventListener(
    "change",
    onChange(() => ({ m: select("measure") })),
  );
  byId("level").addEventListener(
    "change",
    onChange(() => ({ lv: select("level"), in: "" })),
  );
  byId("group").addEventListener(
    "change",
    onChange(() => ({ g: select("group") })),
  );
  byId("year").addEventListener(
    "change",
    onChange(() => ({ y: select("year") })),
  );
  byId("boundaries").addEventListener(
    "change",
    onChange(() => ({ b: checked("boundaries"), in: "" })),
  );
  byId("flagged").addEventListener(
    "change",
    onChange(() => ({ f: checked("flagged") })),
  );
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-lang]"))
    b.addEventListener(
      "click",
      onChange(() => ({ lang: b.dataset.lang as Lang })),
    );
  byId("from").addEventListener(
    "change",
    onChange(() => ({ from: byId<HTMLInputElement>("from").value })),
  );
  byId("to").addEventListener(
    "change",
    onChange(() => ({ to: byId<HTMLInputElement>("to").value })),
  );
  byId("csv").addEventListener("click", () =>
    download("ranking.csv", new Blob([csvOfShown()], { type: "text/csv;charset=utf-8" })),
  );
  byId("svg").addEventListener(
    "click",
    () => void charts().then((c) => download("ranking.svg", new Blob([c.rankingSvg()], { type: "image/svg+xml" }))),
  );
  byId("png").addEventListener(
    "click",
    () => void charts().then(async (c) => download("ranking.png", await c.rankingPng())),
  );
}

async function start(): Promise<void> {
  const wanted = readView();
  const first = await firstRequest(wanted);
  catalogue = first.catalogue;
  listen();
  await show(wanted, first.prefetched);
}

start().catch((e: Error) => {
  byId("status").textContent = e.message;
});
