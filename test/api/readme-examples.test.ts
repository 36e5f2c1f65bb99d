import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededServer, type SeededServer } from "./support.ts";

// The README's GraphQL queries must keep working: each ```graphql block (queries; the mutation
// examples need variables and a key and are covered by their own tests) runs without errors and
// returns data.
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((q) => !q.trimStart().startsWith("mutation"));

let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

describe("README examples", () => {
  it("has examples", () => expect(blocks.length).toBeGreaterThanOrEqual(6));
  it.each(blocks.map((q, i) => [i, q] as const))("example %i runs", async (_i, query) => {
    const r = await s.gql(query);
    expect(r.errors).toBeUndefined();
    const rows = JSON.stringify(r.data);
    expect(rows).not.toBe("{}");
    expect(rows).toMatch(/"value":"\d|"key":"/);
  });
});
