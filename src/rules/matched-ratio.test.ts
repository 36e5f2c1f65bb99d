import { describe, expect, it } from "vitest";
import { combine, combinationOf } from "./additivity.ts";
import {
  describeLeftOut,
  describeUneven,
  matchedCoverage,
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
const YEAR = { start: "2022-01-01", end: "2022-12-31" };
const key = (programme: string): CellKey => ({ place: "D-06-BACH-THONG", ethnicity: "ALL", programme, ...YEAR });

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
    const coverage = matchedCoverage(m, { NUMERATOR: qualified(756, "EXACT"), DENOMINATOR: plan.ALL });
    expect(JSON.parse(JSON.stringify(coverage))).toEqual({
      numerator: { matched: "727", whole: "756", leftOutCells: 1 },
      denominator: { matched: "700", whole: "700", leftOutCells: 0 },
    });
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

  // Bắc Kạn 2022: actuals of Bạch Thông (727) and Ba Bể (40), a plan for Bạch Thông (700) and Na Rì (50)
  const DISTRICTS = ["D-06-BACH-THONG", "D-06-BA-BE", "D-06-NA-RI"];
  const at = (place: string, period = YEAR): CellKey => ({ place, ethnicity: "ALL", programme: "ALL", ...period });
  const overPlaces = (numerator: Record<string, SideCell>, denominator: Record<string, SideCell>): MatchSource => ({
    cell: (side, k) => (side === "NUMERATOR" ? numerator : denominator)[k.place],
    children: (dimension, k) => (dimension === "PLACE" && k.place === "P-06-2008" ? DISTRICTS.map((p) => at(p)) : []),
    combine: (_side, dimension, ps) => combine(combinationOf({ addsOverProgrammes: false }, dimension), ps),
  });

  it("pairs sums over places place by place: a district's actuals without a plan stay out, and are named", () => {
    const actuals = {
      "P-06-2008": { ...parts(767, "PLACE"), covered: 2, total: 8 },
      "D-06-BACH-THONG": reported(727),
      "D-06-BA-BE": reported(40),
    };
    const plans = {
      "P-06-2008": { ...parts(750, "PLACE"), covered: 2, total: 8 },
      "D-06-BACH-THONG": reported(700),
      "D-06-NA-RI": reported(50),
    };
    const m = matchSides(at("P-06-2008"), overPlaces(actuals, plans));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString(), m.pairs]).toEqual(["727", "700", 1]);
    expect(m.leftOut).toEqual([
      { side: "NUMERATOR", key: at("D-06-BA-BE") },
      { side: "DENOMINATOR", key: at("D-06-NA-RI") },
    ]);
    expect(m.uneven).toEqual([]);
    expect(
      describeLeftOut(at("P-06-2008"), m.leftOut, {
        NUMERATOR: "actuals without a plan",
        DENOMINATOR: "plans without",
      }),
    ).toBe("left out: actuals without a plan at D-06-BA-BE; plans without at D-06-NA-RI");
    // no district on both sides: nothing to divide
    const none = matchSides(at("P-06-2008"), overPlaces(actuals, { ...plans, "D-06-BACH-THONG": undefined! }));
    expect(none.numerator).toBeNull();
  });

  const Q1 = { start: "2022-01-01", end: "2022-03-31" };
  const Q2 = { start: "2022-04-01", end: "2022-06-30" };
  const H1 = { start: "2022-01-01", end: "2022-06-30" };
  const overPeriods = (numerator: Record<string, SideCell>, denominator: Record<string, SideCell>): MatchSource => ({
    cell: (side, k) => (side === "NUMERATOR" ? numerator : denominator)[`${k.start}..${k.end}`],
    children: (dimension, k) =>
      dimension === "PERIOD" && k.start === YEAR.start && k.end === YEAR.end
        ? [Q1, Q2, H1].map((p) => at("D-06-BACH-THONG", p))
        : [],
    combine: (_side, dimension, ps) => combine(combinationOf({ addsOverProgrammes: true }, dimension), ps),
  });
  const span = (p: { start: string; end: string }) => `${p.start}..${p.end}`;

  it("pairs sums over periods period by period: money of a quarter without that quarter's count stays out", () => {
    const money = {
      [span(YEAR)]: { ...parts(300, "PERIOD"), covered: 6, total: 12 },
      [span(Q1)]: reported(100),
      [span(Q2)]: reported(200),
    };
    const households = { [span(YEAR)]: { ...parts(10, "PERIOD"), covered: 3, total: 12 }, [span(Q1)]: reported(10) };
    const m = matchSides(at("D-06-BACH-THONG"), overPeriods(money, households));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString(), m.pairs]).toEqual(["100", "10", 1]);
    expect(m.leftOut).toEqual([{ side: "NUMERATOR", key: at("D-06-BACH-THONG", Q2) }]);
    expect(describeLeftOut(at("D-06-BACH-THONG"), m.leftOut, { NUMERATOR: "money", DENOMINATOR: "counts" })).toBe(
      "left out: money at 2022-04-01..2022-06-30",
    );
    // a half year on one side and its quarters on the other are not the same cells
    const halves = { [span(YEAR)]: { ...parts(10, "PERIOD"), covered: 6, total: 12 }, [span(H1)]: reported(10) };
    expect(matchSides(at("D-06-BACH-THONG"), overPeriods(money, halves)).numerator).toBeNull();
  });

  it("pairs sums over places with sums over periods at the cell, marked uneven when either is partial", () => {
    const m = matchSides(
      key("ALL"),
      source(
        { ALL: { ...parts(10, "PLACE"), covered: 1, total: 8 } },
        { ALL: { ...parts(20, "PERIOD"), covered: 12, total: 12 } },
      ),
    );
    expect([m.numerator!.value.toString(), m.denominator!.value.toString()]).toEqual(["10", "20"]);
    expect(m.uneven).toEqual([{ key: key("ALL"), numerator: "1 of 8 PLACE", denominator: "12 of 12 PERIOD" }]);
  });

  it("says when the two sides cover a cell unevenly over places or periods (a province's plan, 1 of 8 districts' actuals)", () => {
    const partial = { ...parts(10, "PLACE"), covered: 1, total: 8 };
    const m = matchSides(key("ALL"), source({ ALL: partial }, { ALL: reported(80) }));
    expect([m.numerator!.value.toString(), m.denominator!.value.toString()]).toEqual(["10", "80"]);
    expect(m.uneven).toEqual([{ key: key("ALL"), numerator: "1 of 8 PLACE", denominator: "reported" }]);
    expect(describeUneven(key("ALL"), m.uneven)).toBe(
      "uneven coverage at the cell itself: numerator 1 of 8 PLACE, denominator reported",
    );
    // six months of actuals against a year's plan
    const half = { ...parts(10, "PERIOD"), covered: 6, total: 12 };
    expect(matchSides(key("ALL"), source({ ALL: half }, { ALL: reported(20) })).uneven).toHaveLength(1);
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

  it("matches every key through the source's memo, the row and each key below it, once per walk", () => {
    const seen: string[] = [];
    const kept = new Map<string, ReturnType<typeof matchSides>>();
    const memoized: MatchSource = {
      ...source(actual, plan),
      memo: (k, match) => {
        seen.push(k.programme);
        const hit = kept.get(k.programme);
        if (hit) return hit;
        const m = match();
        kept.set(k.programme, m);
        return m;
      },
    };
    const first = matchSides(key("ALL"), memoized);
    expect(seen.sort()).toEqual(["ALL", "CREDIT", "NTP-2021", "NTP-2021-P4"]);
    expect(matchSides(key("ALL"), memoized)).toBe(first);
    // a kept sub-key's matching is what its parent combines
    kept.clear();
    kept.set("NTP-2021", { ...first, numerator: qualified(1, "EXACT"), denominator: qualified(2, "EXACT") });
    const m = matchSides(key("ALL"), memoized);
    expect([m.numerator!.value.toString(), m.denominator!.value.toString()]).toEqual(["1", "2"]);
  });
});
