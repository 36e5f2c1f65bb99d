import { describe, expect, it } from "vitest";
import { describeLeafCoverage, leafCoverage, type LeafTree } from "./leaf-coverage.ts";

// New Thái Nguyên (TN25) > old Bắc Kạn (BK: 8 districts, one with two communes) and old Thái Nguyên (TN: 9 districts).
const children: Record<string, string[]> = {
  TN25: ["BK", "TN"],
  BK: Array.from({ length: 8 }, (_, i) => `BK${i}`),
  TN: Array.from({ length: 9 }, (_, i) => `TN${i}`),
  BK0: ["BK0-a", "BK0-b"],
};
const parent = new Map(Object.entries(children).flatMap(([p, cs]) => cs.map((c) => [c, p] as const)));
const tree: LeafTree = {
  children: (n) => children[n] ?? [],
  parent: (n) => parent.get(n),
  levelOf: (n) => (n.includes("-") ? "COMMUNE" : n.length > 2 ? "DISTRICT" : "PROVINCE"),
};

describe("leaf coverage through the levels", () => {
  it("counts the districts of each old province: 1 of 8 under Bắc Kạn, none of Thái Nguyên's 9", () => {
    const counts = leafCoverage(tree, "TN25", new Set(["BK3"]));
    expect(counts).toEqual([
      { child: "BK", depth: 2, level: "DISTRICT", covered: 1, total: 8 },
      { child: "TN", depth: 2, level: "DISTRICT", covered: 0, total: 9 },
    ]);
    expect(describeLeafCoverage(counts)).toBe("1 of 8 DISTRICT under BK; 0 of 9 DISTRICT under TN");
  });

  it("goes down to the lowest level reported; a reported unit covers everything under it", () => {
    // one commune of BK0; then with the whole of BK reported too, all of its nine lowest units are covered
    expect(leafCoverage(tree, "BK", new Set(["BK0-a"]))).toContainEqual({
      child: "BK0",
      depth: 2,
      level: "COMMUNE",
      covered: 1,
      total: 2,
    });
    const counts = leafCoverage(tree, "TN25", new Set(["BK0-a", "BK", "TN2"]));
    expect(counts.map((c) => [c.child, c.covered, c.total])).toEqual([
      ["BK", 9, 9],
      ["TN", 1, 9],
    ]);
  });

  it("has nothing to say for a figure of the row itself, or none under it", () => {
    expect(leafCoverage(tree, "BK", new Set(["BK"]))).toEqual([]);
    expect(leafCoverage(tree, "BK", new Set(["TN1"]))).toEqual([]);
  });

  it("works for ethnicity: DTTS covers its groups, Kinh is its own leaf", () => {
    const eth: LeafTree = {
      children: (n) => ({ ALL: ["01", "DTTS"], DTTS: ["02", "03", "04"] })[n] ?? [],
      parent: (n) => ({ "01": "ALL", DTTS: "ALL", "02": "DTTS", "03": "DTTS", "04": "DTTS" })[n],
      levelOf: () => "GROUP",
    };
    expect(leafCoverage(eth, "ALL", new Set(["DTTS"]))).toEqual([
      { child: "01", depth: 1, level: "GROUP", covered: 0, total: 1 },
      { child: "DTTS", depth: 1, level: "GROUP", covered: 1, total: 1 },
    ]);
    expect(leafCoverage(eth, "ALL", new Set(["03"])).map((c) => [c.child, c.covered, c.total])).toEqual([
      ["01", 0, 1],
      ["DTTS", 1, 3],
    ]);
  });
});
