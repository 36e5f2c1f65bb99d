import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { analytics } from "../../src/query/analytics/analytics.ts";
import { composeRow } from "../../src/query/compare/compose.ts";
import type { AnalyticsData, AnalyticsInput } from "../../src/query/analytics/types.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { countingPool } from "../support/counting-pool.ts";
import { insertDocument, type RawFigure } from "../support/figures.ts";
import { rng } from "../support/rng.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// Analytics works out the flags that change no value, order or count (flagged figures under a
// value with no data, poverty standards, having's uncertainty) for the rows it returns only; the
// standards of the other rows count for POVERTY_STANDARDS_DIFFER. A page must be exactly the slice
// of the whole answer, whatever the page shows: random rates of two poverty standards (2020, 2023),
// some bounded ("dưới 1%"), some flagged, rates reported or made of their counts.
let db: TestDb;
let ref: ReferenceCache;
const counter = { sent: 0 };

// The real composition, with a count of its calls: only the rows returned are composed.
vi.mock("../../src/query/compare/compose.ts", async (original) => {
  const real = await original<typeof import("../../src/query/compare/compose.ts")>();
  return { ...real, composeRow: vi.fn(real.composeRow) };
});

const DISTRICTS = ["D-06-BACH-THONG", "D-06-BA-BE", "D-06-NA-RI", "D-20-BINH-GIA", "D-91-AN-MINH", "D-91-GIANG-THANH"];
const YEARS = ["2020", "2023"];

beforeAll(async () => {
  db = await createTestDb();
  const random = rng(20261201);
  const figures: RawFigure[] = [];
  const add = (f: Omit<RawFigure, "key">) => figures.push({ ...f, key: `k${figures.length}` });
  for (const place of DISTRICTS)
    for (const year of YEARS) {
      const period: [string, string] = [`${year}-01-01`, `${year}-12-31`];
      const shape = random();
      if (shape < 0.5) {
        const bounded = random() < 0.3;
        add({
          place,
          measure: "poverty_rate",
          period,
          value: bounded ? "1" : (Math.floor(random() * 2000) / 100).toFixed(2),
          qualifier: bounded ? "AT_MOST" : "EXACT",
          flags: random() < 0.15 ? ["IMPLAUSIBLE"] : [],
        });
      } else if (shape < 0.85) {
        const households = 1000 + Math.floor(random() * 9000);
        add({ place, measure: "households", period, value: String(households) });
        add({ place, measure: "poor_households", period, value: String(Math.floor(households * random() * 0.3)) });
      }
    }
  await insertDocument(db.pool, figures);
  await rebuildAll(db.pool);
  ref = await ReferenceCache.load(db.pool);
});
afterAll(async () => {
  await db?.drop();
});

const deps = () => ({ pool: countingPool(db.pool, counter), ref, groups: async () => null });

const query = (extra: Partial<AnalyticsInput>): AnalyticsInput => ({
  measures: [{ code: "poverty_rate" }],
  places: [{ keys: DISTRICTS }],
  periods: { list: YEARS, fillEmpty: true },
  orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
  ...extra,
});

const plain = (a: AnalyticsData) => JSON.parse(JSON.stringify(a.rows));

describe("analytics: the rows returned are the slice of the whole answer", () => {
  const cases: [string, Partial<AnalyticsInput>][] = [
    ["by value", {}],
    ["by value, ascending", { orderBy: [{ measure: "poverty_rate", direction: "ASC" }] }],
    ["with having", { having: [{ measure: "poverty_rate", gt: 0.5 }] }],
    ["by place", { orderBy: [{ dimension: "PLACE" }] }],
  ];
  for (const [name, extra] of cases)
    it(`gives every page as the whole answer has it (${name})`, async () => {
      const whole = await analytics(deps(), query(extra));
      expect(whole.rows.length).toBe(whole.total);
      for (const limit of [1, 3, 5])
        for (let offset = 0; offset < whole.total; offset += limit) {
          const page = await analytics(deps(), query({ ...extra, limit, offset }));
          expect(page.total).toBe(whole.total);
          expect(plain(page), `offset ${offset} limit ${limit}`).toEqual(plain(whole).slice(offset, offset + limit));
        }
    });

  it("orders the rows by their values as composed, NO_DATA last, and keeps those `having` lets through", async () => {
    const desc = await analytics(deps(), query({}));
    const asc = await analytics(deps(), query({ orderBy: [{ measure: "poverty_rate", direction: "ASC" }] }));
    const values = (a: AnalyticsData) => a.rows.map((r) => r.values[0].value);
    const inOrder = (a: AnalyticsData, sign: number) =>
      values(a).every((v, i, all) => {
        const next = all[i + 1];
        if (next === undefined || next === null) return true;
        return v !== null && sign * v.cmp(next) >= 0;
      });
    expect(inOrder(desc, 1)).toBe(true);
    expect(inOrder(asc, -1)).toBe(true);
    expect(values(desc).filter((v) => v === null).length).toBeGreaterThan(0);
    const having = await analytics(deps(), query({ having: [{ measure: "poverty_rate", gt: 0.5 }] }));
    const kept = desc.rows.filter((r) => {
      const v = r.values[0];
      return v.value !== null && (v.upper === null || v.upper.gt(0.5));
    });
    expect(having.total).toBe(kept.length);
  });

  it("composes the rows returned only, and the others when their poverty standards are compared", async () => {
    const series = { periods: { list: [...YEARS] } };
    const whole = await analytics(deps(), query(series));
    const byPeriod = await analytics(deps(), query({ ...series, orderBy: [{ dimension: "PERIOD" }] }));
    const first2023 = byPeriod.rows.findIndex((r) => r.periodStart === "2023-01-01");
    const composed = async (extra: Partial<AnalyticsInput>) => {
      vi.mocked(composeRow).mockClear();
      await analytics(deps(), query({ ...series, ...extra }));
      return vi.mocked(composeRow).mock.calls.length;
    };
    expect(whole.total).toBeGreaterThan(4);
    // a 2020 and a 2023 value: the page shows both standards by itself
    expect(await composed({ orderBy: [{ dimension: "PERIOD" }], offset: first2023 - 1, limit: 2 })).toBe(2);
    // one value shows one standard: the other rows are composed to compare theirs
    expect(await composed({ limit: 1 })).toBe(whole.total);
  });

  it("holds the cases that make the comparison meaningful", async () => {
    const whole = await analytics(deps(), query({ having: [{ measure: "poverty_rate", gt: 0.5 }] }));
    const all = await analytics(deps(), query({}));
    const flags = (a: AnalyticsData) => a.rows.flatMap((r) => r.values[0].flags);
    expect(flags(all)).toContain("POVERTY_STANDARDS_DIFFER");
    expect(flags(all)).toContain("FLAGGED_EXCLUDED");
    expect(flags(whole)).toContain("HAVING_UNCERTAIN");
    // the top row alone shows one standard: the others' differ
    const top = await analytics(deps(), query({ limit: 1 }));
    expect(top.rows[0].values[0].povertyStandards).toHaveLength(1);
    expect(top.rows[0].values[0].flags).toContain("POVERTY_STANDARDS_DIFFER");
  });

  it("reads the other rows' standards only when the rows returned do not already differ", async () => {
    // without fillEmpty no row lacks a value: no statement for flagged figures under one
    const series = { periods: { list: [...YEARS] } };
    const count = async (extra: Partial<AnalyticsInput>) => {
      counter.sent = 0;
      await analytics(deps(), query({ ...series, ...extra }));
      return counter.sent;
    };
    const whole = await count({});
    const byPeriod = await analytics(deps(), query({ ...series, orderBy: [{ dimension: "PERIOD" }] }));
    const first2023 = byPeriod.rows.findIndex((r) => r.periodStart === "2023-01-01");
    expect(first2023).toBeGreaterThan(0);
    // a page with a 2020 and a 2023 value differs in itself: nothing more to read
    expect(await count({ orderBy: [{ dimension: "PERIOD" }], offset: first2023 - 1, limit: 2 })).toBe(whole);
    // a page of one value shows one standard: the other rows' figures are read in one more statement
    expect(await count({ limit: 1 })).toBe(whole + 1);
  });
});
