import { describe, expect, it } from "vitest";
import { disjoint, monthsTouched, yearContaining } from "./calendar-year.ts";

describe("calendar years from sub-year periods", () => {
  it("knows which periods lie strictly inside a year", () => {
    expect(yearContaining({ start: "2023-01-01", end: "2023-03-31" })).toBe(2023);
    expect(yearContaining({ start: "2023-01-01", end: "2023-12-31" })).toBeNull(); // the year itself
    expect(yearContaining({ start: "2023-01-01", end: "2024-05-31" })).toBeNull(); // "2023 + first 5 months of 2024"
    expect(yearContaining({ start: "2024-01-01", end: "2024-01-01" })).toBe(2024);
  });

  it("counts months touched", () => {
    expect(monthsTouched({ start: "2023-01-01", end: "2023-03-31" })).toBe(3);
    expect(monthsTouched({ start: "2023-01-01", end: "2023-05-31" })).toBe(5);
    expect(monthsTouched({ start: "2023-06-15", end: "2023-06-20" })).toBe(1);
  });

  it("adds only periods that do not overlap", () => {
    expect(
      disjoint([
        { start: "2023-04-01", end: "2023-06-30" },
        { start: "2023-01-01", end: "2023-03-31" },
      ]),
    ).toBe(true);
    expect(
      disjoint([
        { start: "2023-01-01", end: "2023-03-31" },
        { start: "2023-01-01", end: "2023-06-30" },
      ]),
    ).toBe(false);
    expect(
      disjoint([
        { start: "2023-01-01", end: "2023-03-31" },
        { start: "2023-03-31", end: "2023-06-30" },
      ]),
    ).toBe(false);
  });
});
