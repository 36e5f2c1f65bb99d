import { describe, expect, it } from "vitest";
import { figureStandard, rowStandards, standardOfPeriod, standardsOf } from "./poverty-standard.ts";

describe("poverty standards", () => {
  it("derives a figure's standard from its period; a stated one wins", () => {
    expect(standardOfPeriod("2014-01-01", "2014-12-31")).toBe("INCOME_2011_2015");
    expect(standardOfPeriod("2019-01-01", "2019-12-31")).toBe("MULTIDIMENSIONAL_2016_2020");
    expect(standardOfPeriod("2021-01-01", "2021-12-31")).toBe("MULTIDIMENSIONAL_2016_2020");
    expect(standardOfPeriod("2022-01-01", "2025-12-31")).toBe("MULTIDIMENSIONAL_2022_2025");
    expect(standardOfPeriod("2016-01-01", "2025-12-31")).toBeNull();
    expect(standardsOf({ stated: null, start: "2016-01-01", end: "2025-12-31" })).toEqual([
      "MULTIDIMENSIONAL_2016_2020",
      "MULTIDIMENSIONAL_2022_2025",
    ]);
    expect(standardsOf({ stated: "MULTIDIMENSIONAL_2022_2025", start: "2021-01-01", end: "2021-12-31" })).toEqual([
      "MULTIDIMENSIONAL_2022_2025",
    ]);
  });

  it("says when a row mixes standards", () => {
    const y2015 = { stated: null, start: "2015-01-01", end: "2015-12-31" };
    const y2022 = { stated: null, start: "2022-01-01", end: "2022-12-31" };
    expect(rowStandards([y2022, y2022], null)).toEqual({ standards: ["MULTIDIMENSIONAL_2022_2025"], mixed: false });
    expect(rowStandards([y2015, y2022], null)).toEqual({
      standards: ["INCOME_2011_2015", "MULTIDIMENSIONAL_2022_2025"],
      mixed: true,
    });
    // a 2021 count re-measured under the new standard beside a 2021 count under the old one
    expect(
      rowStandards(
        [
          { ...y2022, start: "2021-01-01", end: "2021-12-31", stated: "MULTIDIMENSIONAL_2022_2025" },
          { ...y2022, start: "2021-01-01", end: "2021-12-31" },
        ],
        null,
      ).mixed,
    ).toBe(true);
    expect(rowStandards([], { start: "2016-01-01", end: "2025-12-31" }).mixed).toBe(true);
  });

  it("gives one figure's standard: stated, else the period's for measures of who is poor, else none", () => {
    expect(figureStandard("poverty_rate", null, "2019-01-01", "2019-12-31")).toBe("MULTIDIMENSIONAL_2016_2020");
    expect(figureStandard("poverty_rate", "MULTIDIMENSIONAL_2022_2025", "2021-01-01", "2021-12-31")).toBe(
      "MULTIDIMENSIONAL_2022_2025",
    );
    expect(figureStandard("poverty_rate", null, "2016-01-01", "2025-12-31")).toBeNull();
    expect(figureStandard("spending_vnd", null, "2022-01-01", "2022-12-31")).toBeNull();
  });
});
