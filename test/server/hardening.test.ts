import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FIGURES } from "../../src/ingest/import/validate-document.ts";
import { startSeededServer, type SeededServer } from "../api/support.ts";
import { seedDocument } from "../ingest/helpers.ts";
import { until } from "../support/until.ts";

// What an abusive or broken request gets: a GraphQL-shaped JSON error with a code, never a stack
// trace, a server path or a raw PostgreSQL/JavaScript message (NODE_ENV is unset here, as with
// `npm start`); an internal fault is logged with an id and only the id is returned.
let s: SeededServer;
beforeAll(async () => {
  delete process.env.NODE_ENV; // vitest sets "test": the server must behave as `npm start` does
  s = await startSeededServer();
  await until(
    "the data-change listener",
    async () =>
      (
        (await (await fetch(s.server.url.replace("/graphql", "/healthz"))).json()) as {
          responseCache?: { enabled: boolean };
        }
      ).responseCache?.enabled === true,
  );
});
afterAll(async () => {
  await s?.stop();
});

async function raw(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(s.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text,
    json: () => JSON.parse(text),
    cache: res.headers.get("x-cache"),
  };
}
const post = (body: unknown, headers?: Record<string, string>) => raw(JSON.stringify(body), headers);
const LEAKS =
  /stacktrace|node_modules|\/src\/|\bat [A-Za-z.]+ \(|relation "|syntax for type|call stack|regular expression/i;

describe("error masking", () => {
  it("answers an unexpected database error with INTERNAL_SERVER_ERROR and an id, never the message", async () => {
    await s.db.pool.query("ALTER TABLE measure RENAME TO measure_hidden");
    try {
      const r = await post({ query: "{ measures { code } }" });
      const error = r.json().errors[0];
      expect(error.extensions.code).toBe("INTERNAL_SERVER_ERROR");
      expect(error.extensions.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).toContain(error.extensions.errorId);
      expect(r.text).not.toMatch(LEAKS);
    } finally {
      await s.db.pool.query("ALTER TABLE measure_hidden RENAME TO measure");
    }
  });

  it("gives no stack trace on a caller's error either", async () => {
    const r = await post({
      query: '{ compare(input: { measure: "no_such_measure", places: ["VN"] }) { rows { value } } }',
    });
    expect(r.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(r.text).not.toMatch(LEAKS);
  });

  it("answers a malformed JSON body with BAD_REQUEST as JSON, not an HTML page", async () => {
    const r = await raw('{"query": "{ measures { code } }"');
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/json/);
    expect(r.json().errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(r.text).not.toMatch(/<html|<pre|SyntaxError/i);
  });

  it("refuses lone surrogates in strings with BAD_USER_INPUT", async () => {
    const r = await raw(
      '{"query":"query($n: String) { places(name: $n) { key } }","variables":{"n":"Bac \\ud800 Thong"}}',
    );
    expect(r.status).toBe(400);
    expect(r.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(r.json().errors[0].message).toMatch(/lone surrogate/);
    const doc = seedDocument("001");
    doc.figures[0].quote = "Long An \ud83d đã hỗ trợ";
    const imported = await post(
      { query: "mutation($d: JSON!) { importReport(document: $d) { status } }", variables: { d: doc } },
      { "x-api-key": s.editorKey },
    );
    expect(imported.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(imported.text).not.toMatch(LEAKS);
  });

  it("refuses documents and variables nested thousands deep with BAD_USER_INPUT", async () => {
    const deepQuery = `{ measures ${"{ code ".repeat(3000)}${"}".repeat(3000)} }`;
    const q = await post({ query: deepQuery });
    expect(q.status).toBe(400);
    expect(q.json().errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(q.json().errors[0].message).toMatch(/nested 3001 deep; the limit is 100/);
    const v = await raw(
      `{"query":"query($d: JSON!) { importReport(document: $d) { status } }","variables":{"d":${"[".repeat(5000)}${"]".repeat(5000)}}}`,
      { "x-api-key": s.editorKey },
    );
    expect(v.status).toBe(400);
    expect(v.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(v.text).not.toMatch(LEAKS);
  });

  it("answers a 20,000-word name search with BAD_USER_INPUT", async () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(" ");
    const r = await post({ query: "query($n: String) { places(name: $n) { key } }", variables: { n: words } });
    expect(r.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(r.text).not.toMatch(LEAKS);
  });
});

describe("body limit", () => {
  it("admits an import of more than the documented 50,000 figures: the import's own limit answers", async () => {
    const base = seedDocument("001");
    const figures = Array.from({ length: MAX_FIGURES + 1 }, (_, i) => ({
      ...base.figures[i % base.figures.length],
      key: `f${i}`,
    }));
    const body = JSON.stringify({
      query: "mutation($d: JSON!) { importReport(document: $d) { status errors { field reason } } }",
      variables: { d: { ...base, figures } },
    });
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024); // over the old 10 MB limit
    const r = await raw(body, { "x-api-key": s.editorKey });
    expect(r.status).toBe(200);
    expect(r.json().data.importReport).toMatchObject({
      status: "ERROR",
      errors: [{ field: "figures", reason: expect.stringMatching(/at most 50000/) }],
    });
  }, 60_000);

  it("answers a body over the limit with PAYLOAD_TOO_LARGE as JSON, naming the limit", async () => {
    const r = await raw(
      JSON.stringify({ query: "{ measures { code } }", variables: { pad: "x".repeat(33 * 1024 * 1024) } }),
    );
    expect(r.status).toBe(413);
    expect(r.type).toMatch(/json/);
    expect(r.json().errors[0].extensions).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limitBytes: 32 * 1024 * 1024 });
    expect(r.text).not.toMatch(/<html|<pre/i);
  }, 60_000);
});

describe("response cache", () => {
  it("keys answers by the Accept header: each client gets the content type it asked for", async () => {
    const body = { query: "{ ethnicGroups { code } }" };
    const asGraphQL = await post(body, { accept: "application/graphql-response+json" });
    const asJson = await post(body, { accept: "application/json" });
    expect(asGraphQL.type).toMatch(/^application\/graphql-response\+json/);
    expect(asJson.type).toMatch(/^application\/json/);
    expect(asJson.cache).toBe("MISS");
    expect((await post(body, { accept: "application/json" })).cache).toBe("HIT");
    expect((await post(body, { accept: "application/json" })).type).toMatch(/^application\/json/);
  });
});

describe("GraphQL over HTTP (graphql-http's server audits)", () => {
  it("passes every MUST", async () => {
    const results = await Promise.all(serverAudits({ url: s.server.url }).map((a) => a.fn()));
    const failedMusts = results
      .filter((r) => r.status === "error")
      .map((r) => `${r.name}: ${"reason" in r ? r.reason : ""}`);
    expect(failedMusts).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
