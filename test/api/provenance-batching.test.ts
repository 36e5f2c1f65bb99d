import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startHarness, type Harness } from "../graphql/harness.ts";
import { insertDocument } from "../support/figures.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Provenance is batched: a 50-row comparison with place and sources of every row costs the same
// handful of SQL statements as a 2-row one.
let db: TestDb;
let h: Harness;
beforeAll(async () => {
  db = await createTestDb();
  await loadSeed(db.pool);
  // one figure for each of the 53 minority groups in Lạng Sơn, from 53 documents
  for (let g = 2; g <= 54; g++) {
    await insertDocument(db.pool, [
      { place: "P-20-2008", ethnicity: String(g).padStart(2, "0"), measure: "poor_households", value: 100 + g },
    ]);
  }
  await rebuildAll(db.pool);
  h = await startHarness(db);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const query = (
  groupBy: string,
) => `{ compare(input: { measure: "poor_households", places: ["P-20-2008"], ethnicity: "DTTS", period: "2022" ${groupBy} }) {
  servedFrom rows { place { name parent { name } } ethnicity value sources { title publishedAt quote } } } }`;

describe("provenance batching", () => {
  it("answers a 53-row comparison with sources in as many statements as a 1-row one", async () => {
    await h.run(query("")); // warms the reference cache
    h.queries.count = 0;
    const one = await h.run(query(""));
    const oneCount = h.queries.count;
    h.queries.count = 0;
    const many = await h.run(query(", groupBy: [ETHNICITY]"));
    const manyCount = h.queries.count;
    expect(one.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect(one.data!.compare.rows).toHaveLength(1);
    expect(many.data!.compare.rows).toHaveLength(53);
    expect(
      many.data!.compare.rows.every(
        (r: any) => r.sources.length === 1 && r.place.parent.name === "Trung du và miền núi phía Bắc",
      ),
    ).toBe(true);
    expect(one.data!.compare.rows[0].sources).toHaveLength(53);
    expect(manyCount).toBe(oneCount);
    expect(manyCount).toBeLessThanOrEqual(8);
  });
});
