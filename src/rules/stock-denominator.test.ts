import { describe, expect, it } from "vitest";
import { dayAfter, stockPeriodFor } from "./stock-denominator.ts";

const Y2023 = ["2023-01-01", "2023-12-31"] as const;

describe("the stock count that divides a flow", () => {
  it("takes the same period when it was reported", () => {
    expect(
      stockPeriodFor(Y2023, [
        ["2023-12-31", "2023-12-31"],
        ["2023-01-01", "2023-12-31"],
      ]),
    ).toEqual(["2023-01-01", "2023-12-31"]);
  });

  it("else the latest count inside the period", () => {
    expect(
      stockPeriodFor(Y2023, [
        ["2023-06-30", "2023-06-30"],
        ["2023-12-31", "2023-12-31"],
        ["2023-03-31", "2023-03-31"],
      ]),
    ).toEqual(["2023-12-31", "2023-12-31"]);
  });

  it('counts a review dated the day after the period ("đầu năm 2024") as the period\'s end', () => {
    expect(
      stockPeriodFor(Y2023, [
        ["2023-06-30", "2023-06-30"],
        ["2024-01-01", "2024-01-01"],
      ]),
    ).toEqual(["2024-01-01", "2024-01-01"]);
    expect(stockPeriodFor(["2024-01-01", "2024-02-29"], [["2024-03-01", "2024-03-01"]])).toEqual([
      "2024-03-01",
      "2024-03-01",
    ]);
  });

  it("never a count from before the period, nor later than the day after it", () => {
    expect(
      stockPeriodFor(Y2023, [
        ["2022-12-31", "2022-12-31"],
        ["2024-01-02", "2024-01-02"],
        ["2023-01-01", "2024-12-31"],
      ]),
    ).toBeUndefined();
    expect(stockPeriodFor(Y2023, [])).toBeUndefined();
  });

  it("steps over month and leap-year ends", () => {
    expect(dayAfter("2024-02-28")).toBe("2024-02-29");
    expect(dayAfter("2023-02-28")).toBe("2023-03-01");
    expect(dayAfter("2023-12-31")).toBe("2024-01-01");
  });
});
