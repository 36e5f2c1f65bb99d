import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { API_ROLES, createApiKey, EDITOR } from "../auth.ts";
import type { GraphQLContext } from "../context.ts";

@Resolver()
export class ApiKeyResolver {
  @Authorized(EDITOR)
  @Mutation(() => String, { description: `Creates an API key and returns it: the only time it is shown (only its hash is stored). Roles: ${API_ROLES.join(", ")}.` })
  createApiKey(
    @Ctx() ctx: GraphQLContext,
    @Arg("name", () => String) name: string,
    @Arg("role", () => String) role: string,
  ): Promise<string> {
    return createApiKey(ctx.pool, name, role);
  }
}
