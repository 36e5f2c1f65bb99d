import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { qualified, sumQualified } from "./qualifier-algebra.ts";
import { ratioOfSums } from "./ratio-of-sums.ts";

describe("ratio of sums", () => {
  it("Bạch Thông jobs against plan: 727 / 700", () => {
    const r = ratioOfSums(qualified(727, "EXACT"), qualified(700, "EXACT"))!;
    expect(r.value.toDecimalPlaces(4).toString()).toBe("1.0386");
    expect(r.lower!.equals(r.upper!)).toBe(true);
    expect(r.qualifier).toBe("EXACT");
  });

  it("is a ratio of sums, not an average of ratios", () => {
    // district A: 10 poor of 100 households (10%); district B: 90 poor of 900 (10%)… and C: 50 of 100 (50%)
    const poor = sumQualified([qualified(10, "EXACT"), qualified(90, "EXACT"), qualified(50, "EXACT")]);
    const households = sumQualified([qualified(100, "EXACT"), qualified(900, "EXACT"), qualified(100, "EXACT")]);
    const rate = ratioOfSums(poor, households, 100)!;
    expect(rate.value.toFixed(4)).toBe("13.6364"); // 150 / 1100, where the mean of rates would be 23.33
  });

  it("carries bounds: over 3,600 poor of exactly 480,000 households is at least 0.75%", () => {
    const r = ratioOfSums(qualified(3600, "AT_LEAST"), qualified(480000, "EXACT"), 100)!;
    expect(r.value.toString()).toBe("0.75");
    expect(r.lower!.toString()).toBe("0.75");
    expect(r.upper).toBeNull();
    expect(r.qualifier).toBe("AT_LEAST");
    expect(ratioOfSums(qualified(100, "EXACT"), qualified(50, "AT_LEAST"))!.qualifier).toBe("AT_MOST");
    expect(ratioOfSums(qualified(100, "NEARLY"), qualified(50, "EXACT"))!.qualifier).toBe("ABOUT");
  });

  it("has no value without a denominator or with a zero one", () => {
    expect(ratioOfSums(qualified(1, "EXACT"), null)).toBeNull();
    expect(ratioOfSums(qualified(1, "EXACT"), qualified(0, "EXACT"))).toBeNull();
  });

  it("stays exact on 10^15 VND per household", () => {
    const r = ratioOfSums(qualified("1000000000000000", "EXACT"), qualified(3, "EXACT"))!;
    expect(r.value.toSignificantDigits(20).toString()).toBe(new Decimal("333333333333333.33333").toString());
  });
});
