import { describe, expect, it } from "vitest";
import { aggregatesAsLevel, expectedFamily, valueTypeOf, type ValueTypeInput } from "./value-type.ts";

const rate = { unit: "PERCENT", aggregation: "RATIO" } as const;
const households = { unit: "HOUSEHOLD", aggregation: "SUM" } as const;
const money = { unit: "VND", aggregation: "SUM" } as const;
const districts = { unit: "DISTRICT", aggregation: "SUM" } as const;
const base: Omit<ValueTypeInput, "measure" | "textFamily"> = {
  direction: null,
  perYear: false,
  share: false,
  base: null,
  hasOutOf: false,
  outOfIsPlan: false,
  kind: "ACTUAL",
};
const verdict = (input: Partial<ValueTypeInput> & Pick<ValueTypeInput, "measure" | "textFamily">) =>
  valueTypeOf({ ...base, ...input });

describe("valueTypeOf", () => {
  it("a decrease of a rate is a change in points, negative", () => {
    expect(verdict({ measure: rate, textFamily: "PERCENT", direction: "DECREASE" })).toMatchObject({
      ok: true,
      valueType: "CHANGE",
      sign: -1,
    });
  });
  it("an increase of money is a positive change", () => {
    expect(verdict({ measure: money, textFamily: "VND", direction: "INCREASE" })).toMatchObject({
      ok: true,
      valueType: "CHANGE",
      sign: 1,
    });
  });
  it("a change per year is an annual average change", () => {
    expect(verdict({ measure: rate, textFamily: "PERCENT", direction: "DECREASE", perYear: true })).toMatchObject({
      ok: true,
      valueType: "ANNUAL_AVERAGE_CHANGE",
      sign: -1,
    });
  });
  it("'chiếm X%' of a rate is its level; of money a share that needs its base", () => {
    expect(verdict({ measure: rate, textFamily: "PERCENT", share: true })).toMatchObject({
      ok: true,
      valueType: "LEVEL",
    });
    expect(verdict({ measure: money, textFamily: "PERCENT", share: true })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/needs the base/),
    });
    expect(
      verdict({ measure: money, textFamily: "PERCENT", share: true, stated: { base: "tổng nguồn vốn" } }),
    ).toMatchObject({ ok: true, valueType: "SHARE", base: "tổng nguồn vốn" });
  });
  it("A/B is a count out of a total unless the sentence or the kind says plan", () => {
    expect(verdict({ measure: districts, textFamily: "COUNT", hasOutOf: true })).toMatchObject({
      ok: true,
      valueType: "COUNT_OF_TOTAL",
      outOfIsTotal: true,
    });
    expect(verdict({ measure: households, textFamily: "COUNT", hasOutOf: true, outOfIsPlan: true })).toMatchObject({
      ok: true,
      valueType: "LEVEL",
    });
    expect(verdict({ measure: households, textFamily: "COUNT", hasOutOf: true, kind: "PLAN" })).toMatchObject({
      ok: true,
      valueType: "LEVEL",
    });
  });
  it("a stated change needs a direction when the sentence gives none", () => {
    expect(verdict({ measure: rate, textFamily: "PERCENT", stated: { valueType: "CHANGE" } })).toMatchObject({
      ok: false,
    });
    expect(
      verdict({ measure: rate, textFamily: "PERCENT", stated: { valueType: "CHANGE", direction: "DECREASE" } }),
    ).toMatchObject({ ok: true, valueType: "CHANGE", sign: -1 });
  });
  it("refuses a stated type the sentence contradicts, and a direction against the sentence", () => {
    expect(
      verdict({ measure: rate, textFamily: "PERCENT", direction: "DECREASE", stated: { valueType: "SHARE" } }),
    ).toMatchObject({ ok: false });
    expect(
      verdict({ measure: rate, textFamily: "PERCENT", direction: "DECREASE", stated: { direction: "INCREASE" } }),
    ).toMatchObject({ ok: false });
  });
  it("a multiple needs 'gấp … lần' and a base", () => {
    expect(verdict({ measure: money, textFamily: "MULTIPLE", stated: { base: "năm 2015" } })).toMatchObject({
      ok: true,
      valueType: "MULTIPLE",
    });
    expect(verdict({ measure: money, textFamily: "MULTIPLE" })).toMatchObject({ ok: false });
    expect(
      verdict({ measure: money, textFamily: "COUNT", stated: { valueType: "MULTIPLE", base: "x" } }),
    ).toMatchObject({ ok: false });
  });

  it("expects the text family each type is written in", () => {
    expect(expectedFamily("LEVEL", "HOUSEHOLD")).toBe("COUNT");
    expect(expectedFamily("SHARE", "VND")).toBe("PERCENT");
    expect(expectedFamily("CHANGE", "PERCENT")).toBe("PERCENT");
    expect(expectedFamily("RELATIVE_CHANGE", "HOUSEHOLD")).toBe("PERCENT");
    expect(expectedFamily("MULTIPLE", "VND")).toBe("MULTIPLE");
  });
});

describe("valueTypeOf: measures that are themselves reductions", () => {
  const reduction = { unit: "PERCENT_POINT", aggregation: "NONE", isChange: true } as const;
  it("'giảm 3%' is the level of a reduction measure, positive", () => {
    expect(verdict({ measure: reduction, textFamily: "PERCENT", direction: "DECREASE" })).toMatchObject({
      ok: true,
      valueType: "LEVEL",
      sign: 1,
    });
  });
  it("refuses a rise as a reduction", () => {
    expect(verdict({ measure: reduction, textFamily: "PERCENT", direction: "INCREASE" })).toMatchObject({ ok: false });
  });
});

describe("aggregatesAsLevel", () => {
  const level = { valueType: "LEVEL" as const, valueHigh: null, fundingSource: null, capitalType: null };
  it("adds only single-valued levels of a programme's whole funding", () => {
    expect(aggregatesAsLevel(level)).toBe(true);
    expect(aggregatesAsLevel({ ...level, valueType: "CHANGE" })).toBe(false);
    expect(aggregatesAsLevel({ ...level, valueType: "ANNUAL_AVERAGE_CHANGE" })).toBe(false);
    expect(aggregatesAsLevel({ ...level, valueHigh: "4.5" })).toBe(false);
    expect(aggregatesAsLevel({ ...level, fundingSource: "CENTRAL" })).toBe(false);
    expect(aggregatesAsLevel({ ...level, capitalType: "RECURRENT" })).toBe(false);
  });
});
