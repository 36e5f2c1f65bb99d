import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repeatedOperationStats } from "../../src/server/http.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";

// Repeated query texts answered past Apollo's request pipeline (src/server/repeated-operation.ts):
// the same status, headers and bytes as Apollo's own answer, and Apollo's errors whenever one fails.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer({ config: { responseCacheMb: 0 } });
});
afterAll(async () => {
  await s?.stop();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(s.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const kept = [...res.headers].filter(([name]) => name !== "date");
  return { status: res.status, headers: kept, text: await res.text() };
}
const stats = () => repeatedOperationStats(s.server.deps)!;

const COMPARE = `query Compare($input: CompareInput!) {
  compare(input: $input) { servedFrom rows { place { key name } period: periodStart value qualifier coverage { covered total } flags } } }`;
const PAGE = `query Page($first: Int) { figures(first: $first) { edges { node { id place { children { children { key } } } } } } }`;

describe("repeated operations", () => {
  const answered: { name: string; body: Record<string, unknown>; headers?: Record<string, string> }[] = [
    {
      name: "a comparison",
      body: {
        query: COMPARE,
        variables: { input: { measure: "poor_households", places: ["P-06-2008", "P-20-2008"], period: "2022" } },
      },
    },
    { name: "a query without variables", body: { query: `{ measures { code unit } }` } },
    {
      name: "a named operation, null variables",
      body: { query: `query M { measures { code } }`, operationName: "M", variables: null },
    },
    {
      name: "an answer for a client that accepts graphql-response+json",
      body: { query: `{ measures { code } }` },
      headers: { accept: "application/graphql-response+json" },
    },
  ];
  for (const q of answered)
    it(`answers ${q.name} again past Apollo, byte for byte`, async () => {
      const first = await post(q.body, q.headers);
      const before = stats();
      const again = [await post(q.body, q.headers), await post(q.body, q.headers)];
      expect(stats().answered - before.answered).toBe(2);
      expect(JSON.parse(first.text).errors).toBeUndefined();
      for (const a of again) expect(a).toEqual(first);
    });

  // Each after a successful request of the same text: the text is kept, the request tried past Apollo first.
  const failing: { name: string; query: string; variables?: unknown; operationName?: string; code: string }[] = [
    {
      name: "an unknown measure",
      query: COMPARE,
      variables: { input: { measure: "no_such", places: ["P-06-2008"] } },
      code: "BAD_USER_INPUT",
    },
    {
      name: "a variable of the wrong type",
      query: COMPARE,
      variables: { input: { measure: 3, places: "P-06-2008" } },
      code: "BAD_USER_INPUT",
    },
    { name: "a missing variable", query: COMPARE, variables: {}, code: "BAD_USER_INPUT" },
    { name: "a page too large for the cost limit", query: PAGE, variables: { first: 500 }, code: "TOO_COMPLEX" },
    {
      name: "an operation name the document lacks",
      query: COMPARE,
      variables: {},
      operationName: "Other",
      code: "OPERATION_RESOLUTION_FAILURE",
    },
  ];
  for (const f of failing)
    it(`answers ${f.name} with Apollo's own error (${f.code})`, async () => {
      const learnt =
        f.query === PAGE
          ? { first: 2 }
          : { input: { measure: "poor_households", places: ["P-06-2008"], period: "2022" } };
      expect(JSON.parse((await post({ query: f.query, variables: learnt })).text).errors).toBeUndefined();
      const before = stats();
      const tried = await post({ query: f.query, variables: f.variables, operationName: f.operationName });
      const handedOn = stats().handedOn - before.handedOn;
      // A text never answered before (a comment more, the same locations) goes straight to Apollo.
      const apollos = await post({
        query: `${f.query}\n# ${f.name}`,
        variables: f.variables,
        operationName: f.operationName,
      });
      expect(tried).toEqual(apollos);
      expect(JSON.parse(tried.text).errors[0].extensions.code).toBe(f.code);
      expect(handedOn).toBe(f.operationName ? 0 : 1); // another operation name is another key
    });

  it("leaves mutations, persisted queries and batches to Apollo", async () => {
    const before = stats();
    for (let i = 0; i < 2; i++) {
      await post({ query: `mutation { createApiKey(name: "x", role: "reader") }` }, { "x-api-key": s.editorKey });
      await post({ query: `{ measures { code } }`, extensions: { persistedQuery: { version: 1, sha256Hash: "00" } } });
      await post([{ query: `{ measures { code } }` }]);
    }
    expect(stats()).toEqual(before);
  });
});
