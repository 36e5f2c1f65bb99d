import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { columns, ETHNICITY_COLUMNS, type EthnicityRecord } from "../../query/rows.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { EthnicGroup, isMinority } from "../types/ethnic-group.ts";

@Resolver(() => EthnicGroup)
export class EthnicGroupResolver {
  @Query(() => [EthnicGroup], {
    complexity: listCost(60),
    description: "ALL, DTTS, the combined groups and the 54 groups (GSO codes).",
  })
  async ethnicGroups(@Ctx() ctx: GraphQLContext): Promise<EthnicityRecord[]> {
    // The groupings first (they have no numeric code), then the groups by code.
    const r = await ctx.pool.query<EthnicityRecord>(
      `SELECT ${columns(ETHNICITY_COLUMNS)} FROM ethnicity ORDER BY (code ~ '^[0-9]+$'), code`,
    );
    for (const e of r.rows) ctx.loaders.ethnicity.prime(e.code, e);
    return r.rows;
  }

  @FieldResolver(() => Boolean, { description: "An ethnic minority group (dân tộc thiểu số), or DTTS itself." })
  isMinority(@Root() e: EthnicityRecord): boolean {
    return isMinority(e);
  }

  @FieldResolver(() => EthnicGroup, { nullable: true })
  parent(@Root() e: EthnicityRecord, @Ctx() ctx: GraphQLContext): Promise<EthnicityRecord | null> | null {
    return e.parentCode ? ctx.loaders.ethnicity.load(e.parentCode) : null;
  }
}
