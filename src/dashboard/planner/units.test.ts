import { describe, expect, it } from "vitest";
import { badgesOf, cellText, formatByUnit, valueText } from "./units.ts";

describe("values written by unit", () => {
  it("writes households as households, not money", () => {
    expect(formatByUnit("3600", "HOUSEHOLD", "vi")).toBe("3.600 hộ");
    expect(formatByUnit("3600", "HOUSEHOLD", "en")).toBe("3,600 households");
  });
  it("writes money per household as money per household", () => {
    expect(formatByUnit("3200000", "VND/HOUSEHOLD", "vi")).toBe("3,2 triệu đồng / hộ");
    expect(formatByUnit("850000", "VND", "en")).toBe("850,000 VND");
  });
  it("writes percentages and persons", () => {
    expect(formatByUnit("12.345", "PERCENT", "vi")).toBe("12,3%");
    expect(formatByUnit("1200", "PERSON", "vi")).toBe("1.200 người");
  });
  it("says no data instead of zero, and keeps the qualifier", () => {
    expect(cellText(null, null, "HOUSEHOLD", "vi")).toBe("Không có số liệu");
    expect(cellText("0", null, "HOUSEHOLD", "vi")).toBe("0 hộ");
    expect(cellText("3600", "AT_LEAST", "HOUSEHOLD", "vi")).toBe("≥ 3.600 hộ");
  });
});

describe("bounded values and badges", () => {
  it("writes a BETWEEN value as its range, not its lower bound", () => {
    const v = { value: "490", lower: "490", upper: "1601", qualifier: "BETWEEN" as const };
    expect(valueText(v, "HOUSEHOLD", "vi")).toBe("490 hộ – 1.601 hộ");
    expect(valueText({ ...v, upper: null }, "HOUSEHOLD", "en")).toBe("≥ 490 households");
    expect(valueText({ value: "3600", qualifier: "AT_LEAST" }, "HOUSEHOLD", "vi")).toBe("≥ 3.600 hộ");
    expect(valueText({ value: null, qualifier: null }, "HOUSEHOLD", "vi")).toBe("Không có số liệu");
  });
  it("badges the bound, a partial coverage and the flags, nothing for an exact complete value", () => {
    const cov = (covered: number, total: number) => ({ covered, total, dimension: "PLACE" });
    expect(badgesOf({ value: "5", qualifier: "EXACT", coverage: cov(8, 8), flags: [] }, "vi")).toEqual([]);
    const b = badgesOf(
      { value: "490", qualifier: "BETWEEN", coverage: cov(2, 8), flags: ["PARTIAL_COVERAGE", "FLAGGED_EXCLUDED"] },
      "vi",
    );
    expect(b.map((x) => [x.kind, x.text])).toEqual([
      ["bound", "khoảng"],
      ["coverage", "2/8 đơn vị"],
      ["flag", "Đã loại số liệu bất thường"],
    ]);
    // no value: nothing to qualify, the table says "no data"; a figure left out as implausible is still said
    expect(badgesOf({ value: null, qualifier: null, coverage: cov(0, 8), flags: ["NO_DATA"] }, "en")).toEqual([]);
    expect(
      badgesOf({ value: null, qualifier: null, flags: ["NO_DATA", "FLAGGED_EXCLUDED"] }, "en").map((b) => b.text),
    ).toEqual(["Implausible figure left out"]);
  });
});
