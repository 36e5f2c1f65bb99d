import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/shared/config.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { REDIS_URL } from "../support/databases.ts";

// Two API processes on one database: a key revoked through one is refused at once by the other.
let s: SeededServer;
let other: RunningServer;
beforeAll(async () => {
  s = await startSeededServer();
  other = await startServer({
    config: {
      ...readConfig({}),
      databaseUrl: s.db.url,
      redisUrl: REDIS_URL,
      workers: false,
      queuePrefix: `${s.server.deps.config.queuePrefix}`,
    },
    port: 0,
    logger: pino({ level: "silent" }),
  });
});
afterAll(async () => {
  await other?.stop();
  await s?.stop();
});

async function on(server: RunningServer, query: string, key: string, variables?: Record<string, unknown>) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
}

describe("API keys", () => {
  it("editors list keys without secrets and revoke one; every process refuses it from the next request", async () => {
    const created = await on(s.server, `mutation { createApiKey(name: "temporary", role: "editor") }`, s.editorKey);
    const key = created.data.createApiKey as string;
    expect((await on(other, "{ apiKeys { name } }", key)).errors).toBeUndefined();

    const listed = await on(s.server, "{ apiKeys { id name role createdAt revokedAt } }", s.editorKey);
    const entry = listed.data.apiKeys.find((k: { name: string }) => k.name === "temporary");
    expect(entry).toMatchObject({ role: "editor", revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(JSON.stringify(listed)).not.toMatch(/[0-9a-f]{64}/); // no hash either

    const revoked = await on(
      s.server,
      "mutation($id: Int!) { revokeApiKey(id: $id) { name revokedAt } }",
      s.editorKey,
      { id: entry.id },
    );
    expect(revoked.data.revokeApiKey.revokedAt).toBeTruthy();
    const refused = await on(other, "{ apiKeys { name } }", key);
    expect(refused.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(refused.errors?.[0].message).toMatch(/revoked/);
    const again = await on(s.server, "mutation($id: Int!) { revokeApiKey(id: $id) { revokedAt } }", s.editorKey, {
      id: entry.id,
    });
    expect(again.data.revokeApiKey.revokedAt).toBe(revoked.data.revokeApiKey.revokedAt); // unchanged
  });

  it("refuses listing and revoking to callers without an editor key", async () => {
    const reader = (await on(s.server, `mutation { createApiKey(name: "reader", role: "reader") }`, s.editorKey)).data
      .createApiKey;
    expect((await on(s.server, "{ apiKeys { name } }", reader)).errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect((await on(s.server, "mutation { revokeApiKey(id: 1) { name } }", reader)).errors?.[0].extensions.code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await on(s.server, "mutation { revokeApiKey(id: 999999) { name } }", s.editorKey)).errors?.[0].extensions.code,
    ).toBe("NOT_FOUND");
  });
});
