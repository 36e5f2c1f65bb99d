import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorStats } from "../../src/server/http.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { until } from "../support/until.ts";

// A started server loads graphql-jit once it has sent its first answer (its modules held up the
// first request of a start), and compiles the queries after that: the promise it waits for is one
// that settles. That it waits at all is the executor's own test (compiled-executor-load-after).
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer({ config: { responseCacheMb: 0, graphqlJit: true } });
});
afterAll(async () => {
  await s?.stop();
});

const ask = async () => {
  const res = await fetch(s.server.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ measures { code } }" }),
  });
  expect(res.status).toBe(200);
};
const stats = () => executorStats(s.server.deps)!;

describe("graphql-jit in a started server", () => {
  it("answers the first request by graphql-js, then compiles", async () => {
    await ask();
    expect(stats()).toMatchObject({ compiled: 0, interpreted: 1 });
    await until("a query compiled after the first answer", async () => {
      await ask();
      return stats().compiled > 0;
    });
  });
});
