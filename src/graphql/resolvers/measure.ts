import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { columns, MEASURE_COLUMNS, type MeasureRecord } from "../../query/rows.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { Measure } from "../types/measure.ts";

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => [Measure], { complexity: listCost(30) })
  async measures(@Ctx() ctx: GraphQLContext): Promise<MeasureRecord[]> {
    const r = await ctx.pool.query<MeasureRecord>(`SELECT ${columns(MEASURE_COLUMNS)} FROM measure ORDER BY code`);
    for (const m of r.rows) ctx.loaders.measure.prime(m.code, m);
    return r.rows;
  }

  @Query(() => Measure, { nullable: true, description: "One measure by code; unknown → NOT_FOUND." })
  async measure(@Ctx() ctx: GraphQLContext, @Arg("code", () => String) code: string): Promise<MeasureRecord> {
    const m = await ctx.loaders.measure.load(code.trim());
    if (!m) throw notFound(`no measure "${code}"`);
    return m;
  }

  @FieldResolver(() => Measure, { nullable: true, description: "For a RATIO: the measure summed above the line." })
  numerator(@Root() m: MeasureRecord, @Ctx() ctx: GraphQLContext): Promise<MeasureRecord | null> | null {
    return m.numeratorCode ? ctx.loaders.measure.load(m.numeratorCode) : null;
  }

  @FieldResolver(() => Measure, { nullable: true, description: "For a RATIO: the measure summed below the line." })
  denominator(@Root() m: MeasureRecord, @Ctx() ctx: GraphQLContext): Promise<MeasureRecord | null> | null {
    return m.denominatorCode ? ctx.loaders.measure.load(m.denominatorCode) : null;
  }
}
