import { describe, expect, it } from "vitest";
import { countsOf, countsQuery, type CountsAnswer } from "./queries.ts";

const rows = (pairs: [string, number][]) => pairs.map(([key, figures]) => ({ place: { key }, figures }));

describe("the pickers' counts of figures", () => {
  const answer: CountsAnswer = {
    PROVINCE: rows([
      ["P-02-2008", 9],
      ["P-06-2008", 4],
    ]),
    DISTRICT: rows([
      ["D-02-MEO-VAC", 5],
      ["D-02-DONG-VAN", 3],
      ["D-06-BACH-THONG", 4],
    ]),
    COMMUNE: rows([["C-06-X", 2]]),
  };

  it("sums each level's units, and each group's members whatever their level", () => {
    const counts = countsOf(answer, [
      {
        code: "POOR",
        members: [
          { key: "D-02-MEO-VAC", level: "DISTRICT" },
          { key: "D-06-BACH-THONG", level: "DISTRICT" },
          { key: "D-99-NONE", level: "DISTRICT" },
        ],
      },
      {
        code: "MIXED",
        members: [
          { key: "C-06-X", level: "COMMUNE" },
          { key: "D-02-DONG-VAN", level: "DISTRICT" },
        ],
      },
      { code: "EMPTY", members: [] },
    ]);
    expect(Object.fromEntries(counts.levels)).toEqual({ PROVINCE: 13, DISTRICT: 12, COMMUNE: 2 });
    expect(Object.fromEntries(counts.groups)).toEqual({ POOR: 9, MIXED: 5, EMPTY: 0 });
  });

  it("counts a member listed twice once", () => {
    const counts = countsOf(answer, [
      {
        code: "TWICE",
        members: [
          { key: "D-02-MEO-VAC", level: "DISTRICT" },
          { key: "D-02-MEO-VAC", level: "DISTRICT" },
        ],
      },
    ]);
    expect(counts.groups.get("TWICE")).toBe(5);
  });

  it("asks one list per level for the view's measure, year and flag choice", () => {
    const { query, variables } = countsQuery({ m: "poor_households", y: "2024", f: false });
    expect(variables).toEqual({ m: "poor_households", y: "2024", f: false });
    for (const level of ["PROVINCE", "DISTRICT", "COMMUNE"])
      expect(query).toContain(`${level}: dataAvailability(by: [PLACE], filter: { measures: [$m], period: $y`);
  });
});
