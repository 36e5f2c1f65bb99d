import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatMoney,
  formatNumber,
  formatPeriod,
  formatTick,
  moneyPower,
  parseDecimal,
  periodDays,
  roundDecimal,
  shiftDecimal,
  withQualifier,
} from "./format.ts";

describe("decimal strings", () => {
  it("parses plain, signed and exponent forms exactly", () => {
    expect(parseDecimal("1218000000000")).toEqual({ negative: false, int: "1218000000000", frac: "" });
    expect(parseDecimal("-0.750")).toEqual({ negative: true, int: "0", frac: "75" });
    expect(parseDecimal("1.2e+21")).toEqual({ negative: false, int: "1200000000000000000000", frac: "" });
    expect(parseDecimal("7e-7")).toEqual({ negative: false, int: "0", frac: "0000007" });
    expect(parseDecimal("-0")).toEqual({ negative: false, int: "0", frac: "" });
    expect(() => parseDecimal("1,5")).toThrow(/not a decimal/);
    expect(() => parseDecimal("")).toThrow(/not a decimal/);
  });

  it("shifts the decimal point without floats", () => {
    expect(shiftDecimal("3200000000", -9)).toBe("3.2");
    expect(shiftDecimal("25796000000", -9)).toBe("25.796");
    expect(shiftDecimal("0.0075", 2)).toBe("0.75");
    expect(shiftDecimal("12", -3)).toBe("0.012");
    expect(shiftDecimal("-1.5", 1)).toBe("-15");
  });

  it("rounds half away from zero, carrying through nines", () => {
    expect(roundDecimal("2.675", 2)).toBe("2.68"); // a float would give 2.67
    expect(roundDecimal("62009615.384615", 0)).toBe("62009615");
    expect(roundDecimal("9.9996", 3)).toBe("10");
    expect(roundDecimal("-0.125", 2)).toBe("-0.13");
    expect(roundDecimal("0.0004", 3)).toBe("0");
    expect(roundDecimal("1.5", 0)).toBe("2");
  });
});

describe("numbers the Vietnamese way", () => {
  it("groups thousands with dots and marks decimals with a comma", () => {
    expect(formatNumber("269316", "vi")).toBe("269.316");
    expect(formatNumber("269316", "en")).toBe("269,316");
    expect(formatNumber("0.75", "vi")).toBe("0,75");
    expect(formatNumber("7.96", "en")).toBe("7.96");
    expect(formatNumber("1218000000000", "vi")).toBe("1.218.000.000.000");
    expect(formatNumber("1.0386", "vi", { maxFraction: 1 })).toBe("1");
    expect(formatNumber("103.857", "vi", { maxFraction: 1 })).toBe("103,9");
    expect(formatNumber("5", "vi", { minFraction: 1 })).toBe("5,0");
    expect(formatNumber("-1234.5", "en")).toBe("−1,234.5");
    expect(formatNumber(999.999, "vi")).toBe("1.000");
  });

  it("writes money in đồng, triệu or tỷ", () => {
    expect(formatMoney("3200000000", "vi")).toBe("3,2 tỷ đồng");
    expect(formatMoney("3200000000", "en")).toBe("3.2 billion VND");
    expect(formatMoney("511900000", "vi")).toBe("511,9 triệu đồng");
    expect(formatMoney("850000", "vi")).toBe("850.000 đồng");
    expect(formatMoney("1218000000000", "vi")).toBe("1.218 tỷ đồng");
    expect(formatMoney("3771900000", "vi")).toBe("3,772 tỷ đồng");
    expect(formatMoney("3771900000", "vi", { maxFraction: 1 })).toBe("3,8 tỷ đồng");
    expect(formatMoney("62009615.3846", "en")).toBe("62.01 million VND");
    expect(formatMoney("1500000000", "vi", { power: 6, unit: false })).toBe("1.500");
    expect(moneyPower("999999999")).toBe(6);
    expect(moneyPower("1000000000")).toBe(9);
    expect(moneyPower("999999.9")).toBe(0);
  });

  it("shows qualifiers as symbols", () => {
    expect(withQualifier("68.000", "AT_LEAST")).toBe("≥ 68.000");
    expect(withQualifier("3,2 tỷ đồng", "NEARLY")).toBe("≈ 3,2 tỷ đồng");
    expect(withQualifier("256.000", "ABOUT")).toBe("≈ 256.000");
    expect(withQualifier("1%", "AT_MOST")).toBe("≤ 1%");
    expect(withQualifier("269.316", "EXACT")).toBe("269.316");
    expect(withQualifier("—", null)).toBe("—");
  });

  it("formats axis ticks compactly", () => {
    expect(formatTick(250000, "vi")).toBe("250.000");
    expect(formatTick(2.5, "vi")).toBe("2,5");
    expect(formatTick(0.125, "en")).toBe("0.125");
    expect(formatTick(0, "en")).toBe("0");
  });
});

describe("dates and periods", () => {
  it("writes dates day first in Vietnamese", () => {
    expect(formatDate("2022-12-28", "vi")).toBe("28/12/2022");
    expect(formatDate("2022-12-28", "en")).toBe("28 Dec 2022");
  });

  it("names periods by their shortest form", () => {
    expect(formatPeriod("2021-01-01", "2021-12-31", "vi")).toBe("2021");
    expect(formatPeriod("2016-01-01", "2020-12-31", "vi")).toBe("2016–2020");
    expect(formatPeriod("2023-01-01", "2024-05-31", "vi")).toBe("01/2023–05/2024");
    expect(formatPeriod("2023-01-01", "2024-05-31", "en")).toBe("Jan 2023–May 2024");
    expect(formatPeriod("2024-02-01", "2024-02-29", "vi")).toBe("02/2024");
    expect(formatPeriod("2024-01-01", "2024-01-01", "vi")).toBe("01/01/2024");
    expect(formatPeriod("2024-01-15", "2024-03-10", "en")).toBe("15 Jan 2024–10 Mar 2024");
    expect(formatPeriod(null, null, "vi")).toBe("—");
  });

  it("counts the days of inclusive periods", () => {
    expect(periodDays("2024-01-01", "2024-12-31")).toBe(366);
    expect(periodDays("2024-01-01", "2024-01-01")).toBe(1);
    expect(periodDays("2016-01-01", "2020-12-31")).toBe(1827);
  });
});
