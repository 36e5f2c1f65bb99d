import { Arg, Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import { validationResults, type ValidationResultRow } from "../../query/validation.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";

@ObjectType({ description: "A finding of the import's checks on one figure: never blocking, stored with the figure." })
export class ValidationResult implements ValidationResultRow {
  @Field(() => String)
  sourceKey!: string;

  @Field(() => String)
  documentTitle!: string;

  @Field(() => String)
  figureKey!: string;

  @Field(() => String)
  placeKey!: string;

  @Field(() => String)
  measureCode!: string;

  @Field(() => String, {
    description:
      "IMPLAUSIBLE (left out of sums), or a consistency rule (still counted): RATE_VS_COUNTS, PARTS_VS_TOTAL, " +
      "TOTAL_BELOW_PART, ATTAINMENT_VS_PLAN.",
  })
  rule!: string;

  @Field(() => String)
  reason!: string;
}

@Resolver()
export class ValidationResolver {
  @Query(() => [ValidationResult], {
    complexity: listCost(50),
    description: "The import checks' findings, by document, place and rule.",
  })
  async validationResults(
    @Ctx() ctx: GraphQLContext,
    @Arg("sourceKey", () => String, { nullable: true }) sourceKey?: string | null,
    @Arg("place", () => String, { nullable: true, description: "A place key." }) place?: string | null,
    @Arg("rule", () => String, { nullable: true }) rule?: string | null,
  ): Promise<ValidationResultRow[]> {
    return validationResults(ctx.pool, { sourceKey, placeKey: place, rule });
  }
}
