import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_COMPLEXITY, DEFAULT_MAX_DEPTH } from "../../src/graphql/complexity.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { codeOf, startHarness, type Harness } from "./harness.ts";

let db: TestDb;
let h: Harness;

beforeAll(async () => {
  db = await createTestDb();
  h = await startHarness(db);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

/** `children { children { … key } }` nested n times. */
const nested = (field: string, n: number, leaf = "key"): string =>
  n === 0 ? leaf : `${field} { ${nested(field, n - 1, leaf)} }`;

describe("query limits", () => {
  it("refuses a query deeper than the limit with TOO_COMPLEX and HTTP 400, before resolving anything", async () => {
    h.queries.count = 0;
    const r = await h.run(`{ place(code: "P-06-2008") { ${nested("parent", DEFAULT_MAX_DEPTH)} } }`);
    expect(codeOf(r)).toBe("TOO_COMPLEX");
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions!.depth).toBe(DEFAULT_MAX_DEPTH + 2);
    expect(r.data ?? null).toBeNull();
    expect(h.queries.count).toBe(0);
  });

  it("counts depth through fragments", async () => {
    const r = await h.run(
      `query { place(code: "P-06-2008") { ...Deep } } fragment Deep on Place { ${nested("parent", DEFAULT_MAX_DEPTH)} }`,
    );
    expect(codeOf(r)).toBe("TOO_COMPLEX");
  });

  it("accepts the depth limit itself", async () => {
    const r = await h.run(`{ place(code: "D-06-BACH-THONG") { ${nested("parent", DEFAULT_MAX_DEPTH - 2)} } }`);
    expect(r.errors).toBeUndefined();
  });

  it("refuses a shallow query whose nested lists cost too much", async () => {
    const r = await h.run(`{ places { ${nested("children", 3)} } }`);
    expect(codeOf(r)).toBe("TOO_COMPLEX");
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions!.complexity).toBeGreaterThan(DEFAULT_MAX_COMPLEXITY);
  });

  it("costs a page by its size", async () => {
    const selection = `edges { node { id place { ${nested("children", 2)} } } }`;
    expect(codeOf(await h.run(`{ figures(first: 500) { ${selection} } }`))).toBe("TOO_COMPLEX");
    expect((await h.run(`{ figures(first: 5) { ${selection} } }`)).errors).toBeUndefined();
  });

  it("lets an ordinary full page through", async () => {
    const r = await h.run(`{ figures(first: 500) { totalCount edges { cursor node {
      id value qualifier kind periodStart periodEnd flags rawText quote
      place { key name parent { key } } programme { code } measure { code unit } ethnicGroup { code }
      source { sourceKey title quote } } } } }`);
    expect(r.errors).toBeUndefined();
  });

  it("answers introspection (clients and the landing page need it)", async () => {
    const r = await h.run(getIntrospectionQuery());
    expect(r.errors).toBeUndefined();
    expect(r.data!.__schema.queryType.name).toBe("Query");
  });

  it("reports a badly typed variable as BAD_USER_INPUT, not a server error", async () => {
    const r = await h.run(`query ($n: Int) { figures(first: $n) { totalCount } }`, { n: "many" });
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.status).toBe(400);
  });
});
