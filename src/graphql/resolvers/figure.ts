import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { DEFAULT_PAGE_SIZE, encodeCursor, figureById, findFigures, MAX_PAGE_SIZE } from "../../query/figures.ts";
import type { EthnicityRecord, FigureRow, MeasureRecord, PlaceRecord, ProgrammeRecord } from "../../query/rows.ts";
import { formatPeriod } from "../../rules/period.ts";
import { figureStandard, type PovertyStandard } from "../../rules/poverty-standard.ts";
import { pageCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { EthnicGroup } from "../types/ethnic-group.ts";
import { Figure } from "../types/figure.ts";
import { FigureChange } from "../types/figure-change.ts";
import { FigureConnection } from "../types/figure-connection.ts";
import { FigureFilter } from "../types/figure-filter.ts";
import { Measure } from "../types/measure.ts";
import { Place } from "../types/place.ts";
import { Programme } from "../types/programme.ts";
import { Source } from "../types/source.ts";

@Resolver(() => Figure)
export class FigureResolver {
  @Query(() => FigureConnection, {
    complexity: pageCost(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    description: `Reported figures in id order. Flagged (IMPLAUSIBLE) figures only with includeFlagged. first: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.`,
  })
  async figures(
    @Ctx() ctx: GraphQLContext,
    @Arg("filter", () => FigureFilter, { nullable: true }) filter?: FigureFilter | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." })
    after?: string | null,
  ): Promise<FigureConnection> {
    const page = await findFigures(ctx.pool, filter ?? {}, { first, after });
    const edges = page.rows.map((node) => ({ cursor: encodeCursor(node.id), node: node as Figure }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      countTotal: page.countTotal,
    };
  }

  @Query(() => Figure, { nullable: true, description: "One figure by id (flagged or not)." })
  async figure(@Ctx() ctx: GraphQLContext, @Arg("id", () => ID) id: string): Promise<FigureRow | null> {
    return figureById(ctx.pool, id);
  }

  @FieldResolver(() => [FigureChange], {
    description: "Every recorded change of this figure (its document and key), oldest first; batched for all figures.",
  })
  async history(@Root() f: FigureRow, @Ctx() ctx: GraphQLContext): Promise<FigureChange[]> {
    const trail = await ctx.loaders.figureHistory.load(`${f.documentId}|${f.figureKey}`);
    return trail.map((a) => ({
      id: a.id,
      at: a.at,
      actor: a.actor,
      action: a.action,
      old: a.old,
      new: a.next,
      oldValue: (a.old?.value as string | undefined) ?? null,
      newValue: (a.next?.value as string | undefined) ?? null,
      changes:
        a.old && a.next
          ? Object.keys({ ...a.old, ...a.next })
              .filter((k) => JSON.stringify(a.old![k]) !== JSON.stringify(a.next![k]))
              .sort()
          : [],
    }));
  }

  @FieldResolver(() => Place)
  async place(@Root() f: FigureRow, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord> {
    return required(await ctx.loaders.place.load(f.placeKey), "place", f.placeKey);
  }

  @FieldResolver(() => EthnicGroup)
  async ethnicGroup(@Root() f: FigureRow, @Ctx() ctx: GraphQLContext): Promise<EthnicityRecord> {
    return required(await ctx.loaders.ethnicity.load(f.ethnicityCode), "ethnicity", f.ethnicityCode);
  }

  @FieldResolver(() => Programme)
  async programme(@Root() f: FigureRow, @Ctx() ctx: GraphQLContext): Promise<ProgrammeRecord> {
    return required(await ctx.loaders.programme.load(f.programmeCode), "programme", f.programmeCode);
  }

  @FieldResolver(() => Measure)
  async measure(@Root() f: FigureRow, @Ctx() ctx: GraphQLContext): Promise<MeasureRecord> {
    return required(await ctx.loaders.measure.load(f.measureCode), "measure", f.measureCode);
  }

  @FieldResolver(() => String, { description: 'The period in the shortest form ("2023", "2021-2025", "2024-01-01").' })
  period(@Root() f: FigureRow): string {
    return formatPeriod(f.periodStart, f.periodEnd);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The poverty standard the figure was measured under (INCOME_2011_2015, MULTIDIMENSIONAL_2016_2020, " +
      "MULTIDIMENSIONAL_2022_2025; see povertyStandards): as its import states, else for a measure that depends on who is " +
      "poor the one in force over its whole period; null when none applies or its period spans two.",
  })
  povertyStandard(@Root() f: FigureRow): PovertyStandard | null {
    return figureStandard(f.measureCode, f.povertyStandard as PovertyStandard | null, f.periodStart, f.periodEnd);
  }

  @FieldResolver(() => Source, { description: "The report, with this figure's quote." })
  async source(@Root() f: FigureRow, @Ctx() ctx: GraphQLContext): Promise<Source> {
    const doc = required(await ctx.loaders.document.load(f.documentId), "document", String(f.documentId));
    return { ...doc, quote: f.quote, figureId: f.id };
  }
}

@Resolver(() => FigureConnection)
export class FigureConnectionResolver {
  @FieldResolver(() => Int, { description: "Figures matching the filter, across all pages." })
  totalCount(@Root() c: FigureConnection): Promise<number> {
    return c.countTotal();
  }
}

/** Foreign keys guarantee these rows; a miss is a broken database, not a caller's error. */
function required<T>(row: T | null, what: string, key: string): T {
  if (!row) throw new Error(`figure refers to a missing ${what} "${key}"`);
  return row;
}
