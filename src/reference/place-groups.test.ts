import { describe, expect, it } from "vitest";
import { checkPlaceGroup, sameGroup, type PlaceGroupCheck, type PlaceGroupInputDef } from "./place-groups.ts";
import { buildPlaceIndex } from "./place-ref.ts";
import { buildPlaceReference } from "./places.ts";

const reference = buildPlaceReference();
const index = buildPlaceIndex(
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
    const c = checkPlaceGroup(index, POOR_HA_GIANG);
    expect(problems(c)).toEqual([]);
    if (!c.ok) return;
    expect(c.group.code).toBe("HA-GIANG-HUYEN-NGHEO");
    expect(c.group.withinKey).toBe("P-02-2008");
    expect(c.group.members).toHaveLength(7);
    for (const key of c.group.members) expect(index.byKey.get(key)!.parentKey).toBe("P-02-2008");
  });

  it("refuses a member outside the unit it lies in", () => {
    const c = checkPlaceGroup(index, { ...POOR_HA_GIANG, members: ["Mèo Vạc", "Bạch Thông"] });
    expect(problems(c)).toEqual([expect.stringMatching(/^members: .*Bạch Thông.* is not inside Hà Giang/)]);
  });

  it("takes a group the report does not list by its scope alone, never with neither", () => {
    const scoped = checkPlaceGroup(index, { ...POOR_HA_GIANG, members: [] });
    expect(scoped.ok && scoped.group.members).toEqual([]);
    const neither = checkPlaceGroup(index, { ...POOR_HA_GIANG, members: [], within: null });
    expect(problems(neither)).toEqual([expect.stringMatching(/^within: a group needs its members, or the unit/)]);
  });

  it("accepts a scope unchanged across the 2025 reform for the whole period (Sơn La 2021-2025)", () => {
    const c = checkPlaceGroup(index, { ...POOR_HA_GIANG, within: "Sơn La", members: [], validTo: "2025-12-31" });
    expect(c.ok && c.group.withinKey).toBe("P-14-2008");
    const merged = checkPlaceGroup(index, { ...POOR_HA_GIANG, within: "Long An", members: [], validTo: "2025-12-31" });
    expect(merged.ok).toBe(false);
  });

  it("refuses a bad code, a missing name or source and dates in the wrong order", () => {
    const c = checkPlaceGroup(index, { ...POOR_HA_GIANG, code: "x", name: " ", source: "", validTo: "2020-01-01" });
    expect(problems(c).map((p) => p.split(":")[0])).toEqual(["code", "name", "source", "validTo"]);
  });

  it("knows a repeated definition from a different one", () => {
    const a = checkPlaceGroup(index, POOR_HA_GIANG);
    const b = checkPlaceGroup(index, { ...POOR_HA_GIANG, members: [...POOR_HA_GIANG.members!].reverse() });
    const c = checkPlaceGroup(index, { ...POOR_HA_GIANG, members: POOR_HA_GIANG.members!.slice(1) });
    if (!a.ok || !b.ok || !c.ok) throw new Error("valid groups expected");
    expect(sameGroup(a.group, b.group)).toBe(true);
    expect(sameGroup(a.group, c.group)).toBe(false);
  });
});
