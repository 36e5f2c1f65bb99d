import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/shared/config.ts";
import { createApiKey } from "../../src/graphql/auth.ts";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import type { Health } from "../../src/server/health.ts";
import { REDIS_URL } from "../support/databases.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const silent = pino({ level: "silent" });
const queuePrefix = `test-server-${randomBytes(4).toString("hex")}`;
let db: TestDb;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  db = await createTestDb();
  server = await startServer({
    config: { ...readConfig({}), databaseUrl: db.url, redisUrl: REDIS_URL },
    port: 0,
    logger: silent,
    queuePrefix,
  });
  base = server.url.replace(/\/graphql$/, "");
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
  await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
});

const graphql = (query: string) =>
  fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });

describe("server on PostgreSQL and Redis", () => {
  it("prints a localhost GraphQL URL on the chosen port", () => {
    expect(server.url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
    expect(server.url).not.toContain(":0/");
  });

  it("reports health: database with latency, queue on Redis", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Health;
    expect(body).toMatchObject({
      status: "ok",
      database: { ok: true, embedded: false },
      queue: { ok: true, backend: "redis" },
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers a GraphQL query", async () => {
    const res = await graphql("{ __typename }");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("keeps extensions.code on errors", async () => {
    const body = (await (await graphql("{ noSuchField }")).json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("shows Apollo's landing page to a browser", async () => {
    const res = await fetch(server.url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/apollo/i);
  });

  it("serves Bull Board with the rollups queue to editors only", async () => {
    const refused = await fetch(`${base}/admin/queues`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: { "x-api-key": "wrong" } })).status).toBe(401);
    const key = await createApiKey(db.pool, "board-editor", "editor");
    const reader = await createApiKey(db.pool, "board-reader", "reader");
    expect((await fetch(`${base}/admin/queues`, { headers: { "x-api-key": reader } })).status).toBe(401);
    const basic = { authorization: `Basic ${Buffer.from(`anyone:${key}`).toString("base64")}` };
    const page = await fetch(`${base}/admin/queues`, { headers: basic });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const api = (await (await fetch(`${base}/admin/queues/api/queues`, { headers: { "x-api-key": key } })).json()) as {
      queues: { name: string }[];
    };
    expect(api.queues.map((q) => q.name)).toContain("rollups");
  });

  it("uses the rollups queue under its own prefix", async () => {
    const job = await server.deps.rollupQueue.add("probe", { n: 1 });
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.exists(`${queuePrefix}:rollups:${job.id}`)).toBe(1);
    } finally {
      await redis.quit();
    }
  });
});

describe("server with its queue down", () => {
  it("answers /healthz with 503 and says which part is down", async () => {
    const dead = await startServer({
      config: { ...readConfig({}), databaseUrl: db.url, redisUrl: "redis://127.0.0.1:1" }, // nothing listens on port 1
      port: 0,
      logger: silent,
      queuePrefix,
    });
    try {
      const res = await fetch(dead.url.replace(/\/graphql$/, "/healthz"));
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: "degraded",
        database: { ok: true },
        queue: { ok: false, backend: "redis" },
      });
    } finally {
      await dead.stop();
    }
  });
});
