import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { API_ROLES, createApiKey, EDITOR, listApiKeys, revokeApiKey, type ApiKeyRecord } from "../auth.ts";
import type { GraphQLContext } from "../context.ts";
import { ApiKeyInfo } from "../types/api-key.ts";

@Resolver()
export class ApiKeyResolver {
  @Authorized(EDITOR)
  @Mutation(() => String, {
    description: `Creates an API key and returns it: the only time it is shown (only its hash is stored). Roles: ${API_ROLES.join(", ")}.`,
  })
  createApiKey(
    @Ctx() ctx: GraphQLContext,
    @Arg("name", () => String) name: string,
    @Arg("role", () => String) role: string,
  ): Promise<string> {
    return createApiKey(ctx.pool, name, role);
  }

  @Authorized(EDITOR)
  @Query(() => [ApiKeyInfo], { description: "Every API key, newest first, without its secret (editors only)." })
  apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyRecord[]> {
    return listApiKeys(ctx.pool);
  }

  @Authorized(EDITOR)
  @Mutation(() => ApiKeyInfo, { description: "Revokes a key: every API process refuses it from the next request on." })
  revokeApiKey(@Ctx() ctx: GraphQLContext, @Arg("id", () => Int) id: number): Promise<ApiKeyRecord> {
    return revokeApiKey(ctx.pool, id);
  }
}
