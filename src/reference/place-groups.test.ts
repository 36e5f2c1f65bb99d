import { describe, expect, it } from "vitest";
import { buildPlaceIndex, placeCovers } from "./place-ref.ts";
import {
  buildPlaceGroups,
  checkPlaceGroup,
  memberProblem,
  sameGroup,
  type PlaceGroupCheck,
  type PlaceGroupInputDef,
} from "./place-groups.ts";
import { buildPlaceReference } from "./places.ts";

const reference = buildPlaceReference();
const index = buildPlaceIndex(reference.places, reference.successions);
const groups = buildPlaceGroups(reference.places, index);
const group = (code: string) => groups.find((g) => g.code === code)!;
const place = (key: string) => index.byKey.get(key)!;

describe("official place groups", () => {
  it("ships the three lists of Decisions 353 and 275 with their source and official size", () => {
    expect(groups.map((g) => [g.code, g.officialCount])).toEqual([
      ["QD353-HUYEN-NGHEO-2021-2025", 74],
      ["QD353-XA-DBKK-BAI-NGANG-2021-2025", 54],
      ["QD275-HUYEN-NGHEO-2018-2020", 93],
    ]);
    expect(group("QD353-HUYEN-NGHEO-2021-2025").source).toContain("353/QĐ-TTg");
    expect(group("QD353-XA-DBKK-BAI-NGANG-2021-2025").source).toContain("353/QĐ-TTg");
    expect(group("QD275-HUYEN-NGHEO-2018-2020").source).toContain("275/QĐ-TTg");
  });

  it("never passes an incomplete list off as complete: each says how many of the official members it holds", () => {
    for (const g of groups) {
      const held = g.members.length;
      expect(new Set(g.members).size).toBe(held);
      expect(held).toBeLessThanOrEqual(g.officialCount!);
      if (held < g.officialCount!) expect(g.description).toMatch(new RegExp(`^${held} of ${g.officialCount}\\b`));
    }
    expect(group("QD353-HUYEN-NGHEO-2021-2025").members).toHaveLength(57);
    expect(group("QD353-XA-DBKK-BAI-NGANG-2021-2025").members).toHaveLength(31);
    expect(group("QD275-HUYEN-NGHEO-2018-2020").members).toHaveLength(12);
  });

  it("resolves every member to a unit valid on the day its list was issued, inside the group's period", () => {
    for (const g of groups) {
      expect(g.listedOn! >= g.validFrom && g.listedOn! <= g.validTo!).toBe(true);
      for (const key of g.members) {
        const unit = place(key);
        expect(placeCovers(unit, { start: g.listedOn!, end: g.listedOn! }), `${g.code}: ${key}`).toBe(true);
        expect(memberProblem(g, unit)).toBeNull();
      }
    }
    const districts = (code: string) => group(code).members.map((k) => place(k).level);
    expect(new Set(districts("QD353-HUYEN-NGHEO-2021-2025"))).toEqual(new Set(["DISTRICT"]));
    expect(new Set(districts("QD275-HUYEN-NGHEO-2018-2020"))).toEqual(new Set(["DISTRICT"]));
    // the coastal list names communes and two island districts without communes (Cồn Cỏ, Lý Sơn)
    expect(districts("QD353-XA-DBKK-BAI-NGANG-2021-2025").filter((l) => l === "DISTRICT")).toHaveLength(2);
  });

  it("keeps a member the decision listed although it was merged before the group's period ended", () => {
    const g = group("QD353-XA-DBKK-BAI-NGANG-2021-2025");
    const phuHoa = g.members.map(place).find((p) => p.name === "Phù Hóa")!;
    expect(phuHoa.validTo! < g.validTo!).toBe(true);
    // an editor's group (no issue day) still needs members valid for its whole period
    expect(memberProblem({ validFrom: g.validFrom, validTo: g.validTo }, phuHoa)).toMatch(/whole period/);
  });

  it("resolves names as the decisions and provinces write them: M'Đrắk, Ia H'Drai, a commune with its district", () => {
    expect(group("QD353-HUYEN-NGHEO-2021-2025").members).toEqual(
      expect.arrayContaining(["D-66-EA-SUP", "D-66-M-DRAK", "D-38-MUONG-LAT"]),
    );
    expect(group("QD275-HUYEN-NGHEO-2018-2020").members).toContain("D-62-IA-H-DRAI");
    const nghiSon = group("QD353-XA-DBKK-BAI-NGANG-2021-2025")
      .members.map(place)
      .filter((p) => p.name === "Nghi Sơn");
    expect(nghiSon).toHaveLength(1);
    expect(place(nghiSon[0].parentKey!).name).toBe("Nghi Sơn");
    // the communes Decisions 576 and 1535 (2024) took off the list, each under the district they name
    const districtOf = (key: string) => place(place(key).parentKey!);
    const benTre = group("QD353-XA-DBKK-BAI-NGANG-2021-2025").members.filter(
      (k) => place(k).level === "COMMUNE" && districtOf(k).parentKey === "P-83-2008",
    );
    expect(benTre.map((k) => `${place(k).name} (${districtOf(k).name})`).sort()).toEqual([
      "An Quy (Thạnh Phú)",
      "An Thuận (Thạnh Phú)",
      "An Thạnh (Thạnh Phú)",
      "An Thủy (Ba Tri)",
      "Bình Thạnh (Thạnh Phú)",
      "Mỹ Hưng (Thạnh Phú)",
      "Thạnh Hải (Thạnh Phú)",
    ]);
  });
});

// checkPlaceGroup works on its own copy of the units (the official groups above share theirs)
const checkIndex = buildPlaceIndex(
  reference.places.map((p) => ({ ...p })),
  reference.successions,
);
const POOR_HA_GIANG: PlaceGroupInputDef = {
  code: "ha-giang-huyen-ngheo",
  name: "7 huyện nghèo của Hà Giang",
  source: "Quyết định 353/QĐ-TTg",
  validFrom: "2021-01-01",
  validTo: "2025-06-30",
  within: "02",
  members: ["Mèo Vạc", "Đồng Văn", "Yên Minh", "Quản Bạ", "Xín Mần", "Hoàng Su Phì", "Bắc Mê"],
};
const problems = (c: PlaceGroupCheck) => (c.ok ? [] : c.problems.map((p) => `${p.field}: ${p.reason}`));

describe("checkPlaceGroup", () => {
  it("resolves the members inside the unit the group lies in", () => {
    const c = checkPlaceGroup(checkIndex, POOR_HA_GIANG);
    expect(problems(c)).toEqual([]);
    if (!c.ok) return;
    expect(c.group.code).toBe("HA-GIANG-HUYEN-NGHEO");
    expect(c.group.withinKey).toBe("P-02-2008");
    expect(c.group.members).toHaveLength(7);
    for (const key of c.group.members) expect(checkIndex.byKey.get(key)!.parentKey).toBe("P-02-2008");
  });

  it("refuses a member outside the unit it lies in", () => {
    const c = checkPlaceGroup(checkIndex, { ...POOR_HA_GIANG, members: ["Mèo Vạc", "Bạch Thông"] });
    expect(problems(c)).toEqual([expect.stringMatching(/^members: .*Bạch Thông.* is not inside Hà Giang/)]);
  });

  it("takes a group the report does not list by its scope alone, never with neither", () => {
    const scoped = checkPlaceGroup(checkIndex, { ...POOR_HA_GIANG, members: [] });
    expect(scoped.ok && scoped.group.members).toEqual([]);
    const neither = checkPlaceGroup(checkIndex, { ...POOR_HA_GIANG, members: [], within: null });
    expect(problems(neither)).toEqual([expect.stringMatching(/^within: a group needs its members, or the unit/)]);
  });

  it("accepts a scope unchanged across the 2025 reform for the whole period (Sơn La 2021-2025)", () => {
    const c = checkPlaceGroup(checkIndex, { ...POOR_HA_GIANG, within: "Sơn La", members: [], validTo: "2025-12-31" });
    expect(c.ok && c.group.withinKey).toBe("P-14-2008");
    const merged = checkPlaceGroup(checkIndex, {
      ...POOR_HA_GIANG,
      within: "Long An",
      members: [],
      validTo: "2025-12-31",
    });
    expect(merged.ok).toBe(false);
  });

  it("refuses a bad code, a missing name or source and dates in the wrong order", () => {
    const c = checkPlaceGroup(checkIndex, {
      ...POOR_HA_GIANG,
      code: "x",
      name: " ",
      source: "",
      validTo: "2020-01-01",
    });
    expect(problems(c).map((p) => p.split(":")[0])).toEqual(["code", "name", "source", "validTo"]);
  });

  it("knows a repeated definition from a different one", () => {
    const a = checkPlaceGroup(checkIndex, POOR_HA_GIANG);
    const b = checkPlaceGroup(checkIndex, { ...POOR_HA_GIANG, members: [...POOR_HA_GIANG.members!].reverse() });
    const c = checkPlaceGroup(checkIndex, { ...POOR_HA_GIANG, members: POOR_HA_GIANG.members!.slice(1) });
    if (!a.ok || !b.ok || !c.ok) throw new Error("valid groups expected");
    expect(sameGroup(a.group, b.group)).toBe(true);
    expect(sameGroup(a.group, c.group)).toBe(false);
  });
});
