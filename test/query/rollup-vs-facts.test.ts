import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "../../src/query/compare/compare.ts";
import type { CompareInput, ComparisonData } from "../../src/query/compare/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Random figures over the seed provinces' districts, provinces and a region, several ethnicities,
// two programme subtrees, every qualifier, some flagged, some cells reported by two documents.
// The rollup (SQL) and the facts path (the reference rules in TypeScript) must agree on every row.
let db: TestDb;
let ref: ReferenceCache;

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const PLACES = ["D-06-BACH-THONG", "D-06-BA-BE", "D-06-NA-RI", "P-06-2008", "P-19-2008", "P-20-2008", "D-20-BINH-GIA", "D-80-BEN-LUC", "P-80-2008", "P-72-2008", "D-91-AN-MINH", "P-91-2008"];
const ETHNICITIES = ["ALL", "DTTS", "01", "02", "07"];
const PROGRAMMES = ["ALL", "CREDIT", "CREDIT-POOR", "CREDIT-NEAR-POOR", "EDUCATION", "EDU-LUNCH", "EDU-RICE"];
const QUALIFIERS = ["EXACT", "EXACT", "EXACT", "AT_LEAST", "AT_MOST", "ABOUT", "NEARLY"];
// whole years, quarters that add up to a year, and (in 2023) an overlap that must not be added
const PERIODS: [string, string][] = [["2022-01-01", "2022-12-31"], ["2023-01-01", "2023-12-31"], ["2022-01-01", "2022-03-31"], ["2022-04-01", "2022-06-30"],
  ["2023-01-01", "2023-03-31"], ["2023-01-01", "2023-06-30"], ["2024-07-01", "2024-09-30"], ["2024-10-01", "2024-12-31"]];

beforeAll(async () => {
  db = await createTestDb();
  const random = rng(20221228);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  for (let d = 0; d < 6; d++) {
    const figures: RawFigure[] = [];
    for (let i = 0; i < 60; i++) {
      figures.push({
        key: `k${i}`, place: pick(PLACES), ethnicity: pick(ETHNICITIES), programme: pick(PROGRAMMES), measure: pick(["households_supported", "households_supported", "households", "poor_households"]),
        value: String(Math.floor(random() * 100000) / 100), qualifier: pick(QUALIFIERS), period: pick(PERIODS), kind: random() < 0.15 ? "PLAN" : "ACTUAL",
        flags: random() < 0.05 ? ["IMPLAUSIBLE"] : [],
      });
    }
    await insertDocument(db.pool, figures, { publishedAt: `2023-0${1 + (d % 3)}-15` });
  }
  await rebuildAll(db.pool);
  ref = await ReferenceCache.load(db.pool);
});
afterAll(async () => { await db.drop(); });

const strip = (c: ComparisonData) => c.rows.map((r) => ({
  ...r, value: r.value?.toString() ?? null, lower: r.lower?.toString() ?? null, upper: r.upper?.toString() ?? null,
  numerator: r.numerator?.toString() ?? null, denominator: r.denominator?.toString() ?? null, figureIds: [...r.figureIds].sort(),
}));

const requests: CompareInput[] = [];
for (const places of [["P-06-2008", "P-20-2008"], ["R-NMM", "R-MD", "VN"], ["P-19-2025", "P-80-2025", "P-91-2025"], ["P-06-2008"]]) {
  for (const boundaries of ["AS_REPORTED", "CURRENT"] as const) {
    requests.push({ measure: "households_supported", places: [...places], boundaries });
    requests.push({ measure: "households_supported", places: [...places], boundaries, groupBy: ["ETHNICITY"], ethnicity: "DTTS" });
    requests.push({ measure: "households_supported", places: [...places], boundaries, groupBy: ["PROGRAMME"], programme: "CREDIT", period: "2022" });
    requests.push({ measure: "households_supported", places: [...places], boundaries, groupBy: ["CHILD_PLACE"] });
    requests.push({ measure: "households_supported", places: [...places], boundaries, againstPlan: true });
    requests.push({ measure: "households_supported", places: [...places], boundaries, per: "poor_households", programme: "CREDIT" });
    requests.push({ measure: "poverty_rate", places: [...places], boundaries, ethnicity: "DTTS" });
    requests.push({ measure: "households_supported", places: [...places], boundaries, period: "2024", programme: "CREDIT" });
    requests.push({ measure: "poor_households", places: [...places], boundaries, period: "2022-2024" });
  }
}

describe("rollup and facts give the same answers", () => {
  it.each(requests.map((r, i) => [i, r] as const))("request %i", async (_i, input) => {
    const fromRollup = await compare({ pool: db.pool, ref }, { ...input, source: "ROLLUP" });
    const fromFacts = await compare({ pool: db.pool, ref }, { ...input, source: "FACTS" });
    expect(fromRollup.servedFrom).toBe("ROLLUP");
    expect(fromFacts.servedFrom).toBe("FACTS");
    expect(strip(fromRollup)).toEqual(strip(fromFacts));
  });

  it("has data in most requests (the comparison above is not vacuous)", async () => {
    let withValues = 0;
    for (const input of requests) if ((await compare({ pool: db.pool, ref }, input)).rows.some((r) => r.value !== null)) withValues++;
    expect(withValues).toBeGreaterThan(requests.length * 0.8);
  });
});
