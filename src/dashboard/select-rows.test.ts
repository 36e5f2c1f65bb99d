import { describe, expect, it } from "vitest";
import {
  chartValue,
  mixedPeriods,
  multiYearRows,
  pickBars,
  placeSlots,
  seriesPoints,
  yearsSpanning,
} from "./select-rows.ts";
import type { Row } from "./types.ts";

function row(
  key: string,
  start: string | null,
  end: string | null,
  value: string | null,
  extra: Partial<Row> = {},
): Row {
  return {
    place: { key, name: key, level: "PROVINCE", validFrom: "2008-08-01", validTo: "2025-06-30" },
    requested: [key],
    periodStart: start,
    periodEnd: end,
    value,
    lower: value,
    upper: value,
    qualifier: value === null ? null : "EXACT",
    ratio: null,
    numerator: null,
    denominator: null,
    derivation: value === null ? "NO_DATA" : "REPORTED",
    coverage: null,
    flags: [],
    ...extra,
  };
}

describe("placeSlots", () => {
  it("orders places as chosen, a merged 2025 province taking its first requested unit's place", () => {
    const rows = [
      row("P-19-2025", "2022-01-01", "2022-12-31", "756", { requested: ["P-06-2008", "P-19-2025"] }),
      row("P-20-2025", "2021-01-01", "2021-12-31", "14100", { requested: ["P-20-2008"] }),
    ];
    const slots = placeSlots(rows, ["P-20-2008", "P-19-2025", "P-06-2008"]);
    expect(slots.map((s) => [s.place.key, s.slot])).toEqual([
      ["P-20-2025", 0],
      ["P-19-2025", 1],
    ]);
  });
});

describe("pickBars", () => {
  const rows = [
    row("A", "2021-01-01", "2021-12-31", "10"),
    row("A", "2022-01-01", "2022-12-31", "20"),
    row("A", "2022-05-01", "2022-05-31", "2"),
    row("A", "2016-01-01", "2020-12-31", "90"),
    row("B", null, null, null),
  ];
  const slots = placeSlots(rows, ["A", "B"]);

  it("takes each place's latest period, the year before a month ending inside it, and keeps places without data", () => {
    const bars = pickBars(rows, slots, "total", "");
    expect(bars.map((r) => [r.place.key, r.value])).toEqual([
      ["A", "20"],
      ["B", null],
    ]);
  });

  it("prefers the row of exactly the chosen period", () => {
    expect(pickBars(rows, slots, "total", "2016-2020")[0].value).toBe("90");
    expect(pickBars(rows, slots, "total", "2021")[0].value).toBe("10");
  });

  it("against plan draws the share of plan and skips rows without a plan", () => {
    const plan = [
      row("A", "2022-01-01", "2022-12-31", "727", { ratio: 1.0386 }),
      row("A", "2023-01-01", "2023-12-31", "800", { ratio: null, flags: ["NO_PLAN"] }),
    ];
    const [bar] = pickBars(plan, placeSlots(plan, ["A"]), "plan", "");
    expect(bar.periodStart).toBe("2022-01-01");
    expect(chartValue(bar, "plan")).toBeCloseTo(103.86, 2);
  });

  it("says when the bars compare different periods", () => {
    expect(mixedPeriods([row("A", "2021-01-01", "2021-12-31", "1"), row("B", "2023-01-01", "2023-12-31", "2")])).toBe(
      true,
    );
    expect(mixedPeriods([row("A", "2021-01-01", "2021-12-31", "1"), row("B", null, null, null)])).toBe(false);
  });
});

describe("seriesPoints", () => {
  it("keeps yearly and dated points, drops months inside a year and multi-year totals", () => {
    const rows = [
      row("A", "2023-01-01", "2023-12-31", "12"),
      row("A", "2023-03-01", "2023-03-31", "1"),
      row("A", "2021-01-01", "2021-12-31", "10"),
      row("A", "2024-01-01", "2024-01-01", "5"),
      row("A", "2016-01-01", "2020-12-31", "90"),
      row("A", "2022-01-01", "2022-12-31", null),
      row("B", "2021-01-01", "2021-12-31", "7"),
    ];
    expect(seriesPoints(rows, "A", "total").map((r) => r.value)).toEqual(["10", "12", "5"]);
    expect(multiYearRows(rows, "total").map((r) => r.value)).toEqual(["90"]);
    expect(yearsSpanning(seriesPoints(rows, "A", "total"))).toEqual([2021, 2022, 2023, 2024]);
    expect(yearsSpanning([])).toEqual([]);
  });

  it("keeps one point a year, the latest", () => {
    const rows = [
      row("A", "2024-01-01", "2024-01-01", "5"),
      row("A", "2024-12-31", "2024-12-31", "4"),
      row("A", "2024-06-01", "2024-06-30", "1"),
    ];
    expect(seriesPoints(rows, "A", "total").map((r) => r.value)).toEqual(["4"]);
  });
});
