import { describe, expect, it } from "vitest";
import { combinationOf, combine, couldReport, withUnreportedGroups } from "./additivity.ts";
import { qualified } from "./qualifier-algebra.ts";

const households = { addsOverProgrammes: false };
const money = { addsOverProgrammes: true };

describe("additivity per measure and dimension", () => {
  it("beneficiary counts are a union over programmes, a sum over places, groups and periods", () => {
    expect(combinationOf(households, "PROGRAMME")).toBe("UNION");
    for (const d of ["PLACE", "ETHNICITY", "PERIOD"] as const) expect(combinationOf(households, d)).toBe("SUM");
  });

  it("a parent group from some of its groups is at least their sum; from all of them, the sum", () => {
    const dtts = qualified(300, "EXACT");
    const open = withUnreportedGroups("ETHNICITY", dtts, 1, 2);
    expect([open.value.toString(), open.lower?.toString(), open.upper, open.qualifier]).toEqual([
      "300",
      "300",
      null,
      "AT_LEAST",
    ]);
    expect(withUnreportedGroups("ETHNICITY", dtts, 2, 2)).toBe(dtts);
    expect(withUnreportedGroups("PLACE", dtts, 1, 8)).toBe(dtts);
    expect(withUnreportedGroups("ETHNICITY", qualified(300, "AT_MOST"), 1, 2).qualifier).toBe("ABOUT");
  });

  it("money and outputs sum over everything", () => {
    for (const d of ["PLACE", "PROGRAMME", "ETHNICITY", "PERIOD"] as const) expect(combinationOf(money, d)).toBe("SUM");
  });

  it("Bạch Thông 2022: credit households 1573 over seven loans and 155 housing households are 1573..1728, not 1728", () => {
    const credit = combine(
      "UNION",
      [416, 490, 21, 101, 15, 368, 162].map((v) => qualified(v, "EXACT")),
    );
    expect([credit.value.toString(), credit.lower!.toString(), credit.upper!.toString(), credit.qualifier]).toEqual([
      "490",
      "490",
      "1573",
      "BETWEEN",
    ]);
    const root = combine("UNION", [credit, qualified(155, "EXACT")]);
    expect([root.value.toString(), root.lower!.toString(), root.upper!.toString(), root.qualifier]).toEqual([
      "490",
      "490",
      "1728",
      "BETWEEN",
    ]);
    expect(combine("SUM", [credit, qualified(155, "EXACT")]).qualifier).toBe("BETWEEN");
  });
});

describe("couldReport", () => {
  const parents: Record<string, string | null> = {
    ALL: null,
    "HEALTH-INSURANCE": "ALL",
    "HEALTH-INSURANCE-POOR": "HEALTH-INSURANCE",
    CREDIT: "ALL",
    "CREDIT-JOBS": "CREDIT",
    EDUCATION: "ALL",
  };
  const parentOf = (c: string) => parents[c];

  it("cards are reported under health insurance, its sub-programmes and its ancestors only", () => {
    for (const p of ["HEALTH-INSURANCE", "HEALTH-INSURANCE-POOR", "ALL"])
      expect(couldReport(["HEALTH-INSURANCE"], p, parentOf)).toBe(true);
    for (const p of ["CREDIT", "CREDIT-JOBS", "EDUCATION"])
      expect(couldReport(["HEALTH-INSURANCE"], p, parentOf)).toBe(false);
  });

  it("a measure for any programme can be reported anywhere", () => {
    expect(couldReport(null, "EDUCATION", parentOf)).toBe(true);
  });
});
