import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analytics } from "../../src/query/analytics/analytics.ts";
import type { AnalyticsInput, AnalyticsValueData } from "../../src/query/analytics/types.ts";
import { compare } from "../../src/query/compare/compare.ts";
import type { ComparisonRowData } from "../../src/query/compare/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { rng } from "../support/rng.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Analytics reads the cells below a row (sub-groups, sub-programmes) only for the places where a
// ratio's two sides are matched there: a rate reported for (or rolled up to) a row is its value and
// is not matched, so its place is not descended for it. Compare reads every cell below; on random
// rates and counts (reported for the whole place, or only by ethnic group and programme so that the
// place's counts are sums of parts, some with their rate missing) the two must give the same values.
let db: TestDb;
let ref: ReferenceCache;

const PLACES = ["D-06-BACH-THONG", "D-06-BA-BE", "D-06-NA-RI", "P-06-2008", "D-20-BINH-GIA", "P-20-2008", "P-91-2008"];
const YEARS = ["2022", "2023", "2024"];
const ETHNICITIES = ["ALL", "DTTS", "01", "02", "07"];
const PROGRAMMES = ["ALL", "CREDIT", "CREDIT-POOR", "EDUCATION"];

beforeAll(async () => {
  db = await createTestDb();
  const random = rng(20261130);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const figures: RawFigure[] = [];
  const add = (f: Omit<RawFigure, "key">) => figures.push({ ...f, key: `k${figures.length}` });
  for (const place of PLACES.filter((p) => p.startsWith("D-")))
    for (const year of YEARS) {
      const period: [string, string] = [`${year}-01-01`, `${year}-12-31`];
      const shape = random();
      if (shape < 0.35)
        add({ place, measure: "poverty_rate", period, value: (Math.floor(random() * 4000) / 100).toFixed(2) });
      // counts by group and programme only (the place's counts are sums of parts), or for the place
      const byParts = shape > 0.2;
      for (let i = 0; i < 4; i++) {
        const ethnicity = byParts ? pick(ETHNICITIES) : "ALL";
        const programme = byParts ? pick(PROGRAMMES) : "ALL";
        const households = 1000 + Math.floor(random() * 9000);
        if (random() < 0.9)
          add({ place, ethnicity, programme, measure: "households", period, value: String(households) });
        if (random() < 0.9)
          add({
            place,
            ethnicity,
            programme,
            measure: "poor_households",
            period,
            value: String(Math.floor(households * random() * 0.4)),
          });
      }
    }
  await insertDocument(db.pool, figures);
  await rebuildAll(db.pool);
  ref = await ReferenceCache.load(db.pool);
});
afterAll(async () => {
  await db?.drop();
});

const comparable = (v: AnalyticsValueData | ComparisonRowData) => ({
  value: v.value?.toString() ?? null,
  lower: v.lower?.toString() ?? null,
  upper: v.upper?.toString() ?? null,
  qualifier: v.qualifier,
  derivation: v.derivation,
  numerator: v.numerator?.toString() ?? null,
  denominator: v.denominator?.toString() ?? null,
  matchedCells: v.matchedCells,
  reason: v.reason,
  flags: [...v.flags].sort(),
  figureIds: [...v.figureIds].sort(),
});

describe("analytics matches a rate's counts below the row only where compare would", () => {
  const deps = () => ({ pool: db.pool, ref, groups: async () => null });
  const input = (source: "ROLLUP" | "FACTS"): AnalyticsInput => ({
    measures: [{ code: "poverty_rate" }],
    places: [{ keys: PLACES }],
    periods: { from: YEARS[0], to: YEARS.at(-1)!, granularity: "YEAR", fillEmpty: true },
    orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
    filter: { source },
  });

  for (const source of ["ROLLUP", "FACTS"] as const)
    it(`gives compare's value for every place and year (${source})`, async () => {
      const a = await analytics(deps(), input(source));
      expect(a.rows.length).toBe(PLACES.length * YEARS.length);
      for (const year of YEARS) {
        const c = await compare(deps(), { measure: "poverty_rate", places: PLACES, period: year, source });
        for (const row of a.rows.filter((r) => r.periodStart === `${year}-01-01`)) {
          const same = c.rows.find((r) => r.placeKey === row.placeKey)!;
          expect(comparable(row.values[0]), `${row.placeKey} ${year}`).toEqual(comparable(same));
        }
      }
    });

  it("holds the cases that make the comparison meaningful", async () => {
    const values = (await analytics(deps(), input("ROLLUP"))).rows.map((r) => r.values[0]);
    const count = (f: (v: AnalyticsValueData) => boolean) => values.filter(f).length;
    // rates from counts matched below the row (a place that must be descended)
    expect(count((v) => v.derivation === "RATIO_OF_SUMS" && (v.matchedCells ?? 0) > 1)).toBeGreaterThan(1);
    // reported rates beside counts that are sums of parts (a place that need not be)
    expect(count((v) => v.derivation === "REPORTED" && v.figureIds.length > 2)).toBeGreaterThan(1);
    // rows with a value ahead of NO_DATA rows
    expect(count((v) => v.derivation === "NO_DATA")).toBeGreaterThan(0);
  });
});
