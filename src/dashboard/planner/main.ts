/**
 * The planners' page: the latest national ranking of a measure with data, a tile-grid map of the
 * provinces coloured by it, drill-down to districts and communes, all from the public GraphQL API.
 * The view lives in the address (?m=&lv=&in=&y=&b=&f=&lang=) so a link reproduces it.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { gql } from "../api.ts";
import { byId, h } from "../dom.ts";
import type { Lang, Qualifier } from "../format.ts";
import { GRID_SIZE, TILES, tilesByProvince } from "../map/tile-grid.ts";
import "../styles.css";
import "./planner.css";
import { cellText } from "./units.ts";

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

interface View {
  m: string;
  lv: string;
  in: string;
  y: string;
  b: boolean;
  f: boolean;
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
interface Place {
  key: string;
  code: string;
  name: string;
  level: string;
  parent?: { key: string; name: string } | null;
}
interface Value {
  value: string | null;
  qualifier: Qualifier | null;
  derivation: string;
  flags: string[];
  coverage: { covered: number; total: number; dimension: string | null };
}
interface Row {
  place: Place;
  values: Value[];
}

/** Okabe–Ito blues to orange, light to dark: ordered, safe for colour-blind readers. */
const SCALE = ["#fff0d6", "#f6c27a", "#e69f00", "#b86e00", "#7a4a00"];
const NO_DATA_FILL = "repeating-linear-gradient(45deg,#eef1f4 0 4px,#cfd6dd 4px 6px)";
const TOP_N = 15;
const CHILD_LEVEL: Record<string, string> = { PROVINCE: "DISTRICT", DISTRICT: "COMMUNE" };

const T = {
  vi: {
    title: "Toàn quốc trong một trang",
    measure: "Chỉ tiêu",
    level: "Cấp",
    year: "Năm",
    rank: "Xếp hạng",
    map: "Bản đồ",
    table: "Bảng số liệu",
    boundaries: "Địa giới từ 1/7/2025 (34 tỉnh)",
    flagged: "Tính cả số liệu bị gắn cờ",
    country: "Toàn quốc",
    place: "Địa phương",
    value: "Giá trị",
    coverage: "Độ phủ",
    figures: "số liệu",
    levels: { PROVINCE: "Tỉnh", DISTRICT: "Huyện", COMMUNE: "Xã" } as Record<string, string>,
    loading: "Đang tải…",
    shown: (n: number, d: number) => `${d} trên ${n} địa phương có số liệu`,
    top: "Cao nhất",
    bottom: "Thấp nhất",
    noData: "Không có số liệu",
    compare: "So sánh",
    series: "Theo thời gian",
    from: "Từ năm",
    to: "Đến năm",
  },
  en: {
    title: "The whole country at a glance",
    measure: "Measure",
    level: "Level",
    year: "Year",
    rank: "Ranking",
    map: "Map",
    table: "Data table",
    boundaries: "Boundaries from 1 Jul 2025 (34 provinces)",
    flagged: "Include flagged figures",
    country: "Whole country",
    place: "Place",
    value: "Value",
    coverage: "Coverage",
    figures: "figures",
    levels: { PROVINCE: "Province", DISTRICT: "District", COMMUNE: "Commune" } as Record<string, string>,
    loading: "Loading…",
    shown: (n: number, d: number) => `${d} of ${n} places have data`,
    top: "Highest",
    bottom: "Lowest",
    noData: "No data",
    compare: "Compare",
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
  q.set("y", v.y);
  if (v.b) q.set("b", "2025");
  if (v.f) q.set("f", "1");
  if (v.lang === "en") q.set("lang", "en");
  q.set("from", v.from);
  q.set("to", v.to);
  history.replaceState(null, "", `${location.pathname}?${q}`);
}

const yearsOf = (periods: string[]) => [...new Set(periods.map((p) => p.slice(0, 4)))].sort();

async function loadCatalogue(): Promise<{ measures: Map<string, MeasureInfo>; available: Available[] }> {
  const data = await gql<{
    measures: MeasureInfo[];
    dataAvailability: { measure: { code: string }; figures: number; periods: string[] }[];
  }>(`{ measures { code name nameEn unit } dataAvailability(by: [MEASURE]) { measure { code } figures periods } }`);
  const available = data.dataAvailability
    .map((a) => ({ code: a.measure.code, figures: a.figures, years: yearsOf(a.periods) }))
    .sort((a, b) => b.figures - a.figures || a.code.localeCompare(b.code));
  return { measures: new Map(data.measures.map((m) => [m.code, m])), available };
}

/** The default: the measure with the most figures, its latest year, every province. */
function completeView(v: View, available: Available[]): View {
  const chosen = available.find((a) => a.code === v.m) ?? available[0];
  if (!chosen) return v;
  const y = chosen.years.includes(v.y) ? v.y : chosen.years[chosen.years.length - 1];
  const to = /^\d{4}$/.test(v.to) ? v.to : y;
  const from = /^\d{4}$/.test(v.from) && v.from <= to ? v.from : String(Number(to) - 5);
  return { ...v, m: chosen.code, y, from, to };
}

async function loadRanking(v: View): Promise<{ rows: Row[]; unit: string }> {
  const places = v.in ? [{ childrenOf: v.in }] : [{ level: v.lv, ...(v.b ? { asOf: "2025-07-01" } : {}) }];
  const data = await gql<{ analytics: { columns: { unit: string }[]; rows: Row[] } }>(
    `query Rank($q: AnalyticsInput!) { analytics(query: $q) { columns { unit } rows {
      place { key code name level parent { key name } } values { value qualifier derivation flags coverage { covered total dimension } } } } }`,
    {
      q: {
        measures: [{ code: v.m }],
        places,
        periods: { from: v.y, to: v.y, granularity: "YEAR", fillEmpty: true },
        filter: { boundaries: v.b ? "CURRENT" : undefined, includeFlagged: v.f || undefined },
        orderBy: [{ measure: v.m, direction: "DESC" }],
        limit: 5000,
      },
    },
  );
  return { rows: data.analytics.rows, unit: data.analytics.columns[0]?.unit ?? "" };
}

let provinceShapes: Map<string, string[]> | null = null;
/** 2025 province code → the GSO codes of the old provinces it was made of (from the API's predecessors). */
async function shapes2025(): Promise<Map<string, string[]>> {
  if (provinceShapes) return provinceShapes;
  const data = await gql<{ places: { code: string; predecessors: { code: string; level: string }[] }[] }>(
    `{ places(level: PROVINCE, asOf: "2025-07-01") { code predecessors { code level } } }`,
  );
  const owner = new Map<string, string>();
  for (const p of data.places)
    for (const old of p.predecessors) if (old.level === "PROVINCE") owner.set(old.code, p.code);
  provinceShapes = new Map([...tilesByProvince((c) => owner.get(c) ?? c)].map(([k, ts]) => [k, ts.map((t) => t.code)]));
  return provinceShapes;
}

function fillOf(value: number, min: number, max: number): string {
  const t = max > min ? (value - min) / (max - min) : 0.5;
  return SCALE[Math.min(SCALE.length - 1, Math.floor(t * SCALE.length))];
}

const SERIES_PLACES = 5;
const LINE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"];
const SYMBOLS = ["circle", "rect", "triangle", "diamond", "pin"];

/** The top places of the ranking over the range, a row per place × year, empty years as NO_DATA rows. */
async function loadSeries(
  v: View,
  keys: string[],
): Promise<{ rows: (Row & { period: { label: string } })[]; years: string[] }> {
  if (!keys.length) return { rows: [], years: [] };
  const data = await gql<{ analytics: { rows: (Row & { period: { label: string } })[] } }>(
    `query Series($q: AnalyticsInput!) { analytics(query: $q) { rows { period { label }
      place { key code name level } values { value qualifier derivation flags coverage { covered total dimension } } } } }`,
    {
      q: {
        measures: [{ code: v.m }],
        places: [{ keys }],
        periods: { from: v.from, to: v.to, granularity: "YEAR", fillEmpty: true },
        filter: { boundaries: v.b ? "CURRENT" : undefined, includeFlagged: v.f || undefined },
        limit: 5000,
      },
    },
  );
  const years: string[] = [];
  for (let y = Number(v.from); y <= Number(v.to); y++) years.push(String(y));
  return { rows: data.analytics.rows, years };
}

const seriesChart = echarts.init(byId("series-chart"), null, { renderer: "svg" });

function renderSeries(
  v: View,
  ranked: Row[],
  rows: (Row & { period: { label: string } })[],
  years: string[],
  unit: string,
): void {
  const t = T[v.lang];
  const places = ranked.slice(0, SERIES_PLACES).map((r) => r.place);
  const cell = (key: string, year: string) =>
    rows.find((r) => r.place.key === key && r.period.label === year)?.values[0];
  // an empty year is null: the line breaks there instead of joining its neighbours
  const series: LineSeriesOption[] = places.map((p, i) => ({
    type: "line",
    name: p.name,
    connectNulls: false,
    color: LINE_COLOURS[i],
    symbol: SYMBOLS[i],
    symbolSize: 8,
    data: years.map((y) => {
      const c = cell(p.key, y);
      return c?.value != null ? Number(c.value) : null;
    }),
  }));
  seriesChart.setOption(
    {
      animation: false,
      aria: { enabled: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series,
    },
    true,
  );
  const el = byId("series-chart");
  el.setAttribute(
    "aria-label",
    places
      .map(
        (p) =>
          `${p.name}: ${years
            .map((y) => {
              const c = cell(p.key, y);
              return `${y} ${cellText(c?.value ?? null, c?.qualifier ?? null, unit, v.lang)}`;
            })
            .join(", ")}`,
      )
      .join("; "),
  );
  el.dataset.gaps = places
    .map((p) => `${p.key}:${years.filter((y) => cell(p.key, y)?.value == null).join(",")}`)
    .join(";");
  el.dataset.state = "ready";
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
            { class: `numeric${c?.value == null ? " no-data" : ""}`, "data-year": y },
            cellText(c?.value ?? null, c?.qualifier ?? null, unit, v.lang),
          );
        }),
      ),
    ),
  );
}

const chart = echarts.init(byId("rank-chart"), null, { renderer: "svg" });
let current: { v: View; rows: Row[]; unit: string } | null = null;

function renderRanking(v: View, rows: Row[], unit: string): void {
  const withData = rows.filter((r) => r.values[0].value !== null);
  const shown = withData.length <= TOP_N * 2 ? withData : [...withData.slice(0, TOP_N), ...withData.slice(-TOP_N)];
  const el = byId("rank-chart");
  el.style.height = `${Math.max(120, shown.length * 24 + 40)}px`;
  const series: BarSeriesOption = {
    type: "bar",
    data: shown.map((r) => Number(r.values[0].value)),
    itemStyle: { color: "#0072B2" },
    label: {
      show: true,
      position: "right",
      formatter: (p) =>
        cellText(shown[p.dataIndex].values[0].value, shown[p.dataIndex].values[0].qualifier, unit, v.lang),
    },
  };
  chart.setOption(
    {
      animation: false,
      aria: { enabled: true },
      grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "item" },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", inverse: true, data: shown.map((r) => r.place.name) },
      series: [series],
    },
    true,
  );
  chart.resize();
  el.setAttribute(
    "aria-label",
    shown.map((r) => `${r.place.name}: ${cellText(r.values[0].value, r.values[0].qualifier, unit, v.lang)}`).join("; "),
  );
  el.dataset.signature = `${v.m}|${v.lv}|${v.in}|${v.y}|${v.b}`;
  el.dataset.state = "ready";
}

async function renderMap(v: View, rows: Row[], unit: string): Promise<void> {
  const card = byId("map-card");
  card.hidden = v.lv !== "PROVINCE" || !!v.in;
  if (card.hidden) return;
  const byCode = new Map(rows.map((r) => [r.place.code, r]));
  const nums = rows
    .map((r) => r.values[0].value)
    .filter((x): x is string => x !== null)
    .map(Number);
  const [min, max] = [Math.min(...nums), Math.max(...nums)];
  const owners = v.b ? await shapes2025() : new Map(TILES.map((t) => [t.code, [t.code]]));
  const ownerOf = new Map([...owners].flatMap(([owner, olds]) => olds.map((o) => [o, owner] as const)));
  const map = byId("map");
  map.replaceChildren();
  map.style.gridTemplateColumns = `repeat(${GRID_SIZE.cols}, 1fr)`;
  map.style.gridTemplateRows = `repeat(${GRID_SIZE.rows}, auto)`;
  for (const tile of TILES) {
    const row = byCode.get(ownerOf.get(tile.code) ?? tile.code);
    const val = row?.values[0];
    const text = row ? cellText(val!.value, val!.qualifier, unit, v.lang) : T[v.lang].noData;
    const cov =
      val && val.coverage.total ? ` · ${T[v.lang].coverage}: ${val.coverage.covered}/${val.coverage.total}` : "";
    const label = `${row?.place.name ?? tile.code}: ${text}${cov}`;
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
  byId("map-legend").textContent = nums.length
    ? `${cellText(String(min), null, unit, v.lang)} – ${cellText(String(max), null, unit, v.lang)}; ▨ ${T[v.lang].noData}`
    : `▨ ${T[v.lang].noData}`;
}

function renderTable(v: View, rows: Row[], unit: string): void {
  const t = T[v.lang];
  byId("rank-table")
    .querySelector("thead")!
    .replaceChildren(
      h(
        "tr",
        {},
        h("th", {}, "#"),
        h("th", {}, t.place),
        h("th", { class: "numeric" }, t.value),
        h("th", {}, t.coverage),
      ),
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
          { "data-place": r.place.key, class: val.value === null ? "no-data" : "" },
          h("td", {}, val.value === null ? "" : String(++rank)),
          h("td", { class: "place-name" }, name),
          h("td", { class: "numeric value" }, cellText(val.value, val.qualifier, unit, v.lang)),
          h("td", {}, val.coverage.total ? `${val.coverage.covered}/${val.coverage.total}` : ""),
        );
      }),
    );
}

function renderCrumbs(v: View, rows: Row[]): void {
  const t = T[v.lang];
  const nav = byId("crumbs");
  const home = h("button", { type: "button", class: "link", id: "crumb-country" }, t.country);
  home.addEventListener("click", () => show({ ...v, in: "", lv: "PROVINCE" }));
  const parent = rows.find((r) => r.place.parent?.key === v.in)?.place.parent;
  nav.replaceChildren(home, ...(v.in ? [" › ", h("span", { id: "crumb-place" }, parent?.name ?? v.in)] : []));
}

function drill(place: Place): void {
  const next = CHILD_LEVEL[place.level];
  if (current && next) void show({ ...current.v, in: place.key, lv: next });
}

function applyLanguage(v: View, catalogue: { measures: Map<string, MeasureInfo>; available: Available[] }): void {
  const t = T[v.lang];
  document.documentElement.lang = v.lang;
  for (const [id, text] of [
    ["title", t.title],
    ["l-measure", t.measure],
    ["l-level", t.level],
    ["l-year", t.year],
    ["rank-h", t.rank],
    ["map-h", t.map],
    ["table-h", t.table],
    ["l-boundaries", t.boundaries],
    ["l-flagged", t.flagged],
    ["to-compare", t.compare],
    ["series-h", t.series],
    ["l-from", t.from],
    ["l-to", t.to],
  ])
    byId(id).textContent = text;
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-lang]"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === v.lang));
  byId<HTMLSelectElement>("measure").replaceChildren(
    ...catalogue.available.map((a) => {
      const m = catalogue.measures.get(a.code);
      return h(
        "option",
        { value: a.code },
        `${(v.lang === "en" ? m?.nameEn : m?.name) ?? a.code} (${a.figures} ${t.figures})`,
      );
    }),
  );
  for (const o of byId<HTMLSelectElement>("level").options) o.textContent = t.levels[o.value];
}

let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
let generation = 0;

async function show(wanted: View, prefetched?: Promise<{ rows: Row[]; unit: string }>): Promise<void> {
  const v = completeView(wanted, catalogue.available);
  const same = prefetched && v.m === wanted.m && v.y === wanted.y;
  const mine = ++generation;
  byId("rank-chart").dataset.state = "loading";
  byId("series-chart").dataset.state = "loading";
  writeView(v);
  applyLanguage(v, catalogue);
  byId<HTMLSelectElement>("measure").value = v.m;
  byId<HTMLSelectElement>("level").value = v.lv;
  const years = catalogue.available.find((a) => a.code === v.m)?.years ?? [];
  byId<HTMLSelectElement>("year").replaceChildren(...years.map((y) => h("option", { value: y }, y)));
  byId<HTMLSelectElement>("year").value = v.y;
  byId<HTMLInputElement>("boundaries").checked = v.b;
  byId<HTMLInputElement>("flagged").checked = v.f;
  byId("status").textContent = T[v.lang].loading;
  const { rows, unit } = await (same ? prefetched : loadRanking(v));
  if (mine !== generation) return;
  current = { v, rows, unit };
  byId("status").textContent = T[v.lang].shown(rows.length, rows.filter((r) => r.values[0].value !== null).length);
  renderCrumbs(v, rows);
  renderRanking(v, rows, unit);
  renderTable(v, rows, unit);
  await renderMap(v, rows, unit);
  document.body.dataset.ready = "true";
  byId<HTMLInputElement>("from").value = v.from;
  byId<HTMLInputElement>("to").value = v.to;
  const ranked = rows.filter((r) => r.values[0].value !== null);
  const series = await loadSeries(
    v,
    ranked.slice(0, SERIES_PLACES).map((r) => r.place.key),
  );
  if (mine !== generation) return;
  renderSeries(v, ranked, series.rows, series.years, unit);
}

function download(name: string, type: string, text: string): void {
  const a = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  a.click();
  URL.revokeObjectURL(a.href);
}

function csvOfShown(): string {
  if (!current) return "";
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [["place_key", "place", "period", "value", "qualifier", "unit", "coverage"].join(",")];
  for (const r of current.rows) {
    const val = r.values[0];
    lines.push(
      [
        r.place.key,
        r.place.name,
        current.v.y,
        val.value ?? "",
        val.qualifier ?? "",
        current.unit,
        val.coverage.total ? `${val.coverage.covered}/${val.coverage.total}` : "",
      ]
        .map(quote)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

async function start(): Promise<void> {
  const wanted = readView();
  // a link that names its measure and year asks for the ranking and the catalogue at once
  const prefetched = wanted.m && wanted.y ? loadRanking(wanted) : undefined;
  prefetched?.catch(() => undefined);
  catalogue = await loadCatalogue();
  const onChange = (patch: () => Partial<View>) => () => current && void show({ ...current.v, ...patch() });
  byId("measure").addEventListener(
    "change",
    onChange(() => ({ m: byId<HTMLSelectElement>("measure").value })),
  );
  byId("level").addEventListener(
    "change",
    onChange(() => ({ lv: byId<HTMLSelectElement>("level").value, in: "" })),
  );
  byId("year").addEventListener(
    "change",
    onChange(() => ({ y: byId<HTMLSelectElement>("year").value })),
  );
  byId("boundaries").addEventListener(
    "change",
    onChange(() => ({ b: byId<HTMLInputElement>("boundaries").checked, in: "" })),
  );
  byId("flagged").addEventListener(
    "change",
    onChange(() => ({ f: byId<HTMLInputElement>("flagged").checked })),
  );
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-lang]")) {
    b.addEventListener(
      "click",
      onChange(() => ({ lang: b.dataset.lang as Lang })),
    );
  }
  byId("csv").addEventListener("click", () => download("ranking.csv", "text/csv;charset=utf-8", csvOfShown()));
  byId("svg").addEventListener("click", () =>
    download("ranking.svg", "image/svg+xml", byId("rank-chart").querySelector("svg")?.outerHTML ?? ""),
  );
  byId("png").addEventListener("click", () => {
    const a = h("a", {
      href: chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }) as string,
      download: "ranking.png",
    });
    a.click();
  });
  byId("from").addEventListener(
    "change",
    onChange(() => ({ from: byId<HTMLInputElement>("from").value })),
  );
  byId("to").addEventListener(
    "change",
    onChange(() => ({ to: byId<HTMLInputElement>("to").value })),
  );
  addEventListener("resize", () => {
    chart.resize();
    seriesChart.resize();
  });
  await show(wanted, prefetched);
}

start().catch((e: Error) => {
  byId("status").textContent = e.message;
});
