import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  insideYearSql,
  monthsTouched,
  monthsTouchedSql,
  yearContaining,
  yearOfSql,
} from "../../src/rules/calendar-year.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// The rollup's SQL for calendar years (src/rollup/engine-sql.ts) says what src/rules/calendar-year.ts
// says, on every period of up to 400 days starting on any day of two 14-month windows (the leap years
// 2020 and 2024 and the years around them: periods ending on 31 December, across New Year).
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ empty: true });
});
afterAll(async () => {
  await db.drop();
});

describe("the calendar-year rules in SQL", () => {
  it("finds the same year, the periods strictly inside one and the months they touch as the rules", async () => {
    const { rows } = await db.pool.query<{
      start: string;
      end: string;
      year: number;
      inside: boolean;
      months: number;
    }>(`
      SELECT to_char(ps, 'YYYY-MM-DD') AS start, to_char(pe, 'YYYY-MM-DD') AS "end", ${yearOfSql("ps")} AS year,
             ${insideYearSql("ps", "pe")} AS inside, ${monthsTouchedSql("ps", "pe")} AS months
        FROM (SELECT d::date AS ps FROM generate_series('2019-12-01'::date, '2021-01-31'::date, '1 day') d
              UNION ALL SELECT d::date FROM generate_series('2022-12-01'::date, '2024-01-31'::date, '1 day') d) s
        CROSS JOIN LATERAL (SELECT s.ps + k AS pe FROM generate_series(0, 400) k) e`);
    expect(rows.length).toBeGreaterThan(340_000);
    const differing = rows.filter((r) => {
      const period = { start: r.start, end: r.end };
      const year = yearContaining(period);
      return (
        r.year !== Number(r.start.slice(0, 4)) || r.inside !== (year !== null) || r.months !== monthsTouched(period)
      );
    });
    expect(differing.slice(0, 5)).toEqual([]);
    // the whole years themselves are there, leap years included, and not inside
    const wholeYears = rows.filter((r) => r.start.endsWith("-01-01") && r.end === `${r.start.slice(0, 4)}-12-31`);
    expect(wholeYears.map((r) => r.start.slice(0, 4)).sort()).toEqual(["2020", "2021", "2023", "2024"]);
    expect(wholeYears.every((r) => !r.inside)).toBe(true);
  });
});
