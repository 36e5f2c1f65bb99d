import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { dataAvailability, MAX_AVAILABILITY_ROWS } from "../../query/availability.ts";
import type { DocumentRow, MeasureRecord, PlaceRecord } from "../../query/rows.ts";
import { formatPeriod } from "../../rules/period.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { referenceOf } from "../reference.ts";
import { PeriodSpan } from "../types/analytics.ts";
import { AvailabilityDimension, AvailabilityEntry, AvailabilityFilter } from "../types/availability.ts";
import { Document } from "../types/document.ts";
import { Measure } from "../types/measure.ts";
import { Place } from "../types/place.ts";

@Resolver(() => AvailabilityEntry)
export class AvailabilityResolver {
  @Query(() => [AvailabilityEntry], {
    complexity: listCost(100),
    description: `What data there is: counts of figures, the measures and periods they cover, by place (rolled up to \`filter.level\`), measure, programme, period, kind or document. At most ${MAX_AVAILABILITY_ROWS} rows.`,
  })
  async dataAvailability(
    @Ctx() ctx: GraphQLContext,
    @Arg("by", () => [AvailabilityDimension]) by: AvailabilityDimension[],
    @Arg("filter", () => AvailabilityFilter, { nullable: true }) filter?: AvailabilityFilter | null,
  ): Promise<AvailabilityEntry[]> {
    const rows = await dataAvailability(ctx.pool, await referenceOf(ctx.deps), filter ?? {}, by);
    return rows.map(({ measure, ...r }) => ({ ...r, measureCode: measure }));
  }

  @FieldResolver(() => Place, { nullable: true })
  place(@Root() e: AvailabilityEntry, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord | null> | null {
    return e.placeKey ? ctx.loaders.place.load(e.placeKey) : null;
  }

  @FieldResolver(() => Measure, { nullable: true })
  measure(@Root() e: AvailabilityEntry, @Ctx() ctx: GraphQLContext): Promise<MeasureRecord | null> | null {
    return e.measureCode ? ctx.loaders.measure.load(e.measureCode) : null;
  }

  @FieldResolver(() => PeriodSpan, { nullable: true })
  period(@Root() e: AvailabilityEntry): PeriodSpan | null {
    return e.periodStart && e.periodEnd
      ? { start: e.periodStart, end: e.periodEnd, label: formatPeriod(e.periodStart, e.periodEnd) }
      : null;
  }

  @FieldResolver(() => Document, { nullable: true })
  document(@Root() e: AvailabilityEntry, @Ctx() ctx: GraphQLContext): Promise<DocumentRow | null> | null {
    return e.documentId === null ? null : ctx.loaders.document.load(e.documentId);
  }
}
