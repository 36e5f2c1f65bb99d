import { describe, expect, it } from "vitest";
import { combine, combinationOf } from "./additivity.ts";
import {
  describeLeftOut,
  describeUneven,
  matchSides,
  type CellKey,
  type MatchSource,
  type SideCell,
} from "./matched-ratio.ts";
import { qualified } from "./qualifier-algebra.ts";

const PROGRAMMES: Record<string, string[]> = {
  ALL: ["NTP-2021", "CREDIT"],
  "NTP-2021": ["NTP-2021-P4"],
  CREDIT: ["CREDIT-JOBS"],
};
const reported = (v: number): SideCell => ({ ...qualified(v, "EXACT"), derivation: "REPORTED", partsDimension: null });
const parts = (v: number, dimension = "PROGRAMME"): SideCell => ({
  ...qualified(v, "EXACT"),
  derivation: "SUM_OF_PARTS",
  partsDimension: dimension,
});
const key = (programme: string): CellKey => ({ place: "D-06-BACH-THONG", ethnicity: "ALL", programme });

function source(numerator: Record<string, SideCell>, denominator: Record<string, SideCell>): MatchSource {
  const workers = { addsOverProgrammes: false };
  return {
    cell: (side, k) => (side === "NUMERATOR" ? numerator : denominator)[k.programme],
    children: (dimension, k) => (dimension === "PROGRAMME" ? (PROGRAMMES[k.programme] ?? []).map(key) : []),
    combine: (_side, dimension, ps) => combine(combinationOf(workers, dimension), ps),
  };
}

describe("matched ratios", () => {
  // Bạch Thông 2022: 727 workers of 700 planned (project 4) and 29 workers of job loans, no plan
  const actual = {
    ALL: parts(727),
    "NTP-2021": parts(727),
    "NTP-2021-P4": reported(727),
    CREDIT: parts(29),
    "CREDIT-JOBS": reported(29),
  };
  const plan = { ALL: parts(700), "NTP-2021": parts(700), "NTP-2021-P4": reported(700) };

  it("attainment at the programme root is 727/700: the 29 workers without a plan stay out, and are named", () => {
    const m = matchSides(key("ALL"), source(actual, plan));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString(), m.pairs]).toEqual(["727", "700", 1]);
    expect(m.leftOut).toEqual([{ side: "NUMERATOR", key: key("CREDIT") }]);
    expect(
      describeLeftOut(key("ALL"), m.leftOut, {
        NUMERATOR: "actuals without a plan",
        DENOMINATOR: "plans without actuals",
      }),
    ).toBe("left out: actuals without a plan at CREDIT");
  });

  it("pairs at the cell when either side is reported there", () => {
    const m = matchSides(key("ALL"), source({ ALL: reported(756) }, plan));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString(), m.leftOut]).toEqual(["756", "700", []]);
  });

  it("gives no ratio when the two sides share no cell", () => {
    const m = matchSides(key("ALL"), source({ ALL: parts(29), CREDIT: parts(29), "CREDIT-JOBS": reported(29) }, plan));
    expect(m.numerator).toBeNull();
    expect(m.leftOut.map((l) => [l.side, l.key.programme])).toEqual([
      ["DENOMINATOR", "NTP-2021"],
      ["NUMERATOR", "CREDIT"],
    ]);
  });

  it("pairs totals over places at the cell (their coverage tells which children reported)", () => {
    const m = matchSides(key("ALL"), source({ ALL: parts(10, "PLACE") }, { ALL: parts(20, "PLACE") }));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString()]).toEqual(["10", "20"]);
  });

  it("says when the two sides cover a cell unevenly over places or periods (a province's plan, 1 of 8 districts' actuals)", () => {
    const partial = { ...parts(10, "PLACE"), covered: 1, total: 8 };
    const m = matchSides(key("ALL"), source({ ALL: partial }, { ALL: reported(80) }));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString()]).toEqual(["10", "80"]);
    expect(m.uneven).toEqual([{ key: key("ALL"), numerator: "1 of 8 PLACE", denominator: "reported" }]);
    expect(describeUneven(key("ALL"), m.uneven)).toBe(
      "uneven coverage at the cell itself: numerator 1 of 8 PLACE, denominator reported",
    );
    // six months of actuals against six months of plans: alike
    const half = { ...parts(10, "PERIOD"), covered: 6, total: 12 };
    expect(matchSides(key("ALL"), source({ ALL: half }, { ALL: { ...half } })).uneven).toEqual([]);
    // every district on both sides: alike
    const whole = { ...parts(10, "PLACE"), covered: 8, total: 8 };
    expect(matchSides(key("ALL"), source({ ALL: whole }, { ALL: reported(80) })).uneven).toEqual([]);
  });

  it("combines matched pairs per side as the measure combines: overlapping households are bounded", () => {
    const m = matchSides(key("CREDIT"), {
      ...source({}, {}),
      cell: (side, k) =>
        (
          ({
            CREDIT: parts(side === "NUMERATOR" ? 300 : 30),
            "CREDIT-JOBS": reported(side === "NUMERATOR" ? 100 : 10),
            "CREDIT-POOR": reported(side === "NUMERATOR" ? 200 : 20),
          }) as Record<string, SideCell>
        )[k.programme],
      children: () => [key("CREDIT-JOBS"), key("CREDIT-POOR")],
    });
    expect([m.numerator!.qualifier, m.numerator!.lower!.toString(), m.numerator!.upper!.toString(), m.pairs]).toEqual([
      "BETWEEN",
      "200",
      "300",
      2,
    ]);
  });
});
