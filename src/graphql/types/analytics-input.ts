import { Field, Float, InputType, Int, registerEnumType } from "type-graphql";
import { RELATIVE_PERIODS } from "../../rules/period-buckets.ts";
import { DateScalar, DateTimeScalar } from "../scalars/index.ts";
import { Boundaries } from "./boundaries.ts";
import { CompareSource } from "./compare-input.ts";
import { FigureKind } from "./figure-kind.ts";
import { PlaceLevel } from "./place-level.ts";

export enum AnalyticsDimension {
  PLACE = "PLACE",
  PERIOD = "PERIOD",
  PROGRAMME = "PROGRAMME",
  ETHNICITY = "ETHNICITY",
  KIND = "KIND",
}
registerEnumType(AnalyticsDimension, {
  name: "AnalyticsDimension",
  description:
    "A dimension of analytics rows. Rows are always one place × one period (places and periods are never added together); PROGRAMME, ETHNICITY and KIND break them down further.",
});

export enum PivotDimension {
  PLACE = "PLACE",
  PERIOD = "PERIOD",
  PROGRAMME = "PROGRAMME",
  ETHNICITY = "ETHNICITY",
  KIND = "KIND",
  MEASURE = "MEASURE",
}
registerEnumType(PivotDimension, {
  name: "PivotDimension",
  description: "A dimension of a pivot table, or MEASURE (one column per measure).",
});

export enum Granularity {
  YEAR = "YEAR",
  HALF = "HALF",
  QUARTER = "QUARTER",
  MONTH = "MONTH",
}
registerEnumType(Granularity, {
  name: "Granularity",
  description: "The buckets of a regular series: flows are summed into each, stocks take their latest value in it.",
});

export const RelativePeriod = Object.fromEntries(RELATIVE_PERIODS.map((p) => [p, p])) as {
  [K in (typeof RELATIVE_PERIODS)[number]]: K;
};
registerEnumType(RelativePeriod, {
  name: "RelativePeriod",
  description:
    "Periods counted back from a day (DHIS2's relative periods): LAST_n excludes the current year, quarter or month, THIS_ is the current one.",
});

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, { name: "SortDirection" });

@InputType({ description: "A measure column: the measure, or a ratio of sums with `per` or `againstPlan`." })
export class AnalyticsMeasureInput {
  @Field(() => String, { description: "A measure code (see `measures`)." })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A count measure to divide by: the column is Σ code / Σ per, named "code/per".',
  })
  per?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Actual against plan: the column ("code:plan") keeps the actual value, `ratio` = actual / plan.',
  })
  againstPlan?: boolean | null;
}

@InputType({
  description:
    "Places, by exactly one of: `keys`; `level` (within a parent, default the nation); `childrenOf` (with `includeParent`); `group`. Selectors combine.",
})
export class PlaceSelectorInput {
  @Field(() => [String], {
    nullable: true,
    description: 'Keys ("P-80-2008"), official codes resolved against the periods, "code@YYYY-MM-DD", or names.',
  })
  keys?: string[] | null;

  @Field(() => PlaceLevel, {
    nullable: true,
    description: "Every unit of this level under `within` (DHIS2's LEVEL-n).",
  })
  level?: PlaceLevel | null;

  @Field(() => String, { nullable: true, description: "With `level`: the parent (a key or code); default the nation." })
  within?: string | null;

  @Field(() => String, { nullable: true, description: "The children of this place." })
  childrenOf?: string | null;

  @Field(() => Boolean, { nullable: true, description: "With `childrenOf`: the parent's own row too." })
  includeParent?: boolean | null;

  @Field(() => String, { nullable: true, description: "The members of a place group." })
  group?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "Only units valid on this day (default: valid during the periods asked for).",
  })
  asOf?: string | null;
}

@InputType({
  description:
    "Periods: a `list`, a range `from`..`to` (with a `granularity` for a regular series), or a `relative` period counted from `asOf`.",
})
export class PeriodsInput {
  @Field(() => [String], {
    nullable: true,
    description: 'Periods, each a row: "2022", "2021-2025", "2024-05", "2024-01-01".',
  })
  list?: string[] | null;

  @Field(() => String, { nullable: true })
  from?: string | null;

  @Field(() => String, { nullable: true })
  to?: string | null;

  @Field(() => Granularity, {
    nullable: true,
    description: "Without it, a range gives every period reported inside it (as `compare`).",
  })
  granularity?: Granularity | null;

  @Field(() => RelativePeriod, { nullable: true })
  relative?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "The day a relative period counts from (required with `relative` unless the query has `asOf`).",
  })
  asOf?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "A NO_DATA row for every place × period with nothing, so series are regular.",
  })
  fillEmpty?: boolean | null;
}

@InputType({ description: "What the rows are not broken down by." })
export class AnalyticsFilterInput {
  @Field(() => String, { nullable: true, description: 'A programme code; default the root ("ALL").' })
  programme?: string | null;

  @Field(() => String, { nullable: true, description: 'An ethnic group code, "DTTS" or "ALL" (default).' })
  ethnicity?: string | null;

  @Field(() => FigureKind, { nullable: true, description: "Default ACTUAL (every kind with groupBy KIND)." })
  kind?: FigureKind | null;

  @Field(() => Boundaries, { nullable: true })
  boundaries?: Boundaries | null;

  @Field(() => Boolean, { nullable: true, description: "Count figures flagged IMPLAUSIBLE too (answered from facts)." })
  includeFlagged?: boolean | null;

  @Field(() => CompareSource, { nullable: true })
  source?: CompareSource | null;
}

@InputType({
  description:
    "Order by a measure column's value or by a dimension; rows with no value for the measure come last either way.",
})
export class AnalyticsOrderInput {
  @Field(() => String, { nullable: true, description: 'A column name: the code, "code/per" or "code:plan".' })
  measure?: string | null;

  @Field(() => AnalyticsDimension, { nullable: true })
  dimension?: AnalyticsDimension | null;

  @Field(() => SortDirection, { nullable: true, description: "Default ASC." })
  direction?: SortDirection | null;
}

@InputType({
  description:
    "A condition on a measure column's value (DHIS2's measureCriteria). Bounds count: a row whose interval straddles the threshold stays, flagged HAVING_UNCERTAIN.",
})
export class HavingInput {
  @Field(() => String)
  measure!: string;

  @Field(() => Float, { nullable: true })
  gt?: number | null;

  @Field(() => Float, { nullable: true })
  ge?: number | null;

  @Field(() => Float, { nullable: true })
  lt?: number | null;

  @Field(() => Float, { nullable: true })
  le?: number | null;

  @Field(() => Float, { nullable: true })
  eq?: number | null;
}

@InputType({
  description: "One analytics question: measures × places × periods, broken down and filtered, ordered and cut.",
})
export class AnalyticsInput {
  @Field(() => [AnalyticsMeasureInput])
  measures!: AnalyticsMeasureInput[];

  @Field(() => [PlaceSelectorInput])
  places!: PlaceSelectorInput[];

  @Field(() => PeriodsInput, { nullable: true, description: "Omitted: every reported period." })
  periods?: PeriodsInput | null;

  @Field(() => [AnalyticsDimension], { nullable: true })
  groupBy?: AnalyticsDimension[] | null;

  @Field(() => AnalyticsFilterInput, { nullable: true })
  filter?: AnalyticsFilterInput | null;

  @Field(() => [AnalyticsOrderInput], { nullable: true })
  orderBy?: AnalyticsOrderInput[] | null;

  @Field(() => [HavingInput], { nullable: true })
  having?: HavingInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description: "Rows to return (default 1000, at most 5000); `total` counts them all.",
  })
  limit?: number | null;

  @Field(() => Int, { nullable: true })
  offset?: number | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "The answer as the platform knew it at that moment (from the audit trail; answered from facts).",
  })
  asOf?: Date | null;
}
