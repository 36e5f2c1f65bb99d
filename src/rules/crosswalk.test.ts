import { describe, expect, it } from "vitest";
import { buildPlaceReference } from "../reference/places.ts";
import { Decimal } from "decimal.js";
import {
  boundaryOf,
  crosswalkApplies,
  crosswalkCell,
  isNewCommune,
  reexpress,
  type CrosswalkCell,
  type UnitInfo,
} from "./crosswalk.ts";
import { qualified, type Qualifier } from "./qualifier-algebra.ts";

const { places, successions } = buildPlaceReference();
const byKey = new Map(places.map((p) => [p.key, p]));
const successorsOf = (k: string) => successions.filter((s) => s.fromKey === k).map((s) => byKey.get(s.toKey)!);
const unit = (k: string): UnitInfo => byKey.get(k)!;

describe("boundary crosswalk", () => {
  it("re-expresses Bắc Kạn and its districts as the 2025 Thái Nguyên", () => {
    expect(reexpress(unit("P-06-2008"), "CURRENT", successorsOf).key).toBe("P-19-2025");
    expect(reexpress(unit("D-06-BACH-THONG"), "CURRENT", successorsOf).key).toBe("P-19-2025");
    expect(reexpress(unit("P-19-2008"), "CURRENT", successorsOf).key).toBe("P-19-2025");
  });

  it("maps Long An to the new Tây Ninh and Kiên Giang to the new An Giang, both keeping their codes' new owners", () => {
    expect(reexpress(unit("P-80-2008"), "CURRENT", successorsOf).key).toBe("P-80-2025");
    expect(byKey.get("P-80-2025")!.name).toBe("Tây Ninh");
    expect(reexpress(unit("P-91-2008"), "CURRENT", successorsOf).key).toBe("P-91-2025");
    expect(byKey.get("P-91-2025")!.name).toBe("An Giang");
  });

  it("keeps an old commune itself (no rollup sums old communes into new ones); an island district goes to its province", () => {
    expect(successorsOf("C-00004-20080801").map((p) => p.key)).toEqual(["C-00004-20250701"]); // Trúc Bạch → Ba Đình, whole
    expect(reexpress(unit("C-00004-20080801"), "CURRENT", successorsOf).key).toBe("C-00004-20080801");
    expect(successorsOf("C-00016-20080801").length).toBeGreaterThan(1); // Ngọc Hà, split
    // Bạch Long Vĩ became a special zone of Hải Phòng: the district answers as the 2025 province
    expect(reexpress(unit("D-31-BACH-LONG-VI"), "CURRENT", successorsOf).key).toBe("P-31-2025");
  });

  it("keeps every unit as reported under AS_REPORTED", () => {
    expect(reexpress(unit("P-06-2008"), "AS_REPORTED", successorsOf).key).toBe("P-06-2008");
  });

  it("maps every one of the 63 old provinces to exactly one of the 34 new ones", () => {
    const old = places.filter((p) => p.level === "PROVINCE" && p.validTo !== null);
    const targets = new Set(old.map((p) => reexpress(p, "CURRENT", successorsOf).key));
    expect(old.length).toBe(63);
    expect(targets.size).toBe(34);
  });

  it("reads 2025 units from the CURRENT tree and old units from AS_REPORTED", () => {
    expect(boundaryOf(unit("P-19-2025"), "AS_REPORTED")).toBe("CURRENT");
    expect(boundaryOf(unit("P-06-2008"), "CURRENT")).toBe("AS_REPORTED");
    expect(boundaryOf(unit("R-NMM"), "CURRENT")).toBe("CURRENT");
    expect(boundaryOf(unit("VN"), "AS_REPORTED")).toBe("AS_REPORTED");
  });
});

describe("commune crosswalk: a 2025 commune's cell for a period before the reform", () => {
  const cell = (value: number, qualifier: Qualifier = "EXACT", ids = [`f${value}`]): CrosswalkCell => ({
    ...qualified(new Decimal(value), qualifier),
    derivation: "REPORTED",
    partsDimension: null,
    covered: 0,
    total: 0,
    figureIds: ids,
    flaggedExcluded: 0,
  });
  // Đình Lập (2025): the old Đình Lập and Thị trấn Đình Lập whole, part of Bính Xá
  const parts = [
    { fromKey: "C-06613-20080801", share: "full" as const },
    { fromKey: "C-06628-20080801", share: "full" as const },
    { fromKey: "C-06622-20080801", share: "partial" as const },
  ];
  const cells = new Map<string, CrosswalkCell>([
    ["C-06613-20080801", cell(30)],
    ["C-06628-20080801", cell(12, "AT_LEAST")],
    ["C-06622-20080801", cell(15)],
  ]);

  it("sums the old communes that went in whole, never a split one, and counts every part for coverage", () => {
    const c = crosswalkCell(undefined, parts, (k) => cells.get(k), true)!;
    expect(c.value.toString()).toBe("42");
    expect(c.qualifier).toBe("AT_LEAST");
    expect(c).toMatchObject({ derivation: "SUM_OF_PARTS", partsDimension: "PLACE", covered: 2, total: 3 });
    expect(c.figureIds).toEqual(["f30", "f12"]);
  });

  it("has nothing when only the split commune reported, and keeps a reported cell of its own", () => {
    expect(crosswalkCell(undefined, parts, (k) => (k === "C-06622-20080801" ? cells.get(k) : undefined), true)).toBe(
      null,
    );
    const own = cell(99);
    expect(crosswalkCell(own, parts, (k) => cells.get(k), true)).toBe(own);
  });

  it("never sums a measure that does not add over places (a rate)", () => {
    expect(crosswalkCell(undefined, parts, (k) => cells.get(k), false)).toBeNull();
  });

  it("applies to the 3,321 communes of 2025 for periods that began before the reform", () => {
    expect(isNewCommune(unit("C-06613-20250701"))).toBe(true);
    expect(isNewCommune(unit("C-06613-20080801"))).toBe(false);
    expect(isNewCommune(unit("P-20-2025"))).toBe(false);
    expect(crosswalkApplies("2022-01-01")).toBe(true);
    expect(crosswalkApplies("2025-07-01")).toBe(false);
    const shares = successions.filter((s) => s.toKey === "C-06613-20250701").map((s) => [s.fromKey, s.share]);
    expect(shares.sort()).toEqual(parts.map((p) => [p.fromKey, p.share]).sort());
  });
});
