import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed } from "../../src/ingest/seed/load-seed.ts";
import { analytics, MAX_CELLS } from "../../src/query/analytics/analytics.ts";
import { QueryError } from "../../src/query/errors.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { countingPool } from "../support/counting-pool.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { codeOf, startHarness, type Harness } from "./harness.ts";

let db: TestDb;
let h: Harness;

beforeAll(async () => {
  db = await createTestDb();
  await loadSeed(db.pool);
  await rebuildAll(db.pool);
  h = await startHarness(db);
  await h.run(`{ measures { code } }`); // nothing below counts loading the reference tables
  await h.run(`{ analytics(query: { measures: [{ code: "poverty_rate" }], places: [{ keys: ["VN"] }] }) { total } }`);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const select = `total rows { place { key name } period { label } values { measure value coverage { covered } sources { title quote } } } csv`;

async function statements(query: string): Promise<{ count: number; total: number }> {
  h.queries.count = 0;
  h.queries.texts = [];
  const r = await h.run(`{ analytics(query: ${query}) { ${select} } }`);
  expect(r.errors).toBeUndefined();
  return { count: h.queries.count, total: r.data!.analytics.total };
}

describe("analytics: bounded SQL", () => {
  it("sends the same few statements for one place and one measure as for every district, six years and three measures, sources included", async () => {
    const one = await statements(
      `{ measures: [{ code: "poverty_rate" }], places: [{ keys: ["D-91-GIANG-THANH"] }], periods: { list: ["2020"] } }`,
    );
    const many =
      await statements(`{ measures: [{ code: "poverty_rate" }, { code: "workers_employed" }, { code: "loans_outstanding_vnd", per: "households_supported" }],
      places: [{ level: DISTRICT }, { level: PROVINCE }], periods: { from: "2019", to: "2024", granularity: YEAR, fillEmpty: true } }`);
    expect(one.total).toBe(1);
    const units = await db.pool.query(`SELECT count(*)::int AS n FROM place WHERE level IN ('DISTRICT', 'PROVINCE')
      AND valid_from <= '2024-12-31' AND (valid_to IS NULL OR valid_to >= '2019-01-01')`);
    expect(many.total).toBe(units.rows[0].n * 6); // the districts and the 63 provinces of 2019-2024
    // freshness check, one cell query per boundary tree, then figures and documents for the sources,
    // and one for the poverty standards of the figures behind the values (poverty_rate depends on it)
    expect(one.count).toBeLessThanOrEqual(6);
    // + one for flagged figures under the values with no data, + one per tree for the cells below a ratio summed over programmes,
    // + one for the standards of the rows not returned when the rows returned show only one (test/query/analytics-page.test.ts)
    expect(many.count).toBeLessThanOrEqual(one.count + 3);
  });

  it("refuses an over-priced query with TOO_COMPLEX before any SQL", async () => {
    h.queries.count = 0;
    const r = await h.run(`{ analytics(query: { measures: [{ code: "poverty_rate" }], places: [{ level: COMMUNE }],
      periods: { from: "2016", to: "2025", granularity: MONTH } }) { total } }`);
    expect(codeOf(r)).toBe("TOO_COMPLEX");
    expect(r.status).toBe(400);
    expect(h.queries.count).toBe(0);
  });

  it("prices FACTS dearer than ROLLUP", async () => {
    const q = (
      source: string,
    ) => `{ analytics(query: { measures: [{ code: "poverty_rate" }, { code: "poor_households" }], places: [{ level: DISTRICT }],
      periods: { from: "2016", to: "2025", granularity: MONTH }, filter: { source: ${source} } }) { total } }`;
    expect((await h.run(q("ROLLUP"))).errors).toBeUndefined();
    expect(codeOf(await h.run(q("FACTS")))).toBe("TOO_COMPLEX");
  });

  it("names the expansion and how to narrow it when the places turn out too many", async () => {
    const ref = await ReferenceCache.load(db.pool);
    const counter = { sent: 0 };
    const pool = countingPool(db.pool, counter);
    const err = await analytics(
      { pool, ref, groups: async () => null },
      {
        measures: ["poverty_rate", "poor_households", "households", "spending_vnd", "houses_built"].map((code) => ({
          code,
        })),
        places: [{ level: "DISTRICT" }],
        groupBy: ["ETHNICITY", "PROGRAMME", "KIND"],
        periods: { from: "2016", to: "2025", granularity: "MONTH" },
      },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect(err.code).toBe("TOO_COMPLEX");
    expect(err.message).toMatch(/\d+ places × 120 periods × \d+ groups × 3 kinds × 5 measures/);
    expect(err.message).toMatch(/narrow it/);
    expect(err.details.expansion.cells).toBeGreaterThan(MAX_CELLS);
    expect(counter.sent).toBe(0);
  });
});
