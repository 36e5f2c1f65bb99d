import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { enqueueFull } from "../../rollup/jobs.ts";
import { rollupStatus } from "../../rollup/status.ts";
import { EDITOR } from "../auth.ts";
import type { GraphQLContext } from "../context.ts";
import { RollupStatus } from "../types/rollup-status.ts";

@Resolver()
export class RollupResolver {
  @Query(() => RollupStatus)
  async rollupStatus(@Ctx() ctx: GraphQLContext): Promise<RollupStatus> {
    // On the primary: it marks abandoned runs failed, which a read replica would refuse.
    return rollupStatus(ctx.deps.pool, ctx.deps.rollupQueue, ctx.deps.queues.kind);
  }

  @Authorized(EDITOR)
  @Mutation(() => String, {
    description: "Queues a full rollup rebuild; returns the job id (see rollupStatus, /admin/queues).",
  })
  async rebuildRollups(
    @Ctx() ctx: GraphQLContext,
    @Arg("reason", () => String, { nullable: true }) reason?: string | null,
  ): Promise<string> {
    return (await enqueueFull(ctx.deps.rollupQueue, reason ?? `api-key:${ctx.apiKey!.name}`))!;
  }
}
