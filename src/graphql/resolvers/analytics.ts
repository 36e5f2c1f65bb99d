import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { analytics } from "../../query/analytics/analytics.ts";
import { analyticsCsv, pivot } from "../../query/analytics/csv.ts";
import type {
  AnalyticsData,
  AnalyticsInput as AnalyticsInputData,
  AnalyticsRowData,
  AnalyticsValueData,
} from "../../query/analytics/types.ts";
import { placeGroupMembers } from "../../query/place-groups.ts";
import { formatPeriod } from "../../rules/period.ts";
import { analyticsCost } from "../analytics-cost.ts";
import type { GraphQLContext } from "../context.ts";
import { referenceOf } from "../reference.ts";
import { sourcesOfFigures } from "../sources.ts";
import { AnalyticsInput, PivotDimension } from "../types/analytics-input.ts";
import { Analytics, AnalyticsRow, AnalyticsValue, PeriodSpan, PivotTable } from "../types/analytics.ts";
import { Place } from "../types/place.ts";
import { placeOfRow } from "./place-of-row.ts";
import { Source } from "../types/source.ts";

@Resolver(() => Analytics)
export class AnalyticsResolver {
  @Query(() => Analytics, {
    description:
      "Researchers' analytics: measures × places × periods (× programmes, ethnic groups, kinds) in one table, each value the honest cell `compare` gives; ordered, filtered with `having`, cut with limit/offset, as CSV or a pivot.",
    complexity: analyticsCost,
  })
  async analytics(
    @Ctx() ctx: GraphQLContext,
    @Arg("query", () => AnalyticsInput) query: AnalyticsInput,
  ): Promise<AnalyticsData> {
    return analytics(
      {
        pool: ctx.pool,
        ref: await referenceOf(ctx.deps),
        memo: ctx.memo,
        groups: (code) => placeGroupMembers(ctx.pool, code),
      },
      query as AnalyticsInputData,
    );
  }

  @FieldResolver(() => String, {
    description:
      "The rows as CSV (UTF-8, RFC 4180): one column group per measure (value, qualifier, lower, upper, derivation, coverage, flags).",
  })
  async csv(@Root() a: AnalyticsData, @Ctx() ctx: GraphQLContext): Promise<string> {
    return analyticsCsv(a, await referenceOf(ctx.deps));
  }

  @FieldResolver(() => PivotTable, { description: "The rows as a pivot table, for spreadsheets." })
  async pivot(
    @Root() a: AnalyticsData,
    @Ctx() ctx: GraphQLContext,
    @Arg("rows", () => [PivotDimension]) rows: PivotDimension[],
    @Arg("columns", () => [PivotDimension]) columns: PivotDimension[],
  ): Promise<PivotTable> {
    return pivot(a, await referenceOf(ctx.deps), rows, columns);
  }
}

@Resolver(() => AnalyticsRow)
export class AnalyticsRowResolver {
  @FieldResolver(() => Place)
  async place(@Root() r: AnalyticsRowData, @Ctx() ctx: GraphQLContext): Promise<Place> {
    return placeOfRow(ctx, r.placeKey, "analytics");
  }

  @FieldResolver(() => PeriodSpan, {
    nullable: true,
    description: "Null only for a NO_DATA row of a query with no periods.",
  })
  period(@Root() r: AnalyticsRowData): PeriodSpan | null {
    return spanOf(r.periodStart, r.periodEnd);
  }
}

@Resolver(() => AnalyticsValue)
export class AnalyticsValueResolver {
  @FieldResolver(() => PeriodSpan, {
    nullable: true,
    description:
      "The reported period the value comes from, when not the row's own (a stock's latest count inside the year).",
  })
  sourcePeriod(@Root() v: AnalyticsValueData): PeriodSpan | null {
    return spanOf(v.sourcePeriodStart, v.sourcePeriodEnd);
  }

  @FieldResolver(() => [Source], {
    description: "The reports behind the value, each with the quote of one of its figures; batched for all values.",
  })
  async sources(@Root() v: AnalyticsValueData, @Ctx() ctx: GraphQLContext): Promise<Source[]> {
    return sourcesOfFigures(ctx, v.figureIds);
  }
}

function spanOf(start: string | null, end: string | null): PeriodSpan | null {
  return start && end ? { start, end, label: formatPeriod(start, end) } : null;
}
