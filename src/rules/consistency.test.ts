import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { checkConsistency, type FigureToCheck } from "./consistency.ts";

const M = {
  poverty_rate: {
    code: "poverty_rate",
    aggregation: "RATIO",
    numeratorCode: "poor_households",
    denominatorCode: "households",
    addsOverProgrammes: false,
  },
  poor_households: {
    code: "poor_households",
    aggregation: "SUM",
    numeratorCode: null,
    denominatorCode: null,
    addsOverProgrammes: false,
  },
  households: {
    code: "households",
    aggregation: "SUM",
    numeratorCode: null,
    denominatorCode: null,
    addsOverProgrammes: false,
  },
  spending_vnd: {
    code: "spending_vnd",
    aggregation: "SUM",
    numeratorCode: null,
    denominatorCode: null,
    addsOverProgrammes: true,
  },
  workers_employed: {
    code: "workers_employed",
    aggregation: "SUM",
    numeratorCode: null,
    denominatorCode: null,
    addsOverProgrammes: false,
  },
  plan_attainment: {
    code: "plan_attainment",
    aggregation: "NONE",
    numeratorCode: null,
    denominatorCode: null,
    addsOverProgrammes: false,
  },
};
const fig = (
  key: string,
  measure: keyof typeof M,
  value: string,
  over: Partial<FigureToCheck> = {},
): FigureToCheck => ({
  key,
  measure: M[measure],
  placeKey: "P-20-2008",
  ethnicityCode: "ALL",
  programmeCode: "ALL",
  periodStart: "2022-01-01",
  periodEnd: "2022-12-31",
  kind: "ACTUAL",
  value: new Decimal(value),
  exact: true,
  ...over,
});
const trees = {
  programmeParent: (c: string) =>
    (({ "EDU-LUNCH": "EDUCATION", "EDU-RICE": "EDUCATION", EDUCATION: "ALL" }) as Record<string, string>)[c] ?? null,
  placeParent: (k: string) => (({ "D-20-BINH-GIA": "P-20-2008" }) as Record<string, string>)[k] ?? null,
};
const rules = (figures: FigureToCheck[]) => checkConsistency(figures, trees).map((f) => [f.key, f.rule]);

describe("consistency checks", () => {
  it("a rate against its own counts: 22.77 % stated, 28 % implied", () => {
    const found = checkConsistency(
      [
        fig("rate", "poverty_rate", "22.77"),
        fig("poor", "poor_households", "39217"),
        fig("all", "households", "140061"),
      ],
      trees,
    );
    expect(found).toEqual([
      {
        key: "rate",
        rule: "RATE_VS_COUNTS",
        reason: "poverty_rate 22.77% but its counts imply 28% (39217 / 140061: poor, all)",
      },
    ]);
    expect(
      rules([
        fig("rate", "poverty_rate", "28.1"),
        fig("poor", "poor_households", "39217"),
        fig("all", "households", "140061"),
      ]),
    ).toEqual([]);
  });

  it("parts against a stated total: 250 whose parts sum to 251; parts summing to less are a partial list, not an error", () => {
    const parts = [
      fig("lunch", "spending_vnd", "100", { programmeCode: "EDU-LUNCH" }),
      fig("rice", "spending_vnd", "151", { programmeCode: "EDU-RICE" }),
    ];
    expect(rules([fig("total", "spending_vnd", "250", { programmeCode: "EDUCATION" }), ...parts])).toEqual([
      ["total", "PARTS_VS_TOTAL"],
    ]);
    expect(rules([fig("total", "spending_vnd", "300", { programmeCode: "EDUCATION" }), ...parts])).toEqual([]);
  });

  it("a total below one of its parts, over programmes or places (a district above its province)", () => {
    expect(
      rules([
        fig("total", "workers_employed", "90", { programmeCode: "EDUCATION" }),
        fig("lunch", "workers_employed", "100", { programmeCode: "EDU-LUNCH" }),
      ]),
    ).toEqual([["total", "TOTAL_BELOW_PART"]]);
    expect(
      rules([
        fig("province", "poor_households", "900"),
        fig("district", "poor_households", "1000", { placeKey: "D-20-BINH-GIA" }),
      ]),
    ).toEqual([["province", "TOTAL_BELOW_PART"]]);
  });

  it("beneficiaries over programmes may overlap: parts summing above the total are no finding", () => {
    expect(
      rules([
        fig("total", "workers_employed", "150", { programmeCode: "EDUCATION" }),
        fig("a", "workers_employed", "100", { programmeCode: "EDU-LUNCH" }),
        fig("b", "workers_employed", "100", { programmeCode: "EDU-RICE" }),
      ]),
    ).toEqual([]);
  });

  it("a stated attainment against actual / plan: 103.8 % stated for 727/700 is right, 110 % is not", () => {
    const cell = [fig("actual", "workers_employed", "727"), fig("plan", "workers_employed", "700", { kind: "PLAN" })];
    expect(rules([...cell, fig("stated", "plan_attainment", "103.8")])).toEqual([]);
    expect(rules([...cell, fig("stated", "plan_attainment", "110")])).toEqual([["stated", "ATTAINMENT_VS_PLAN"]]);
  });

  it("compares figures of the same ethnicity and period only", () => {
    expect(
      rules([
        fig("province", "poor_households", "900"),
        fig("district", "poor_households", "1000", { placeKey: "D-20-BINH-GIA", periodStart: "2021-01-01" }),
      ]),
    ).toEqual([]);
  });
});
