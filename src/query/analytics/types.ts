import type { Comparator } from "../../rules/bounded-threshold.ts";
import type { Granularity, RelativePeriod } from "../../rules/period-buckets.ts";
import type { FigureKind } from "../../shared/slices.ts";
import type { CompareSource, ComparisonRowData } from "../compare/types.ts";
import type { BoundaryName } from "../reference-cache.ts";

export type AnalyticsDimension = "PLACE" | "PERIOD" | "PROGRAMME" | "ETHNICITY" | "KIND";
export type PlaceLevelName = "NATION" | "REGION" | "PROVINCE" | "DISTRICT" | "COMMUNE";

export interface AnalyticsMeasureInput {
  code: string;
  per?: string | null;
  againstPlan?: boolean | null;
}

/** One way of naming places; a query's selectors are combined (a place named twice is one row). */
export interface PlaceSelector {
  keys?: string[] | null;
  level?: PlaceLevelName | null;
  /** With `level`: only the units under this place (default the nation). */
  within?: string | null;
  childrenOf?: string | null;
  includeParent?: boolean | null;
  group?: string | null;
  /** "YYYY-MM-DD": with `level` or `childrenOf`, only the units valid on that day. */
  asOf?: string | null;
}

export interface PeriodSpec {
  list?: string[] | null;
  from?: string | null;
  to?: string | null;
  granularity?: Granularity | null;
  relative?: RelativePeriod | null;
  /** The day a relative period counts from ("YYYY-MM-DD"). */
  asOf?: string | null;
  fillEmpty?: boolean | null;
}

export interface AnalyticsFilter {
  programme?: string | null;
  ethnicity?: string | null;
  kind?: FigureKind | null;
  boundaries?: BoundaryName | null;
  includeFlagged?: boolean | null;
  source?: CompareSource | null;
}

export interface OrderTerm {
  measure?: string | null;
  dimension?: AnalyticsDimension | null;
  direction?: "ASC" | "DESC" | null;
}

export type HavingTerm = { measure: string } & Partial<Record<Comparator, string | number | null>>;

export interface AnalyticsInput {
  measures: AnalyticsMeasureInput[];
  places: PlaceSelector[];
  periods?: PeriodSpec | null;
  groupBy?: AnalyticsDimension[] | null;
  filter?: AnalyticsFilter | null;
  orderBy?: OrderTerm[] | null;
  having?: HavingTerm[] | null;
  limit?: number | null;
  offset?: number | null;
  /** The answer as the platform knew it at that moment (figures before later corrections). */
  asOf?: Date | null;
}

/** A measure column: its name in rows, orderBy, having and CSV (code, code/per or code:plan). */
export interface AnalyticsColumn {
  name: string;
  /** The same as `name`: rows' values name their column by it. */
  measure: string;
  code: string;
  per: string | null;
  againstPlan: boolean;
  unit: string;
  aggregation: string;
  flow: boolean;
  /** The dimensions over which the value may be added (money adds over everything, households not over programmes…). */
  additiveOver: string[];
}

/** One measure's cell in a row: the same honest cell `compare` gives. */
export interface AnalyticsValueData extends Omit<
  ComparisonRowData,
  "placeKey" | "requested" | "ethnicity" | "programme" | "periodStart" | "periodEnd"
> {
  measure: string;
  /** The reported period the value comes from when it is not the row's own (a stock's latest date in a year). */
  sourcePeriodStart: string | null;
  sourcePeriodEnd: string | null;
}

export interface AnalyticsRowData {
  placeKey: string;
  requested: string[];
  periodStart: string | null;
  periodEnd: string | null;
  ethnicity: string;
  programme: string;
  kind: FigureKind;
  values: AnalyticsValueData[];
}

export interface AnalyticsData {
  columns: AnalyticsColumn[];
  rows: AnalyticsRowData[];
  /** Rows before limit/offset. */
  total: number;
  servedFrom: "ROLLUP" | "FACTS";
  boundaries: BoundaryName;
  asOf: Date | null;
  computedAt: Date | null;
  /** places × periods × groups × kinds × measures: what the query expanded into. */
  expansion: Expansion;
}

export interface Expansion {
  places: number;
  periods: number;
  ethnicities: number;
  programmes: number;
  kinds: number;
  measures: number;
  cells: number;
}
