import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { QUALIFIERS, qualified, sumQualified, unionQualified, type Qualifier } from "./qualifier-algebra.ts";

const show = (d: Decimal | null) => (d === null ? null : d.toString());

describe("qualifier algebra", () => {
  // Every ordered pair, 100 (qa) + 10 (qb): the expected qualifier and bounds written out by hand.
  const expected: Record<Qualifier, Record<Qualifier, [Qualifier, string | null, string | null]>> = {
    EXACT: {
      EXACT: ["EXACT", "110", "110"],
      AT_LEAST: ["AT_LEAST", "110", null],
      AT_MOST: ["AT_MOST", null, "110"],
      ABOUT: ["ABOUT", null, null],
      NEARLY: ["ABOUT", null, "110"],
    },
    AT_LEAST: {
      EXACT: ["AT_LEAST", "110", null],
      AT_LEAST: ["AT_LEAST", "110", null],
      AT_MOST: ["ABOUT", null, null],
      ABOUT: ["ABOUT", null, null],
      NEARLY: ["ABOUT", null, null],
    },
    AT_MOST: {
      EXACT: ["AT_MOST", null, "110"],
      AT_LEAST: ["ABOUT", null, null],
      AT_MOST: ["AT_MOST", null, "110"],
      ABOUT: ["ABOUT", null, null],
      NEARLY: ["ABOUT", null, "110"],
    },
    ABOUT: {
      EXACT: ["ABOUT", null, null],
      AT_LEAST: ["ABOUT", null, null],
      AT_MOST: ["ABOUT", null, null],
      ABOUT: ["ABOUT", null, null],
      NEARLY: ["ABOUT", null, null],
    },
    NEARLY: {
      EXACT: ["ABOUT", null, "110"],
      AT_LEAST: ["ABOUT", null, null],
      AT_MOST: ["ABOUT", null, "110"],
      ABOUT: ["ABOUT", null, null],
      NEARLY: ["ABOUT", null, "110"],
    },
  };
  for (const a of QUALIFIERS) {
    for (const b of QUALIFIERS) {
      it(`${a} + ${b}`, () => {
        const s = sumQualified([qualified(100, a), qualified(10, b)]);
        const [q, lower, upper] = expected[a][b];
        expect([s.qualifier, show(s.lower), show(s.upper), s.value.toString()]).toEqual([q, lower, upper, "110"]);
      });
    }
  }

  it("a single term keeps its qualifier and bounds", () => {
    for (const q of QUALIFIERS) expect(sumQualified([qualified(5, q)]).qualifier).toBe(q);
    expect(show(sumQualified([qualified(5, "NEARLY")]).upper)).toBe("5");
  });

  it("is exact for VND of 10^15 (no float rounding)", () => {
    const s = sumQualified([qualified("999999999999999.5", "EXACT"), qualified("0.25", "EXACT")]);
    expect(s.value.toString()).toBe("999999999999999.75");
  });

  it("is associative on qualifiers: ((a+b)+c) = (a+(b+c))", () => {
    for (const a of QUALIFIERS)
      for (const b of QUALIFIERS)
        for (const c of QUALIFIERS) {
          const left = sumQualified([sumQualified([qualified(1, a), qualified(2, b)]), qualified(3, c)]);
          const right = sumQualified([qualified(1, a), sumQualified([qualified(2, b), qualified(3, c)])]);
          const flat = sumQualified([qualified(1, a), qualified(2, b), qualified(3, c)]);
          expect([left.qualifier, show(left.lower), show(left.upper)]).toEqual([
            right.qualifier,
            show(right.lower),
            show(right.upper),
          ]);
          expect([left.qualifier, show(left.lower), show(left.upper)]).toEqual([
            flat.qualifier,
            show(flat.lower),
            show(flat.upper),
          ]);
        }
  });
});

describe("union of overlapping parts", () => {
  it("is at least the largest part and at most the sum", () => {
    const u = unionQualified([qualified(100, "EXACT"), qualified(10, "EXACT")]);
    expect([u.value.toString(), show(u.lower), show(u.upper), u.qualifier]).toEqual(["100", "100", "110", "BETWEEN"]);
  });

  it("keeps the largest finite lower bound, and no upper bound when a part has none", () => {
    const u = unionQualified([qualified(100, "AT_LEAST"), qualified(300, "AT_MOST")]);
    expect([u.value.toString(), show(u.lower), show(u.upper), u.qualifier]).toEqual(["300", "100", null, "AT_LEAST"]);
  });

  it("is approximate when a part is", () => {
    expect(unionQualified([qualified(100, "EXACT"), qualified(10, "NEARLY")]).qualifier).toBe("ABOUT");
  });

  it("of one part is that part; of equal exact bounds is exact", () => {
    expect(unionQualified([qualified(7, "AT_MOST")]).qualifier).toBe("AT_MOST");
    // an empty part adds nothing to the union: 0 and 5 overlap in at most 5, and are at least 5
    const u = unionQualified([qualified(0, "EXACT"), qualified(5, "EXACT")]);
    expect([u.value.toString(), show(u.lower), show(u.upper), u.qualifier]).toEqual(["5", "5", "5", "EXACT"]);
  });

  it("a sum with a bounded term stays bounded (BETWEEN), not EXACT", () => {
    const s = sumQualified([unionQualified([qualified(100, "EXACT"), qualified(10, "EXACT")]), qualified(1, "EXACT")]);
    expect([s.value.toString(), show(s.lower), show(s.upper), s.qualifier]).toEqual(["101", "101", "111", "BETWEEN"]);
  });
});
