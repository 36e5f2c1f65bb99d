import { Arg, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from "type-graphql";
import { MEASURES_BY_POVERTY_STANDARD, POVERTY_STANDARDS } from "../../rules/poverty-standard.ts";
import { columns, MEASURE_COLUMNS, type MeasureRecord } from "../../query/rows.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { Measure } from "../types/measure.ts";

@ObjectType({
  description:
    "A poverty standard (who counts as poor): figures measured under different standards are not one series. A figure carries " +
    "the standard its import states, else the one in force during its period.",
})
export class PovertyStandard {
  @Field(() => String, { description: "INCOME_2011_2015, MULTIDIMENSIONAL_2016_2020 or MULTIDIMENSIONAL_2022_2025." })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  nameEn!: string;

  @Field(() => String, { description: "The legal basis (decision or decree)." })
  basis!: string;

  @Field(() => String, { description: "First day in force (ISO date)." })
  validFrom!: string;

  @Field(() => String, { description: "Last day in force (ISO date)." })
  validTo!: string;
}

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => [PovertyStandard], { description: "The poverty standards, oldest first." })
  povertyStandards(): PovertyStandard[] {
    return POVERTY_STANDARDS.map((s) => ({ ...s }));
  }

  @FieldResolver(() => Boolean, {
    description:
      "Whether the measure depends on who counts as poor (rates, poor households …): compared across poverty standards, its rows say so.",
  })
  byPovertyStandard(@Root() m: MeasureRecord): boolean {
    return MEASURES_BY_POVERTY_STANDARD.has(m.code);
  }

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
