import { describe, expect, it } from "vitest";
import { CellIndex } from "../../src/query/compare/compare.ts";
import type { CellData } from "../../src/query/compare/types.ts";
import type { MeasureInfo, ReferenceCache } from "../../src/query/reference-cache.ts";
import { qualified } from "../../src/rules/qualifier-algebra.ts";

const unit = (key: string, level: string) => [key, { key, level, validFrom: "2008-01-01", validTo: null }] as const;
const ref = {
  places: new Map([unit("P-06-2008", "PROVINCE"), unit("D-06-BACH-THONG", "DISTRICT")]),
} as unknown as ReferenceCache;
const workers = { code: "workers_employed", aggregation: "SUM" } as MeasureInfo;
const cell = (programme: string): CellData => ({
  placeKey: "P-06-2008",
  ethnicity: "ALL",
  programme,
  measure: "workers_employed",
  kind: "ACTUAL",
  periodStart: "2022-01-01",
  periodEnd: "2022-12-31",
  ...qualified(767, "EXACT"),
  derivation: "SUM_OF_PARTS",
  partsDimension: "PLACE",
  covered: 2,
  total: 8,
  figureIds: ["1"],
  flaggedExcluded: 0,
  computedAt: null,
});
const row = { place: "P-06-2008", ethnicity: "ALL", programme: "ALL" };
const district = (programme: string) => ({ place: "D-06-BACH-THONG", ethnicity: "ALL", programme });

/** The province's row read at ALL, CREDIT's actuals and NTP-2021's plan only held below it. */
function rowsWithHeldParts(): CellIndex {
  const cells = new CellIndex();
  cells.add(cell("ALL"));
  cells.hold({ ...cell("CREDIT"), computedAt: new Date("2026-01-02T00:00:00Z") });
  cells.hold({ ...cell("NTP-2021"), kind: "PLAN", computedAt: new Date("2026-01-01T00:00:00Z") });
  cells.markRowsRead([row.place], ["ALL"], ["ALL"]);
  return cells;
}

describe("CellIndex.mayHold", () => {
  it("asks a district only for the programmes its province holds, once the province was read with every programme", () => {
    const cells = new CellIndex();
    cells.add(cell("ALL"));
    cells.add(cell("CREDIT"));
    cells.markRead([row.place], true);
    expect(cells.mayHold(ref, workers, "ACTUAL", row, district("CREDIT"))).toBe(true);
    expect(cells.mayHold(ref, workers, "ACTUAL", row, district("NTP-2021"))).toBe(false);
    expect(cells.mayHold(ref, workers, "PLAN", row, district("CREDIT"))).toBe(false);
    // not additive: a district's cell need not show at its province
    expect(cells.mayHold(ref, { ...workers, aggregation: "RATIO" }, "ACTUAL", row, district("NTP-2021"))).toBe(true);
  });

  it("counts parts only held (their cells not read) as a read cell does, and asks for them at the row's place", () => {
    const cells = rowsWithHeldParts();
    expect(cells.mayHold(ref, workers, "ACTUAL", row, district("CREDIT"))).toBe(true);
    expect(cells.mayHold(ref, workers, "ACTUAL", row, district("NTP-2021"))).toBe(false);
    expect(cells.mayHold(ref, workers, "PLAN", row, district("NTP-2021"))).toBe(true);
    expect(cells.heldBelow([row.place]).sort()).toEqual(["ALL|ALL", "ALL|CREDIT", "ALL|NTP-2021"]);
    expect(cells.oldestComputedAt()).toEqual(new Date("2026-01-01T00:00:00Z"));
    // the rows' own key is read; a held part at the row's place is not, and is asked for
    expect(cells.isRead(row)).toBe(true);
    expect(cells.isRead({ ...row, programme: "CREDIT" })).toBe(false);
  });

  it("says whether either side may hold a cell (mayHoldEither) as mayHold of each side does", () => {
    const cells = rowsWithHeldParts();
    const rate = { ...workers, aggregation: "RATIO" } as MeasureInfo;
    const sides = [
      [workers, "ACTUAL"],
      [workers, "PLAN"],
      [rate, "ACTUAL"],
    ] as const;
    for (const k of [district("CREDIT"), district("NTP-2021"), district("HOUSING"), { ...row, programme: "CREDIT" }])
      for (const n of sides)
        for (const d of sides) {
          const either = cells.mayHoldEither(ref, [n, d] as [MeasureInfo, "ACTUAL" | "PLAN"][], row, k);
          expect(either).toBe(cells.mayHold(ref, n[0], n[1], row, k) || cells.mayHold(ref, d[0], d[1], row, k));
        }
    // NTP-2021 is held for the plan only: one side may hold a cell there
    const plan: [MeasureInfo, "ACTUAL" | "PLAN"][] = [
      [workers, "ACTUAL"],
      [workers, "PLAN"],
    ];
    expect(cells.mayHoldEither(ref, plan, row, district("NTP-2021"))).toBe(true);
    expect(cells.mayHoldEither(ref, plan, row, district("HOUSING"))).toBe(false);
  });

  it("asks for every key under a place read only at its rows' group and programme", () => {
    const cells = new CellIndex();
    cells.add(cell("ALL"));
    cells.markRead([row.place]);
    expect(cells.mayHold(ref, workers, "ACTUAL", row, district("NTP-2021"))).toBe(true);
  });
});

describe("CellIndex.heldBelow", () => {
  it("gives the group and programme pairs with a cell at any of the places, each once", () => {
    const cells = new CellIndex();
    const at = (placeKey: string, ethnicity: string, programme: string, periodStart = "2022-01-01"): CellData => ({
      ...cell(programme),
      placeKey,
      ethnicity,
      periodStart,
    });
    cells.add(at("P-06-2008", "ALL", "ALL"));
    cells.add(at("P-06-2008", "ALL", "ALL", "2022-04-01")); // another period of the same pair
    cells.add(at("P-06-2008", "DTTS", "CREDIT"));
    cells.add({ ...at("P-20-2008", "ALL", "CREDIT"), measure: "households" });
    cells.add(at("D-06-BACH-THONG", "01", "EDUCATION")); // not a place asked about
    expect(cells.heldBelow(["P-06-2008", "P-20-2008", "P-80-2008"]).sort()).toEqual([
      "ALL|ALL",
      "ALL|CREDIT",
      "DTTS|CREDIT",
    ]);
    expect(cells.heldBelow([])).toEqual([]);
    // cells added after a call count at the next
    cells.add(at("P-80-2008", "07", "EDU-LUNCH"));
    cells.add(at("P-06-2008", "02", "ALL"));
    expect(cells.heldBelow(["P-80-2008", "P-06-2008"]).sort()).toEqual([
      "02|ALL",
      "07|EDU-LUNCH",
      "ALL|ALL",
      "DTTS|CREDIT",
    ]);
  });
});

describe("CellIndex lookups", () => {
  const at = (
    place: string,
    ethnicity: string,
    programme: string,
    start: string,
    end: string,
    value = 1,
  ): CellData => ({
    ...cell(programme),
    placeKey: place,
    ethnicity,
    periodStart: start,
    periodEnd: end,
    ...qualified(value, "EXACT"),
  });

  it("finds a cell by its key and period, the later of two with the same key, and a place's periods in order", () => {
    const cells = new CellIndex();
    cells.add(at("P-06-2008", "ALL", "ALL", "2022-07-01", "2022-12-31"));
    cells.add(at("P-06-2008", "ALL", "ALL", "2022-01-01", "2022-06-30", 5));
    cells.add(at("P-06-2008", "ALL", "ALL", "2022-01-01", "2022-06-30", 6));
    cells.add(at("P-06-2008", "ALL", "CREDIT", "2022-01-01", "2022-12-31"));
    const get = (programme: string, start: string, end: string) =>
      cells.get("workers_employed", "ACTUAL", "P-06-2008", "ALL", programme, start, end);
    expect(get("ALL", "2022-01-01", "2022-06-30")?.value.toNumber()).toBe(6);
    expect(get("ALL", "2022-01-01", "2022-12-31")).toBeUndefined();
    expect(get("CREDIT", "2022-01-01", "2022-12-31")).toBeDefined();
    expect(cells.periods(["workers_employed"], "ACTUAL", "P-06-2008", "ALL", "ALL")).toEqual([
      ["2022-01-01", "2022-06-30"],
      ["2022-07-01", "2022-12-31"],
    ]);
    expect(cells.periods(["workers_employed"], "PLAN", "P-06-2008", "ALL", "ALL")).toEqual([]);
  });

  it("gives the group and programme pairs with a cell at the places asked, and no other place's", () => {
    const cells = new CellIndex();
    cells.add(at("P-06-2008", "ALL", "ALL", "2022-01-01", "2022-12-31"));
    cells.add(at("P-06-2008", "DTTS", "CREDIT", "2022-01-01", "2022-12-31"));
    cells.add(at("P-06-2008", "DTTS", "CREDIT", "2022-01-01", "2022-06-30"));
    cells.add(at("P-20-2008", "01", "ALL", "2022-01-01", "2022-12-31"));
    expect(cells.heldBelow(["P-06-2008"]).sort()).toEqual(["ALL|ALL", "DTTS|CREDIT"]);
    expect(cells.heldBelow(["P-06-2008", "P-20-2008"]).sort()).toEqual(["01|ALL", "ALL|ALL", "DTTS|CREDIT"]);
    expect(cells.heldBelow(["P-80-2008"])).toEqual([]);
  });
});
