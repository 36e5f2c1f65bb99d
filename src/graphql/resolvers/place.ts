import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { badInput, notFound } from "../../query/errors.ts";
import { searchPlaces } from "../../query/places.ts";
import { resolvePlaceRef } from "../../reference/place-ref.ts";
import { referenceOf } from "../reference.ts";
import type { PlaceRecord } from "../../query/rows.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { DateScalar } from "../scalars/index.ts";
import { Place } from "../types/place.ts";
import { PlaceLevel } from "../types/place-level.ts";

const validOn = (p: PlaceRecord, day: string) => p.validFrom <= day && (p.validTo === null || p.validTo >= day);

@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => [Place], {
    complexity: listCost(50),
    description: "Places matching every given criterion. `name` matches with or without diacritics; `parentCode` takes a key or an official code.",
  })
  async places(
    @Ctx() ctx: GraphQLContext,
    @Arg("level", () => PlaceLevel, { nullable: true }) level?: PlaceLevel | null,
    @Arg("parentCode", () => String, { nullable: true }) parentCode?: string | null,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Only units valid on this day." }) asOf?: string | null,
  ): Promise<PlaceRecord[]> {
    const rows = await searchPlaces(ctx.pool, { level, parentCode, name, asOf });
    for (const p of rows) ctx.loaders.place.prime(p.key, p);
    return rows;
  }

  @Query(() => Place, {
    nullable: true,
    description: 'One unit by key ("P-80-2008"), official code ("80"), "code@YYYY-MM-DD" or name. A code several units have held needs `asOf` (BAD_USER_INPUT lists the candidates); unknown → NOT_FOUND. `asOf` does not apply to keys.',
  })
  async place(
    @Ctx() ctx: GraphQLContext,
    @Arg("code", () => String) code: string,
    @Arg("asOf", () => DateScalar, { nullable: true }) asOf?: string | null,
  ): Promise<PlaceRecord> {
    const found = resolvePlaceRef((await referenceOf(ctx.deps)).placeIndex, code, asOf ? { start: asOf, end: asOf } : null);
    if (!found.ok) throw found.notFound ? notFound(found.reason, { candidates: found.candidates }) : badInput(found.reason, { candidates: found.candidates });
    const p = await ctx.loaders.place.load(found.place.key);
    if (!p) throw notFound(`no place "${found.place.key}"`);
    return p;
  }

  @FieldResolver(() => Place, { nullable: true })
  parent(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord | null> | null {
    return place.parentKey ? ctx.loaders.place.load(place.parentKey) : null;
  }

  @FieldResolver(() => [Place], { complexity: listCost(20), description: "Units directly under this one (e.g. an old province's districts)." })
  async children(
    @Root() place: PlaceRecord,
    @Ctx() ctx: GraphQLContext,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Only children valid on this day." }) asOf?: string | null,
  ): Promise<PlaceRecord[]> {
    const children = await ctx.loaders.placeChildren.load(place.key);
    return asOf ? children.filter((c) => validOn(c, asOf)) : children;
  }

  @FieldResolver(() => [Place], { complexity: listCost(3), description: "The units this one became (2025 mergers)." })
  successors(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord[]> {
    return ctx.loaders.successors.load(place.key);
  }

  @FieldResolver(() => [Place], { complexity: listCost(5), description: "The units that became this one." })
  predecessors(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord[]> {
    return ctx.loaders.predecessors.load(place.key);
  }
}
