import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { columns, PROGRAMME_COLUMNS, type ProgrammeRecord } from "../../query/rows.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { Programme } from "../types/programme.ts";

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => [Programme], {
    complexity: listCost(40),
    description: "Every programme node, depth-first from the root ALL.",
  })
  async programmes(@Ctx() ctx: GraphQLContext): Promise<ProgrammeRecord[]> {
    const r = await ctx.pool.query<ProgrammeRecord>(
      `WITH RECURSIVE tree AS (
         SELECT code, ARRAY[code] AS path FROM programme WHERE parent_code IS NULL
         UNION ALL SELECT p.code, t.path || p.code FROM programme p JOIN tree t ON p.parent_code = t.code)
       SELECT ${columns(PROGRAMME_COLUMNS, "p")} FROM tree t JOIN programme p ON p.code = t.code ORDER BY t.path`,
    );
    for (const p of r.rows) ctx.loaders.programme.prime(p.code, p);
    return r.rows;
  }

  @Query(() => Programme, { nullable: true, description: "One programme by code; unknown → NOT_FOUND." })
  async programme(@Ctx() ctx: GraphQLContext, @Arg("code", () => String) code: string): Promise<ProgrammeRecord> {
    const p = await ctx.loaders.programme.load(code.trim());
    if (!p) throw notFound(`no programme "${code}"`);
    return p;
  }

  @FieldResolver(() => Programme, { nullable: true })
  parent(@Root() p: ProgrammeRecord, @Ctx() ctx: GraphQLContext): Promise<ProgrammeRecord | null> | null {
    return p.parentCode ? ctx.loaders.programme.load(p.parentCode) : null;
  }

  @FieldResolver(() => [Programme], { complexity: listCost(10) })
  children(@Root() p: ProgrammeRecord, @Ctx() ctx: GraphQLContext): Promise<ProgrammeRecord[]> {
    return ctx.loaders.programmeChildren.load(p.code);
  }
}
