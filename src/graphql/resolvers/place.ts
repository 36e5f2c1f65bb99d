import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { badInput, notFound } from "../../query/errors.ts";
import { findPlaces } from "../../query/places.ts";
import { listPlaceGroups, type PlaceGroupRecord } from "../../query/place-groups.ts";
import type { PlaceLinkRecord } from "../loaders.ts";
import { resolvePlaceRef } from "../../reference/place-ref.ts";
import { referenceOf } from "../reference.ts";
import type { PlaceRecord } from "../../query/rows.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { DateScalar } from "../scalars/index.ts";
import { Place } from "../types/place.ts";
import { PlaceLevel } from "../types/place-level.ts";
import { PlaceGroup, PlaceLink, PlaceMatch, PlaceNameMatch } from "../types/place-group.ts";

const validOn = (p: PlaceRecord, day: string) => p.validFrom <= day && (p.validTo === null || p.validTo >= day);

@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => [Place], {
    complexity: listCost(50),
    description:
      "Places matching every given criterion. `name` as reports write it (diacritics, type words, spacing vary): the exact name, else the names it begins, else near names (see `placeSearch` for how each matched); `parentCode` takes a key or an official code.",
  })
  async places(
    @Ctx() ctx: GraphQLContext,
    @Arg("level", () => PlaceLevel, { nullable: true }) level?: PlaceLevel | null,
    @Arg("parentCode", () => String, { nullable: true }) parentCode?: string | null,
    @Arg("name", () => String, { nullable: true }) name?: string | null,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Only units valid on this day." })
    asOf?: string | null,
  ): Promise<PlaceRecord[]> {
    const rows = findPlaces((await referenceOf(ctx.deps)).placeIndex, { level, parentCode, name, asOf }).map(
      (h) => h.place,
    );
    for (const p of rows) ctx.loaders.place.prime(p.key, p);
    return rows;
  }

  @Query(() => [PlaceMatch], {
    complexity: listCost(50),
    description:
      "Places by name, ranked: EXACT matches, else PREFIX, else FUZZY (never a worse kind beside a better one), each with the form of the name that matched.",
  })
  async placeSearch(
    @Ctx() ctx: GraphQLContext,
    @Arg("name", () => String) name: string,
    @Arg("level", () => PlaceLevel, { nullable: true }) level?: PlaceLevel | null,
    @Arg("parentCode", () => String, { nullable: true }) parentCode?: string | null,
    @Arg("asOf", () => DateScalar, { nullable: true }) asOf?: string | null,
    @Arg("first", () => Number, { nullable: true, description: "At most this many (default 20, max 200)." })
    first?: number | null,
  ): Promise<PlaceMatch[]> {
    if (!name.trim()) throw badInput("`name` is empty");
    const limit = Math.min(Math.max(1, Math.floor(first ?? 20)), 200);
    const hits = findPlaces((await referenceOf(ctx.deps)).placeIndex, { level, parentCode, name, asOf }).slice(
      0,
      limit,
    );
    return hits.map((h) => ({ place: h.place, match: h.match as PlaceNameMatch, matchedForm: h.matchedForm! }));
  }

  @Query(() => Place, {
    nullable: true,
    description:
      'One unit by key ("P-80-2008"), official code ("80"), "code@YYYY-MM-DD" or name. A code several units have held needs `asOf` (BAD_USER_INPUT lists the candidates); unknown → NOT_FOUND. `asOf` does not apply to keys.',
  })
  async place(
    @Ctx() ctx: GraphQLContext,
    @Arg("code", () => String) code: string,
    @Arg("asOf", () => DateScalar, { nullable: true }) asOf?: string | null,
  ): Promise<PlaceRecord> {
    const found = resolvePlaceRef(
      (await referenceOf(ctx.deps)).placeIndex,
      code,
      asOf ? { start: asOf, end: asOf } : null,
    );
    if (!found.ok)
      throw found.notFound
        ? notFound(found.reason, { candidates: found.candidates })
        : badInput(found.reason, { candidates: found.candidates });
    const p = await ctx.loaders.place.load(found.place.key);
    if (!p) throw notFound(`no place "${found.place.key}"`);
    return p;
  }

  @FieldResolver(() => Place, { nullable: true })
  parent(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord | null> | null {
    return place.parentKey ? ctx.loaders.place.load(place.parentKey) : null;
  }

  @FieldResolver(() => [Place], {
    complexity: listCost(20),
    description: "Units directly under this one (e.g. an old province's districts).",
  })
  async children(
    @Root() place: PlaceRecord,
    @Ctx() ctx: GraphQLContext,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Only children valid on this day." })
    asOf?: string | null,
  ): Promise<PlaceRecord[]> {
    const children = await ctx.loaders.placeChildren.load(place.key);
    return asOf ? children.filter((c) => validOn(c, asOf)) : children;
  }

  @FieldResolver(() => [PlaceLink], {
    complexity: listCost(3),
    description: "The units this one became, with how much of it went into each (full/partial).",
  })
  successorLinks(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceLinkRecord[]> {
    return ctx.loaders.successorLinks.load(place.key);
  }

  @FieldResolver(() => [PlaceLink], {
    complexity: listCost(5),
    description: "The units that became this one, with how much of each went in (full/partial).",
  })
  predecessorLinks(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceLinkRecord[]> {
    return ctx.loaders.predecessorLinks.load(place.key);
  }

  @FieldResolver(() => [PlaceGroup], { complexity: listCost(3), description: "The groups this unit belongs to." })
  async groups(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceGroupRecord[]> {
    const r = await ctx.pool.query<{ group_code: string }>(
      `SELECT group_code FROM place_group_member WHERE place_key = $1`,
      [place.key],
    );
    const codes = new Set(r.rows.map((x) => x.group_code));
    return (await listPlaceGroups(ctx.pool)).filter((g) => codes.has(g.code));
  }

  @FieldResolver(() => [Place], {
    complexity: listCost(3),
    description: "The units this one became (renames, mergers, the 2025 reform).",
  })
  successors(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord[]> {
    return ctx.loaders.successors.load(place.key);
  }

  @FieldResolver(() => [Place], {
    complexity: listCost(5),
    description: "The units that became this one (see predecessorLinks for full/partial).",
  })
  predecessors(@Root() place: PlaceRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord[]> {
    return ctx.loaders.predecessors.load(place.key);
  }
}
