import { createHash } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/app.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { until } from "../support/until.ts";

// Several API processes behind one load balancer, on one database and one Redis: a persisted query
// registered on one is known to the others, and a process starting does not empty the others' caches.
let a: SeededServer;
const others: RunningServer[] = [];

beforeAll(async () => {
  a = await startSeededServer();
  await until("A's data-change listener", async () => (await health(a.server)).responseCache?.enabled === true);
});
afterAll(async () => {
  for (const o of others) await o.stop();
  await a?.stop();
});

async function startAnother(): Promise<RunningServer> {
  const server = await startServer({ config: a.server.deps.config, port: 0, logger: pino({ level: "silent" }) });
  others.push(server);
  await until(
    "the new process's data-change listener",
    async () => (await health(server)).responseCache?.enabled === true,
  );
  return server;
}

const health = async (s: RunningServer) =>
  (await (await fetch(s.url.replace("/graphql", "/healthz"))).json()) as {
    responseCache?: { enabled: boolean; hits: number };
  };

async function post(s: RunningServer, body: Record<string, unknown>) {
  const res = await fetch(s.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    cache: res.headers.get("x-cache"),
    json: (await res.json()) as { data?: any; errors?: { extensions: { code: string } }[] },
  };
}

const QUERY = `{ compare(input: { measure: "households_supported", places: ["P-06-2008"], programme: "CREDIT", period: "2022" }) { rows { value } } }`;
const HASH = createHash("sha256").update(QUERY).digest("hex");
const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } };

describe("several API processes", () => {
  it("share automatic persisted queries through Redis: a hash registered on A is answered by B, from B's cache the second time", async () => {
    const b = await startAnother();
    expect((await post(b, persisted)).json.errors?.[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await post(a.server, { query: QUERY, ...persisted });
    expect(registered.json.data.compare.rows[0].value).toBe("490");

    const first = await post(b, persisted);
    expect(first.json.errors).toBeUndefined();
    expect(first.json.data.compare.rows[0].value).toBe("490");
    expect(first.cache).toBe("MISS");
    expect((await post(b, persisted)).cache).toBe("HIT");
  });

  it("keep their cached answers when another process starts or reports status (nothing unchanged notifies)", async () => {
    const body = { query: `{ measures { code } }` };
    await post(a.server, body);
    expect((await post(a.server, body)).cache).toBe("HIT");
    const c = await startAnother();
    // Nor does a status query on another process (it looks for abandoned runs, and finds none).
    expect((await post(c, { query: "{ rollupStatus { lastFull { error } } }" })).json.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300)); // a notification would have arrived by now
    expect((await post(a.server, body)).cache).toBe("HIT");
  });
});
