import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/shared/config.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { REDIS_URL } from "../support/databases.ts";

// Per-client limits, counted in Redis so that two API processes share them.
const rateLimits = { anonymousPerMinute: 5, keyedPerMinute: 8, mutationsPerMinute: 2 };
let s: SeededServer;
let other: RunningServer;
beforeAll(async () => {
  s = await startSeededServer({ config: { rateLimits } });
  const config = {
    ...readConfig({}),
    databaseUrl: s.db.url,
    redisUrl: REDIS_URL,
    workers: false,
    queuePrefix: s.server.deps.config.queuePrefix,
    rateLimits,
  };
  other = await startServer({ config, port: 0, logger: pino({ level: "silent" }) });
});
afterAll(async () => {
  await other?.stop();
  await s?.stop();
});

async function ask(server: RunningServer, query: string, key?: string) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] },
  };
}

describe("rate limits", () => {
  it("counts an anonymous client across both processes and answers 429 with Retry-After past the limit", async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(i % 2 ? other : s.server, "{ measures { code } }"));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = answers[5];
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(refused.body.errors![0].message).toMatch(/at most 5 a minute/);
  });

  it("counts a caller with a valid key by its key, and mutations under their own stricter limit", async () => {
    expect((await ask(s.server, "{ measures { code } }", s.editorKey)).status).toBe(200); // the address is spent, the key is not
    const bogus = await ask(s.server, "{ measures { code } }", "vnp_not-a-key");
    expect(bogus.status).toBe(429); // an unknown key is counted by its address
    const mutation = `mutation { createApiKey(name: "limit-test", role: "reader") }`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ask(i % 2 ? other : s.server, mutation, s.editorKey)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
