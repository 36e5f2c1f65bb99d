import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { GraphQLContext } from "../../src/graphql/context.ts";
import { createLoaders } from "../../src/graphql/loaders.ts";
import { VersionedMemo } from "../../src/query/versioned-memo.ts";
import { readReplicaPlugin } from "../../src/server/read-replica.ts";
import type { ReadRouting, ReadTarget } from "../../src/shared/deps.ts";
import { ADMIN_URL } from "../support/databases.ts";

// Pools that never connect here: the plugin only hands one or the other to the request.
const primary = new pg.Pool({ connectionString: ADMIN_URL, max: 1 });
const standby = new pg.Pool({ connectionString: ADMIN_URL, max: 1 });
afterAll(async () => {
  await primary.end();
  await standby.end();
});

/** A router that sends every query where `target` says, and the request hook of the plugin over it. */
async function resolveQuery(target: ReadTarget, memo: VersionedMemo) {
  const router: ReadRouting = {
    readTarget: async () => target,
    afterWrite: async () => {},
    stats: () => ({ replica: true, replicaReads: 0, primaryFallbacks: 0, replayedLsn: null }),
  };
  const listener = await readReplicaPlugin(router).requestDidStart!({} as never);
  const contextValue = { pool: primary, loaders: createLoaders(primary), memo: memo.forRequest() } as GraphQLContext;
  await listener!.didResolveOperation!({ operation: { operation: "query" }, contextValue } as never);
  return contextValue;
}

describe("read routing of a query", () => {
  it("reads the standby with what was kept from the standby, never what a primary fallback kept", async () => {
    const memo = new VersionedMemo(() => 7);
    const fallback = await resolveQuery({ pool: primary, source: "primary", version: 7 }, memo);
    expect(await fallback.memo.get("rollup-state", async () => "the primary: slice refreshed")).toBe(
      "the primary: slice refreshed",
    );
    const onStandby = await resolveQuery({ pool: standby, source: "replica", version: 7 }, memo);
    expect(onStandby.pool).toBe(standby);
    expect(await onStandby.memo.get("rollup-state", async () => "the standby: slice stale")).toBe(
      "the standby: slice stale",
    );
  });

  it("keeps nothing a query reads once the version has moved past the one its database was chosen under", async () => {
    let version = 7;
    const memo = new VersionedMemo(() => version);
    const query = await resolveQuery({ pool: standby, source: "replica", version: 7 }, memo);
    version = 8;
    await query.memo.get("rollup-state", async () => "before the change of version 8");
    const next = await resolveQuery({ pool: standby, source: "replica", version: 8 }, memo);
    expect(await next.memo.get("rollup-state", async () => "with the change")).toBe("with the change");
  });
});
