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

/** The pickers: measures with their counts of figures and periods, and the place groups with their members. */
export const CATALOGUE_FIELDS = `measures { code name nameEn unit }
  dataAvailability(by: [MEASURE]) { measure { code } figures periods }
  placeGroups { code name members { key level } }`;

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

/** The levels of the place tree the level picker offers (a group's members are units of these). */
export const UNIT_LEVELS = ["PROVINCE", "DISTRICT", "COMMUNE"] as const;

/**
 * For the level and group pickers: the figures of a measure and year under each unit of each level
 * (a commune's figures counted for its district and its province), one list per level.
 */
export function countsQuery(v: Pick<RankingView, "m" | "y" | "f">): {
  query: string;
  variables: Record<string, unknown>;
} {
  const perLevel = UNIT_LEVELS.map(
    (level) =>
      `${level}: dataAvailability(by: [PLACE], filter: { measures: [$m], period: $y, includeFlagged: $f, level: ${level} }) { place { key } figures }`,
  );
  return {
    query: `query Counts($m: String!, $y: String!, $f: Boolean) { ${perLevel.join(" ")} }`,
    variables: { m: v.m, y: v.y, f: v.f },
  };
}

export type CountsAnswer = Record<(typeof UNIT_LEVELS)[number], { place: { key: string }; figures: number }[]>;

export interface FigureCounts {
  /** Figures at or under the units of each level. */
  levels: Map<string, number>;
  /** Figures at or under each group's members (a member counted once, whatever its level). */
  groups: Map<string, number>;
}

/** What the pickers show: the counts per level, and per group the sum over its members. */
export function countsOf(
  answer: CountsAnswer,
  groups: { code: string; members: { key: string; level: string }[] }[],
): FigureCounts {
  const perPlace = new Map<string, number>();
  const levels = new Map<string, number>();
  for (const level of UNIT_LEVELS) {
    let total = 0;
    for (const row of answer[level]) {
      perPlace.set(row.place.key, row.figures);
      total += row.figures;
    }
    levels.set(level, total);
  }
  const groupTotals = groups.map((g) => {
    const members = new Set(g.members.map((m) => m.key));
    return [g.code, [...members].reduce((n, key) => n + (perPlace.get(key) ?? 0), 0)] as const;
  });
  return { levels, groups: new Map(groupTotals) };
}
