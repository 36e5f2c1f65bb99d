/**
 * The planners' page's GraphQL requests, as text and variables (no DOM): the page sends them, the
 * browser test and the ranking benchmark (test/bench/planner-ranking.mts) send exactly the same.
 */

/** What the page needs to know about a view to ask for it. */
export interface RankingView {
  m: string;
  lv: string;
  /** The parent drilled into (a place key), or "". */
  in: string;
  /** A place group's code when lv is GROUP. */
  g: string;
  y: string;
  b: boolean;
  f: boolean;
}

export const VALUE_FIELDS = `value lower upper qualifier derivation flags coverage { covered total dimension }`;

/** The pickers: measures with their counts of figures and periods, and the place groups. */
export const CATALOGUE_FIELDS = `measures { code name nameEn unit }
  dataAvailability(by: [MEASURE]) { measure { code } figures periods }
  placeGroups { code name place { key } }`;

const RANKING_FIELDS = `columns { unit } rows {
  place { key code name level parent { key name } } values { ${VALUE_FIELDS} } }`;

/** 2025 provinces and the old provinces they were made of (the tile-grid map's 34 shapes). */
export const SHAPES_2025_FIELDS = `shapes2025: places(level: PROVINCE, asOf: "2025-07-01") { code predecessors { code level } }`;

const filterOf = (v: Pick<RankingView, "b" | "f">) => ({
  boundaries: v.b ? "CURRENT" : undefined,
  includeFlagged: v.f || undefined,
});

function placesOf(v: RankingView): Record<string, unknown>[] {
  if (v.lv === "GROUP") return [{ group: v.g }];
  if (v.in) return [{ childrenOf: v.in }];
  return [{ level: v.lv, ...(v.b ? { asOf: "2025-07-01" } : {}) }];
}

/** Every place of the view for one year, highest first, the places with no value as NO_DATA rows last. */
export function rankingInput(v: RankingView): Record<string, unknown> {
  return {
    measures: [{ code: v.m }],
    places: placesOf(v),
    periods: { from: v.y, to: v.y, granularity: "YEAR", fillEmpty: true },
    filter: filterOf(v),
    orderBy: [{ measure: v.m, direction: "DESC" }],
    limit: 5000,
  };
}

export const RANKING_QUERY = `query Rank($q: AnalyticsInput!) { analytics(query: $q) { ${RANKING_FIELDS} } }`;

/**
 * The first request of a view whose measure and year are known: the catalogue, the ranking and, for
 * 2025 boundaries, the map's shapes, in one HTTP request (no waterfall before the first paint).
 */
export function startQuery(v: RankingView): { query: string; variables: Record<string, unknown> } {
  return {
    query: `query Start($q: AnalyticsInput!) { ${CATALOGUE_FIELDS} ranking: analytics(query: $q) { ${RANKING_FIELDS} } ${
      v.b && v.lv === "PROVINCE" && !v.in ? SHAPES_2025_FIELDS : ""
    } }`,
    variables: { q: rankingInput(v) },
  };
}

export const CATALOGUE_QUERY = `{ ${CATALOGUE_FIELDS} }`;

/** The top places of a ranking over a range of years, every year a row (NO_DATA when empty). */
export function seriesInput(v: RankingView & { from: string; to: string }, keys: string[]): Record<string, unknown> {
  return {
    measures: [{ code: v.m }],
    places: [{ keys }],
    periods: { from: v.from, to: v.to, granularity: "YEAR", fillEmpty: true },
    filter: filterOf(v),
    limit: 5000,
  };
}

export const SERIES_QUERY = `query Series($q: AnalyticsInput!) { analytics(query: $q) { rows { period { label }
  place { key code name level } values { ${VALUE_FIELDS} } } } }`;
