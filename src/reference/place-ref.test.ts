import { describe, expect, it } from "vitest";
import { parsePeriod } from "../rules/period.ts";
import { buildPlaceIndex, resolvePlaceRef, type PlaceResolution } from "./place-ref.ts";
import { buildPlaceReference } from "./places.ts";

const index = buildPlaceIndex(buildPlaceReference().places.map((p) => ({ ...p })));
const resolve = (ref: string, period?: string) => resolvePlaceRef(index, ref, period ? parsePeriod(period) : null);
const keyOf = (r: PlaceResolution) => (r.ok ? r.place.key : `error: ${r.reason}`);

describe("resolvePlaceRef", () => {
  it("takes a key as it is, whatever the period", () => {
    expect(keyOf(resolve("P-80-2008"))).toBe("P-80-2008");
    expect(keyOf(resolve("p-80-2025", "2023"))).toBe("P-80-2025");
    expect(keyOf(resolve("D-06-BACH-THONG"))).toBe("D-06-BACH-THONG");
  });

  it("resolves an official code with a date to the unit valid that day", () => {
    expect(keyOf(resolve("80@2024-01-01"))).toBe("P-80-2008");
    expect(keyOf(resolve("80@2025-06-30"))).toBe("P-80-2008");
    expect(keyOf(resolve("80@2025-07-01"))).toBe("P-80-2025");
    expect(keyOf(resolve("91@2026-03-01"))).toBe("P-91-2025");
    const retired = resolve("06@2025-07-01");
    expect(retired.ok).toBe(false);
    if (!retired.ok) expect(retired.reason).toMatch(/no unit valid on 2025-07-01.*P-06-2008/);
    expect(resolve("80@2025-02-30").ok).toBe(false);
  });

  it("resolves a bare code against the period", () => {
    expect(keyOf(resolve("80", "2023"))).toBe("P-80-2008");
    expect(keyOf(resolve("80", "2023-01/2024-05"))).toBe("P-80-2008");
    expect(keyOf(resolve("80", "2026"))).toBe("P-80-2025");
    expect(keyOf(resolve("20", "2026"))).toBe("P-20-2025");
    expect(keyOf(resolve("06-BACH-THONG", "2022"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("VN", "2022"))).toBe("VN");
  });

  it("refuses a code for a period straddling the merger, listing the candidates", () => {
    const r = resolve("80", "2021-2025");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.notFound).toBe(false);
    expect(r.candidates.sort()).toEqual(["P-80-2008", "P-80-2025"]);
    expect(r.reason).toContain("P-80-2008");
    expect(r.reason).toContain("P-80-2025");
  });

  it("refuses a reused code without a period, listing the candidates", () => {
    const r = resolve("91");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.candidates.sort()).toEqual(["P-91-2008", "P-91-2025"]);
  });

  it("refuses a code no unit holds during the period", () => {
    const r = resolve("06", "2026");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/no unit valid during 2026-01-01..2026-12-31/);
  });

  it("resolves a name with or without diacritics when it is unique in the period", () => {
    expect(keyOf(resolve("Bạch Thông", "2022"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("bach thong", "2022"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("Bac Thong", "2022"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("Long An", "2023"))).toBe("P-80-2008");
    expect(keyOf(resolve("Kien Giang", "2020"))).toBe("P-91-2008");
    expect(keyOf(resolve("Tây Ninh", "2026"))).toBe("P-80-2025");
    expect(keyOf(resolve("Tay Ninh", "2023"))).toBe("P-72-2008");
    expect(keyOf(resolve("huyện Bạch Thông", "2022"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("Giang Thành", "2020"))).toBe("D-91-GIANG-THANH");
  });

  it("refuses a name shared by several units of the period, listing them", () => {
    const r = resolve("Châu Thành", "2022"); // a district of Long An and one of Kiên Giang
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.candidates.sort()).toEqual(["D-80-CHAU-THANH", "D-91-CHAU-THANH"]);
    const city = resolve("Lang Son", "2022"); // the province and its capital city
    expect(city.ok).toBe(false);
    if (!city.ok) expect(city.candidates.sort()).toEqual(["D-20-LANG-SON", "P-20-2008"]);
    expect(keyOf(resolve("tỉnh Lạng Sơn", "2022"))).toBe("P-20-2008");
  });

  it("says when nothing matches", () => {
    const r = resolve("Atlantis", "2022");
    expect(r).toMatchObject({ ok: false, notFound: true, candidates: [] });
    expect(resolve("  ").ok).toBe(false);
  });
});
