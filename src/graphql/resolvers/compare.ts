import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { compare } from "../../query/compare/compare.ts";
import { comparisonCsv } from "../../query/compare/csv.ts";
import { leafCoverageOf, type LeafCoverageData, type LeafMemo } from "../../query/compare/leaf-coverage.ts";
import type { ComparisonData, ComparisonRowData } from "../../query/compare/types.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { referenceOf } from "../reference.ts";
import { sourcesOfFigures } from "../sources.ts";
import { CompareInput } from "../types/compare-input.ts";
import { Comparison, ComparisonRow, LeafCoverage } from "../types/comparison.ts";
import { Place } from "../types/place.ts";
import { placeOfRow } from "./place-of-row.ts";
import { Source } from "../types/source.ts";

@Resolver(() => Comparison)
export class CompareResolver {
  @Query(() => Comparison, {
    description:
      "Compares one measure across places (any level, old and new units), with ratios of sums, qualifiers, coverage and provenance.",
    complexity: listCost(50),
  })
  async compare(
    @Ctx() ctx: GraphQLContext,
    @Arg("input", () => CompareInput) input: CompareInput,
  ): Promise<ComparisonData> {
    return compare({ pool: ctx.pool, ref: await referenceOf(ctx.deps), memo: ctx.memo }, input);
  }

  @FieldResolver(() => String, {
    description: "The rows as CSV (UTF-8, RFC 4180), for spreadsheets and statistics packages.",
  })
  async csv(@Root() c: ComparisonData, @Ctx() ctx: GraphQLContext): Promise<string> {
    return comparisonCsv(c, await referenceOf(ctx.deps));
  }
}

/** The reported positions of each leaf scope, read once per request (src/query/compare/leaf-coverage.ts). */
const positionsOf = new WeakMap<GraphQLContext, LeafMemo>();

@Resolver(() => ComparisonRow)
export class ComparisonRowResolver {
  @FieldResolver(() => [LeafCoverage], {
    description:
      "Coverage through the levels, per child of the row, over places and over ethnic groups: how many units of the lowest " +
      "level reached have a figure (empty when the row's own figure answers it, or nothing lies under it).",
  })
  async leafCoverage(@Root() r: ComparisonRowData, @Ctx() ctx: GraphQLContext): Promise<LeafCoverageData[]> {
    const memo: LeafMemo = positionsOf.get(ctx) ?? new Map();
    positionsOf.set(ctx, memo);
    return leafCoverageOf(ctx.pool, await referenceOf(ctx.deps), r, memo);
  }

  @FieldResolver(() => Place)
  place(@Root() r: ComparisonRowData, @Ctx() ctx: GraphQLContext): Place | Promise<Place> {
    return placeOfRow(ctx, r.placeKey, "comparison");
  }

  @FieldResolver(() => [Source], {
    description: "The reports behind the row, each with the quote of one of its figures; batched for all rows.",
  })
  sources(@Root() r: ComparisonRowData, @Ctx() ctx: GraphQLContext): Promise<Source[]> {
    return sourcesOfFigures(ctx, r.figureIds);
  }
}
