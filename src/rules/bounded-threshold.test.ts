import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { checkThreshold } from "./bounded-threshold.ts";

const d = (v: number | null) => (v === null ? null : new Decimal(v));
const x = (value: number, lower: number | null, upper: number | null) => ({
  value: new Decimal(value),
  lower: d(lower),
  upper: d(upper),
});

describe("checkThreshold", () => {
  it("decides an exact value by its value", () => {
    expect(checkThreshold(x(7.96, 7.96, 7.96), "gt", 5)).toBe("PASS");
    expect(checkThreshold(x(5, 5, 5), "gt", 5)).toBe("FAIL");
    expect(checkThreshold(x(5, 5, 5), "ge", 5)).toBe("PASS");
    expect(checkThreshold(x(5, 5, 5), "eq", 5)).toBe("PASS");
    expect(checkThreshold(x(4, 4, 4), "lt", 5)).toBe("PASS");
    expect(checkThreshold(x(6, 6, 6), "le", 5)).toBe("FAIL");
  });

  it('passes a lower bound above the threshold ("over 68.000" > 60.000)', () => {
    expect(checkThreshold(x(68000, 68000, null), "gt", 60000)).toBe("PASS");
  });

  it('fails an upper bound at or under the threshold ("at most 1 %" > 5 %, "nearly 5" > 5)', () => {
    expect(checkThreshold(x(1, null, 1), "gt", 5)).toBe("FAIL");
    expect(checkThreshold(x(5, null, 5), "gt", 5)).toBe("FAIL");
  });

  it("marks an interval that straddles the threshold as UNCERTAIN, whatever its point value", () => {
    expect(checkThreshold(x(68000, 68000, null), "gt", 70000)).toBe("UNCERTAIN");
    expect(checkThreshold(x(4, null, 6), "lt", 5)).toBe("UNCERTAIN");
    expect(checkThreshold(x(5, null, null), "eq", 5)).toBe("UNCERTAIN");
    expect(checkThreshold(x(9, null, null), "gt", 5)).toBe("UNCERTAIN");
  });

  it("fails eq when a bound excludes the value", () => {
    expect(checkThreshold(x(6, 6, null), "eq", 5)).toBe("FAIL");
  });
});
