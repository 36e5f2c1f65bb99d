import { isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../../src/graphql/schema.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { startHarness, type Harness, type Result } from "./harness.ts";

/**
 * The same operations through graphql-jit (compiled) and graphql-js (GRAPHQL_JIT=0, the escape
 * hatch): the same answers and the same errors, and each answer from the path it should take.
 */
let db: TestDb;
let compiled: Harness;
let interpreted: Harness;

beforeAll(async () => {
  db = await createTestDb();
  await rebuildAll(db.pool);
  compiled = await startHarness(db, { compile: true });
  interpreted = await startHarness(db, { compile: false });
});
afterAll(async () => {
  await compiled?.stop();
  await interpreted?.stop();
  await db?.drop();
});

const ROW = `place { key name level } requested ethnicity programme periodStart periodEnd value lower upper qualifier ratio
  numerator denominator matchedCells matchedCoverage { numerator { matched whole leftOutCells } denominator { matched whole leftOutCells } }
  reason derivation coverage { covered total dimension } flags povertyStandards figureIds`;
const COMPARE = `query Compare($input: CompareInput!) { compare(input: $input) { servedFrom boundaries rows { ${ROW} } csv } }`;

/** What both paths must answer alike (computedAt is when a cell was computed: the same cells, the same time). */
const QUESTIONS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: "a comparison of two provinces",
    query: COMPARE,
    variables: { input: { measure: "poor_households", places: ["P-20-2008", "P-80-2008"], period: "2022" } },
  },
  {
    name: "a rate with its numerator and denominator",
    query: COMPARE,
    variables: { input: { measure: "poverty_rate", places: ["P-06-2008", "P-91-2008"], period: "2020" } },
  },
  {
    name: "child places, under CURRENT, every period",
    query: COMPARE,
    variables: { input: { measure: "households_supported", groupBy: ["CHILD_PLACE"], places: ["P-06-2008"] } },
  },
  {
    name: "groups by ethnicity and programme",
    query: COMPARE,
    variables: {
      input: { measure: "persons_supported", places: ["P-06-2008"], ethnicity: "DTTS", groupBy: ["ETHNICITY"] },
    },
  },
  {
    name: "aliases, fragments, @include/@skip and __typename",
    query: `query($with: Boolean!) { __typename a: place(code: "P-06-2008") { ...P children(asOf: "2022-01-01") @include(if: $with) { key }
      parent @skip(if: $with) { key } } b: places(level: PROVINCE) { key } } fragment P on Place { __typename key name level }`,
    variables: { with: true },
  },
  {
    name: "a page of figures with its sources",
    query: `{ figures(first: 5) { totalCount edges { cursor node { id value periodStart place { key } } } } }`,
  },
];

/** Operations that fail, in whole or in part: the compiled answer is set aside, graphql-js answers. */
const FAILING: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: "an unknown measure (the resolver's BAD_USER_INPUT)",
    query: COMPARE,
    variables: { input: { measure: "no_such_measure", places: ["P-06-2008"] } },
  },
  {
    name: "a variable of the wrong type",
    query: COMPARE,
    variables: { input: { measure: "poor_households", places: "P-06-2008", period: 2022 } },
  },
  {
    name: "a field that needs a key, beside one that does not (partial data)",
    query: `{ place(code: "P-06-2008") { key } apiKeys { name } }`,
  },
];

const answer = (r: Result) => ({ status: r.status, data: r.data ?? null, errors: r.errors ?? null });

describe("queries compiled by graphql-jit", () => {
  for (const q of QUESTIONS)
    it(`answers ${q.name} as graphql-js does, compiled`, async () => {
      const before = compiled.executor.stats();
      const fast = await compiled.run(q.query, q.variables);
      const after = compiled.executor.stats();
      const slow = await interpreted.run(q.query, q.variables);
      expect(fast.errors).toBeUndefined();
      expect(answer(fast)).toEqual(answer(slow));
      expect(after.compiled - before.compiled).toBe(1);
      expect(after.interpreted - before.interpreted).toBe(0);
    });

  for (const q of FAILING)
    it(`fails on ${q.name} with graphql-js's errors and codes`, async () => {
      const before = compiled.executor.stats();
      const fast = await compiled.run(q.query, q.variables);
      const slow = await interpreted.run(q.query, q.variables);
      expect(fast.errors?.length).toBeGreaterThan(0);
      expect(answer(fast)).toEqual(answer(slow));
      expect(compiled.executor.stats().compiled).toBe(before.compiled);
    });

  it("runs mutations through graphql-js, and everything when compiling is off", async () => {
    const before = compiled.executor.stats();
    const r = await compiled.run(`mutation { createApiKey(name: "x", role: "reader") }`);
    expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(compiled.executor.stats().interpreted).toBe(before.interpreted + 1);
    expect(compiled.executor.stats().compiled).toBe(before.compiled);
    expect(interpreted.executor.stats().compiled).toBe(0);
    expect(interpreted.executor.stats().interpreted).toBeGreaterThan(QUESTIONS.length);
  });

  it("compiles an operation once, however often it is asked", async () => {
    const query = `{ places(level: PROVINCE) { key name } }`;
    await compiled.run(query);
    const before = compiled.executor.stats();
    for (let i = 0; i < 3; i++) expect((await compiled.run(query)).errors).toBeUndefined();
    const after = compiled.executor.stats();
    expect(after.compiled - before.compiled).toBe(3);
    expect(after.compilations).toBe(before.compilations);
  });
});

describe("the answer's types", () => {
  it("read each plain field straight from the object (compiled inline): a resolver only where there is work", async () => {
    const schema = await buildAppSchema();
    const resolved = (name: string) => {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
      return Object.values(type.getFields())
        .filter((f) => f.resolve)
        .map((f) => f.name)
        .sort();
    };
    expect(resolved("Comparison")).toEqual(["csv"]);
    expect(resolved("ComparisonRow")).toEqual(["leafCoverage", "place", "sources"]);
    for (const name of ["Coverage", "LeafCoverage", "MatchedCoverage", "MatchedSide"])
      expect(resolved(name)).toEqual([]);
    expect(resolved("Place")).toEqual(
      ["children", "groups", "parent", "predecessorLinks", "predecessors", "successorLinks", "successors"].sort(),
    );
  });
});
