import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import {
  createPlaceGroup,
  getPlaceGroup,
  listPlaceGroups,
  placeGroupMemberKeys,
  type PlaceGroupRecord,
} from "../../query/place-groups.ts";
import type { PlaceRecord } from "../../query/rows.ts";
import { groupPlaceKey } from "../../reference/places.ts";
import { EDITOR } from "../auth.ts";
import { listCost } from "../complexity.ts";
import type { GraphQLContext } from "../context.ts";
import { forgetReference, referenceOf } from "../reference.ts";
import { DateScalar } from "../scalars/index.ts";
import { Place } from "../types/place.ts";
import { PlaceGroup, PlaceGroupInput } from "../types/place-group.ts";

@Resolver(() => PlaceGroup)
export class PlaceGroupResolver {
  @Query(() => [PlaceGroup], {
    complexity: listCost(20),
    description: "Every place group, official lists first; `asOf`: only groups valid that day.",
  })
  placeGroups(
    @Ctx() ctx: GraphQLContext,
    @Arg("asOf", () => DateScalar, { nullable: true }) asOf?: string | null,
  ): Promise<PlaceGroupRecord[]> {
    return listPlaceGroups(ctx.pool, asOf);
  }

  @Query(() => PlaceGroup, { description: "One group by code; unknown → NOT_FOUND." })
  placeGroup(@Ctx() ctx: GraphQLContext, @Arg("code", () => String) code: string): Promise<PlaceGroupRecord> {
    return getPlaceGroup(ctx.pool, code);
  }

  @FieldResolver(() => [Place], {
    complexity: listCost(80),
    description:
      'The member units; `within` keeps those inside a unit (key or code@date: "P-02-2008" gives the poor districts of Hà Giang).',
  })
  async members(
    @Root() group: PlaceGroupRecord,
    @Ctx() ctx: GraphQLContext,
    @Arg("within", () => String, { nullable: true }) within?: string | null,
  ): Promise<PlaceRecord[]> {
    const ref = await referenceOf(ctx.deps);
    const keys = await placeGroupMemberKeys(ctx.pool, group.code);
    const members = (await ctx.loaders.place.loadMany(keys)).filter(
      (p): p is PlaceRecord => !!p && !(p instanceof Error),
    );
    if (!within?.trim()) return members;
    const inside = ref.placeIndex.byKey.get(within.trim().toUpperCase()) ?? null;
    const key = inside?.key ?? within.trim();
    const isInside = (p: PlaceRecord) => {
      for (let at: string | null = p.parentKey; at; at = ref.places.get(at)?.parentKey ?? null)
        if (at === key) return true;
      return false;
    };
    return members.filter(isInside);
  }

  @FieldResolver(() => Place, {
    nullable: true,
    description: "The unit the group lies in, for a group of one unit's places (it may then list no members).",
  })
  async within(@Root() group: PlaceGroupRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord | null> {
    return group.withinKey ? ((await ctx.loaders.place.load(group.withinKey)) ?? null) : null;
  }

  @FieldResolver(() => Place, {
    description:
      'The place the group\'s own figures are reported for (key "G-<code>", level GROUP): a group is never summed into any parent.',
  })
  async place(@Root() group: PlaceGroupRecord, @Ctx() ctx: GraphQLContext): Promise<PlaceRecord> {
    const p = await ctx.loaders.place.load(groupPlaceKey(group.code));
    if (!p) throw new Error(`group ${group.code} has no place row`);
    return p;
  }

  @Authorized(EDITOR)
  @Mutation(() => PlaceGroup, {
    description:
      "Defines a group of units (audited). Members are resolved like report names for the group's whole period; an unknown, ambiguous or out-of-period member is refused (BAD_USER_INPUT, with candidates).",
  })
  async createPlaceGroup(
    @Ctx() ctx: GraphQLContext,
    @Arg("group", () => PlaceGroupInput) group: PlaceGroupInput,
  ): Promise<PlaceGroupRecord> {
    const ref = await referenceOf(ctx.deps);
    const created = await createPlaceGroup(ctx.pool, ref.placeIndex, group, `api-key:${ctx.apiKey!.name}`);
    forgetReference(ctx.deps);
    return created;
  }
}
