import { describe, expect, it } from "vitest";
import { parsePeriod } from "../rules/period.ts";
import {
  buildPlaceIndex,
  compactName,
  parseName,
  periodProblem,
  resolvePlaceRef,
  type PlaceResolution,
} from "./place-ref.ts";
import { buildPlaceReference } from "./places.ts";

const reference = buildPlaceReference();
const index = buildPlaceIndex(
  reference.places.map((p) => ({ ...p })),
  reference.successions,
);
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
    expect(keyOf(resolve("063", "2022"))).toBe("D-06-BACH-THONG");
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
    expect(keyOf(resolve("Long An", "2023"))).toBe("P-80-2008");
    expect(keyOf(resolve("Kien Giang", "2020"))).toBe("P-91-2008");
    expect(keyOf(resolve("Tây Ninh", "2026"))).toBe("P-80-2025");
    expect(keyOf(resolve("Tay Ninh", "2023"))).toBe("P-72-2008");
    expect(keyOf(resolve("huyện Bạch Thông", "2022"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("Giang Thành", "2020"))).toBe("D-91-GIANG-THANH");
  });

  it("refuses a name shared by several units of the period, listing them", () => {
    const r = resolve("Châu Thành", "2022"); // a district in ten provinces in 2022
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.candidates).toEqual(expect.arrayContaining(["D-80-CHAU-THANH", "D-91-CHAU-THANH", "D-72-CHAU-THANH"]));
    if (!r.ok) expect(r.candidates).toHaveLength(10);
    // The province and its capital city: a bare name is the province, the type word names the city.
    expect(keyOf(resolve("Lang Son", "2022"))).toBe("P-20-2008");
    expect(keyOf(resolve("tỉnh Lạng Sơn", "2022"))).toBe("P-20-2008");
    expect(keyOf(resolve("TP. Lạng Sơn", "2022"))).toBe("D-20-LANG-SON");
  });

  it("says when nothing matches", () => {
    const r = resolve("Atlantis", "2022");
    expect(r).toMatchObject({ ok: false, notFound: true, candidates: [] });
    expect(resolve("  ").ok).toBe(false);
  });
});

describe("names as reports write them", () => {
  it("takes type words, abbreviations, apostrophes, spacing and hyphens", () => {
    expect(keyOf(resolve("huyện Ea Súp", "2022"))).toBe("D-66-EA-SUP");
    expect(keyOf(resolve("Ea Sup", "2022"))).toBe("D-66-EA-SUP");
    expect(keyOf(resolve("Đakrông", "2022"))).toBe("D-45-DA-KRONG");
    expect(keyOf(resolve("Đa Krông", "2022"))).toBe("D-45-DA-KRONG");
    expect(keyOf(resolve("M'Đrắk", "2022"))).toBe("D-66-M-DRAK");
    expect(keyOf(resolve("M’Đrắk", "2022"))).toBe("D-66-M-DRAK");
    expect(keyOf(resolve("Tp. Phan Rang - Tháp Chàm", "2022"))).toBe("D-58-PHAN-RANG-THAP-CHAM");
    expect(keyOf(resolve("TP.Phan Rang-Tháp Chàm", "2022"))).toBe("D-58-PHAN-RANG-THAP-CHAM");
    expect(keyOf(resolve("Mù Cang Chải", "2022"))).toBe("D-15-MU-CANG-CHAI"); // officially Mù Căng Chải
    expect(keyOf(resolve("Quận 1", "2022"))).toBe("D-79-QUAN-1");
    expect(keyOf(resolve("Thành phố Hồ Chí Minh", "2022"))).toBe("P-79-2008");
  });

  it("tells the town from the district by its type word", () => {
    expect(keyOf(resolve("TX. Kỳ Anh", "2022"))).toBe("D-42-KY-ANH-449-20150411");
    expect(keyOf(resolve("thị xã Kỳ Anh", "2022"))).toBe("D-42-KY-ANH-449-20150411");
    expect(keyOf(resolve("huyện Kỳ Anh", "2022"))).toBe("D-42-KY-ANH");
    const bare = resolve("Kỳ Anh", "2022");
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.candidates.sort()).toEqual(["D-42-KY-ANH", "D-42-KY-ANH-449-20150411"]);
  });

  it("reads a name without a type word as the district, not the commune of that name", () => {
    expect(keyOf(resolve("M'Đrắk", "2022"))).toBe("D-66-M-DRAK");
    expect(keyOf(resolve("thị trấn M'Đrắk", "2022"))).toMatch(/^C-/);
    expect(keyOf(resolve("Quan Hóa", "2022"))).toBe("D-38-QUAN-HOA"); // "quan" is not the type word here
  });

  it("narrows by the parent written after a comma or in brackets, or by the document's province", () => {
    expect(keyOf(resolve("Châu Thành, Long An", "2022"))).toBe("D-80-CHAU-THANH");
    expect(keyOf(resolve("huyện Châu Thành, tỉnh Kiên Giang", "2022"))).toBe("D-91-CHAU-THANH");
    const traBui = resolvePlaceRef(index, "xã Trà Bui (Bắc Trà My)", parsePeriod("2022"));
    expect(traBui.ok && traBui.place).toMatchObject({ code: "20917", level: "COMMUNE", name: "Trà Bui" });
    const inDoc = resolvePlaceRef(index, "Châu Thành", parsePeriod("2022"), { within: ["P-91-2008"] });
    expect(keyOf(inDoc)).toBe("D-91-CHAU-THANH");
    const wrongParent = resolve("Châu Thành, Lạng Sơn", "2022");
    expect(wrongParent.ok).toBe(false);
  });

  it("keeps boundary history: Đạ Tẻh until its merger, a code's units by date", () => {
    expect(keyOf(resolve("Đạ Tẻh", "2020"))).toBe("D-68-DA-TEH");
    expect(resolve("Đạ Tẻh", "2026").ok).toBe(false);
    expect(keyOf(resolve("063@2022-01-01"))).toBe("D-06-BACH-THONG");
    expect(keyOf(resolve("Phường Ba Đình", "2026"))).toBe("C-00004-20250701");
    const reused = resolve("00004");
    expect(reused.ok).toBe(false);
    if (!reused.ok) expect(reused.candidates.sort()).toEqual(["C-00004-20080801", "C-00004-20250701"]);
  });

  it("never resolves a misspelt name to another unit, and suggests the nearest names", () => {
    const r = resolve("Kien Gian", "2022");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.notFound).toBe(true);
      expect(r.suggestions![0]).toBe("Kiên Giang");
      expect(r.reason).toContain('did you mean "Kiên Giang"');
    }
    const bac = resolve("Bac Thong", "2022");
    expect(bac.ok).toBe(false);
    if (!bac.ok) expect(bac.suggestions![0]).toBe("Bạch Thông");
    expect(keyOf(resolve("Ha Giang", "2022"))).toBe("P-02-2008"); // never Hậu Giang
    expect(keyOf(resolve("Hau Giang", "2022"))).toBe("P-93-2008");
  });
});

describe("parseName", () => {
  it("splits type word, name and parents", () => {
    expect(parseName("xã Trà Bui (Bắc Trà My)")).toMatchObject({ name: "Trà Bui", context: ["Bắc Trà My"] });
    expect(parseName("Tp. Phan Rang - Tháp Chàm")).toMatchObject({ name: "Phan Rang - Tháp Chàm" });
    expect(parseName("huyện Châu Thành, tỉnh Long An").context).toEqual(["tỉnh Long An"]);
    expect(parseName("Đakrông").type).toBeNull();
    expect(compactName("M’Đrắk")).toBe(compactName("M'Đrắk"));
    expect(compactName("Đakrông")).toBe(compactName("Đa Krông"));
  });
});

describe("periods across a boundary change", () => {
  it("accepts a unit that did not change for a period crossing the 2025 reform, and refuses one that did", () => {
    expect(keyOf(resolve("Sơn La", "2021-2025"))).toBe("P-14-2008");
    expect(keyOf(resolve("Lạng Sơn", "2021-2025"))).toBe("P-20-2008");
    expect(resolve("Long An", "2021-2025").ok).toBe(false); // merged into the new Tây Ninh
    expect(periodProblem(index, index.byKey.get("P-14-2008")!, parsePeriod("2021-2025"))).toBeNull();
  });

  it("refuses a key for a period outside its unit's validity", () => {
    expect(periodProblem(index, index.byKey.get("P-11-2008")!, parsePeriod("2003-2017"))).toMatch(
      /did not exist during/,
    );
    expect(periodProblem(index, index.byKey.get("D-68-DA-TEH")!, parsePeriod("2026"))).toMatch(/did not exist/);
    // a unit that ended within the period existed when it began: Kiên Giang's targets for 2021-2025
    expect(periodProblem(index, index.byKey.get("P-91-2008")!, parsePeriod("2021-2025"))).toBeNull();
  });
});

describe("provinces before 2008", () => {
  const from = (key: string) => index.byKey.get(key)!.validFrom;

  it("starts most provinces in 1997, the 2004 splits in 2004 and Hà Nội (and Vĩnh Phúc) in 2008, under their old keys", () => {
    expect(from("P-20-2008")).toBe("1997-01-01");
    expect(from("P-80-2008")).toBe("1997-01-01");
    for (const code of ["11", "12", "66", "67", "92", "93"]) expect(from(`P-${code}-2008`)).toBe("2004-01-01");
    expect(from("P-01-2008")).toBe("2008-08-01");
    expect(from("P-26-2008")).toBe("2008-08-01");
    // districts and communes stay as the catalogue vouches for them
    expect(from("D-06-BACH-THONG")).toBe("2008-08-01");
  });

  it("places a pre-2008 period in a province that existed then, by key, code or name", () => {
    expect(periodProblem(index, index.byKey.get("P-20-2008")!, parsePeriod("2005"))).toBeNull();
    expect(keyOf(resolve("Lạng Sơn", "2001-2005"))).toBe("P-20-2008");
    expect(keyOf(resolve("80", "2006"))).toBe("P-80-2008");
    expect(keyOf(resolve("Điện Biên", "2004-2007"))).toBe("P-11-2008");
  });

  it("refuses a period that begins before the province existed", () => {
    expect(periodProblem(index, index.byKey.get("P-11-2008")!, parsePeriod("2003"))).toMatch(/did not exist/);
    expect(periodProblem(index, index.byKey.get("P-01-2008")!, parsePeriod("2005"))).toMatch(/did not exist/);
    expect(resolve("Đắk Nông", "2003").ok).toBe(false);
    expect(resolve("01", "2007").ok).toBe(false);
    expect(periodProblem(index, index.byKey.get("D-06-BACH-THONG")!, parsePeriod("2005"))).toMatch(/did not exist/);
  });
});
