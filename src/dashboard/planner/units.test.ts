import { describe, expect, it } from "vitest";
import { cellText, formatByUnit } from "./units.ts";

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
