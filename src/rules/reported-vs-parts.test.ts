import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import type { Qualifier } from "./qualifier-algebra.ts";
import { CellResolver, directCells, type FactInput, type Trees } from "./reported-vs-parts.ts";

// A small world: province P with districts D1, D2, D3; programme CREDIT > POOR, NEAR; ALL > DTTS > TAY, NUNG; ALL > KINH.
const trees: Trees = {
  placeChildren: (k) => (({ P: ["D1", "D2", "D3"] }) as Record<string, string[]>)[k] ?? [],
  placeChildCount: (k) => (k === "P" ? 3 : 0),
  programmeChildren: (c) => (({ ALL: ["CREDIT"], CREDIT: ["POOR", "NEAR"] }) as Record<string, string[]>)[c] ?? [],
  programmeChildCount: (c) => trees.programmeChildren(c).length,
  ethnicityChildren: (c) => (({ ALL: ["KINH", "DTTS"], DTTS: ["TAY", "NUNG"] }) as Record<string, string[]>)[c] ?? [],
  ethnicityChildCount: (c) => trees.ethnicityChildren(c).length,
};
let nextId = 1;
const fact = (
  place: string,
  value: number,
  o: { e?: string; g?: string; q?: Qualifier; doc?: number; rank?: string } = {},
): FactInput => ({
  id: String(nextId++),
  placeKey: place,
  ethnicityCode: o.e ?? "ALL",
  programmeCode: o.g ?? "ALL",
  value: new Decimal(value),
  qualifier: o.q ?? "EXACT",
  documentId: o.doc ?? 1,
  documentRank: o.rank ?? "2023-01-01",
});
const resolver = (facts: FactInput[], additive = true) => new CellResolver(directCells(facts, additive), trees);

describe("reported total beats sum of parts", () => {
  it("uses the province's own figure and never adds its districts to it", () => {
    const c = resolver([fact("P", 100), fact("D1", 60), fact("D2", 70)]).resolve("P", "ALL", "ALL")!;
    expect([c.value.toNumber(), c.derivation, c.figureIds.length]).toEqual([100, "REPORTED", 1]);
  });

  it("sums the districts when the province reported nothing, with coverage", () => {
    const c = resolver([fact("D1", 60), fact("D2", 70, { q: "AT_LEAST" })]).resolve("P", "ALL", "ALL")!;
    expect(c).toMatchObject({
      derivation: "SUM_OF_PARTS",
      partsDimension: "PLACE",
      coveredChildren: 2,
      totalChildren: 3,
      qualifier: "AT_LEAST",
    });
    expect(c.value.toNumber()).toBe(130);
  });

  it("falls back to programme parts, then to ethnic-group parts", () => {
    const r = resolver([
      fact("D1", 5, { g: "POOR" }),
      fact("D1", 7, { g: "NEAR" }),
      fact("D2", 3, { e: "TAY", g: "POOR" }),
      fact("D2", 4, { e: "NUNG", g: "POOR" }),
    ]);
    expect(r.resolve("D1", "ALL", "CREDIT")).toMatchObject({
      partsDimension: "PROGRAMME",
      coveredChildren: 2,
      totalChildren: 2,
    });
    expect(r.resolve("D2", "DTTS", "POOR")).toMatchObject({
      partsDimension: "ETHNICITY",
      coveredChildren: 2,
      totalChildren: 2,
    });
    expect(r.resolve("D2", "ALL", "POOR")!.value.toNumber()).toBe(7);
    expect(r.resolve("P", "ALL", "ALL")!.value.toNumber()).toBe(19);
  });

  it("keeps a DTTS-only figure a part of ALL: at least it, never the total (Kinh did not report)", () => {
    const r = resolver([
      fact("D1", 300, { e: "DTTS" }),
      fact("D2", 40, { e: "TAY" }),
      fact("D2", 2, { e: "NUNG", q: "ABOUT" }),
    ]);
    expect(r.resolve("D1", "DTTS", "ALL")).toMatchObject({ derivation: "REPORTED", qualifier: "EXACT" });
    const all = r.resolve("D1", "ALL", "ALL")!;
    expect([all.value.toNumber(), all.lower?.toNumber(), all.upper, all.qualifier]).toEqual([
      300,
      300,
      null,
      "AT_LEAST",
    ]);
    expect(all).toMatchObject({ partsDimension: "ETHNICITY", coveredChildren: 1, totalChildren: 2 });
    // every group reported: the sum is the total (an ABOUT part keeps it approximate)
    expect(r.resolve("D2", "DTTS", "ALL")).toMatchObject({ qualifier: "ABOUT", coveredChildren: 2, totalChildren: 2 });
    const both = resolver([fact("D1", 300, { e: "DTTS" }), fact("D1", 700, { e: "KINH" })]).resolve(
      "D1",
      "ALL",
      "ALL",
    )!;
    expect([both.value.toNumber(), both.qualifier]).toEqual([1000, "EXACT"]);
    // the province's ALL over its districts stays a lower bound
    const p = r.resolve("P", "ALL", "ALL")!;
    expect([p.value.toNumber(), p.upper, p.qualifier]).toEqual([342, null, "ABOUT"]);
    const exact = resolver([fact("D1", 300, { e: "DTTS" }), fact("D2", 5)]).resolve("P", "ALL", "ALL")!;
    expect([exact.value.toNumber(), exact.lower?.toNumber(), exact.upper, exact.qualifier]).toEqual([
      305,
      305,
      null,
      "AT_LEAST",
    ]);
  });

  it("prefers place parts over programme parts at the same place", () => {
    // P reported only its POOR loans; D1 reported the CREDIT total: P's CREDIT is the sum of districts
    const r = resolver([fact("P", 1000, { g: "POOR" }), fact("D1", 50, { g: "CREDIT" })]);
    expect(r.resolve("P", "ALL", "CREDIT")).toMatchObject({ partsDimension: "PLACE" });
    expect(r.resolve("P", "ALL", "CREDIT")!.value.toNumber()).toBe(50);
  });

  it("lets the latest document win for one cell and sums parts stated in one document", () => {
    const cells = directCells(
      [
        fact("P", 259, { doc: 1, rank: "2022-01-01" }),
        fact("P", 259, { doc: 2, rank: "2022-12-28" }),
        fact("P", 3, { doc: 2, rank: "2022-12-28" }),
      ],
      true,
    );
    expect([...cells.values()][0].value.toNumber()).toBe(262);
  });

  it("never sums a non-additive measure (a rate): one document's last figure stands", () => {
    const cells = directCells([fact("P", 1.69, { doc: 1 }), fact("P", 1.7, { doc: 1 })], false);
    expect([...cells.values()][0].value.toNumber()).toBe(1.7);
  });

  it("has no value where nothing under the cell was reported", () => {
    expect(resolver([fact("D1", 1, { e: "KINH" })]).resolve("P", "DTTS", "ALL")).toBeNull();
  });
});
