import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { orderRows, type OrderedRow } from "../../src/query/analytics/order.ts";
import type { ReferenceCache } from "../../src/query/reference-cache.ts";
import { rng } from "../support/rng.ts";

// The order by value compares each value's nearest double first and the values themselves only when
// those are equal: values closer than a double can tell apart (a rate of 20 significant digits), equal
// values, NO_DATA and huge values must come out as Decimal.cmp orders them, ties in the rows' order.
const ref = { places: new Map() } as unknown as ReferenceCache;
const row = (i: number, value: Decimal | null): OrderedRow & { i: number } => ({
  i,
  placeKey: `P${i}`,
  periodStart: null,
  periodEnd: null,
  programme: "ALL",
  ethnicity: "ALL",
  kind: "ACTUAL",
  values: [{ value }],
});

/** The order as Decimal.cmp gives it, NO_DATA last, ties by position. */
function expected(rows: ReturnType<typeof row>[], sign: number): number[] {
  return [...rows]
    .sort((a, b) => {
      const [x, y] = [a.values[0].value, b.values[0].value];
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
      return sign * x.cmp(y) || a.i - b.i;
    })
    .map((r) => r.i);
}

describe("analytics order by value", () => {
  it("orders values a double cannot tell apart, equal values and NO_DATA as Decimal.cmp does", () => {
    const random = rng(20261202);
    const near = ["0.1000000000000000001", "0.1000000000000000002", "0.1", "0.10000000000000000015"];
    const pool = [...near, "1e400", "2e400", "-0", "0", "33.333333333333333333", "33.333333333333333334"];
    for (let round = 0; round < 50; round++) {
      const rows = Array.from({ length: 40 }, (_, i) => {
        const u = random();
        return row(i, u < 0.1 ? null : new Decimal(pool[Math.floor(random() * pool.length)]));
      });
      for (const [direction, sign] of [
        ["DESC", -1],
        ["ASC", 1],
      ] as const) {
        const got = orderRows(rows, [{ measure: "m", direction }], ["m"], ref).map((r) => r.i);
        expect(got).toEqual(expected(rows, sign));
      }
    }
  });
});
