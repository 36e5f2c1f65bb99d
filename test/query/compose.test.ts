import { describe, expect, it } from "vitest";
import { composeRow } from "../../src/query/compare/compose.ts";
import type { CellData } from "../../src/query/compare/types.ts";
import type { MeasureInfo } from "../../src/query/reference-cache.ts";
import { qualified } from "../../src/rules/qualifier-algebra.ts";

// The row composition is pure: these cases need no database.
const base = {
  placeKey: "P-20-2008",
  requested: ["20"],
  ethnicity: "ALL",
  programme: "ALL",
  periodStart: "2022-01-01",
  periodEnd: "2022-12-31",
};
const cell = (measure: string, value: number): CellData => ({
  placeKey: "P-20-2008",
  ethnicity: "ALL",
  programme: "ALL",
  measure,
  kind: "ACTUAL",
  periodStart: "2022-01-01",
  periodEnd: "2022-12-31",
  ...qualified(value, "EXACT"),
  derivation: "SUM_OF_PARTS",
  partsDimension: "PLACE",
  covered: 11,
  total: 11,
  figureIds: ["1"],
  flaggedExcluded: 0,
  computedAt: null,
});
const povertyRate = {
  code: "poverty_rate",
  aggregation: "RATIO",
  numeratorCode: "poor_households",
  denominatorCode: "households",
} as MeasureInfo;

describe("composeRow", () => {
  it("a rate from its counts is a percentage, and its ratio a fraction (3 % → 0.03)", () => {
    const poor = cell("poor_households", 30);
    const households = cell("households", 1000);
    const row = composeRow(
      base,
      {
        numerator: poor,
        denominator: households,
        matched: { numerator: poor, denominator: households, pairs: 1, leftOut: [], uneven: [] },
      },
      { kind: "rate", measure: povertyRate },
    );
    expect([
      row.value!.toString(),
      row.ratio,
      row.derivation,
      row.numerator!.toString(),
      row.denominator!.toString(),
    ]).toEqual(["3", 0.03, "RATIO_OF_SUMS", "30", "1000"]);
  });

  it("a reported rate keeps its value, and its ratio is the fraction", () => {
    const row = composeRow(
      base,
      { main: { ...cell("poverty_rate", 7.96), derivation: "REPORTED" } },
      { kind: "rate", measure: povertyRate },
    );
    expect([row.value!.toString(), row.ratio]).toEqual(["7.96", 0.0796]);
  });

  it("a ratio whose two sides share no cell has no value, and says why", () => {
    const row = composeRow(
      base,
      {
        numerator: cell("poor_households", 30),
        denominator: cell("households", 1000),
        matched: { numerator: null, denominator: null, pairs: 0, leftOut: [], uneven: [] },
        leftOut: "the numerator and the denominator share no cell",
      },
      { kind: "rate", measure: povertyRate },
    );
    expect([row.value, row.derivation, row.reason]).toEqual([
      null,
      "NO_DATA",
      "the numerator and the denominator share no cell",
    ]);
  });
});
