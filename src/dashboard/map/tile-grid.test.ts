import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adjacent, TILES, tilesByProvince, type Tile } from "./tile-grid.ts";

const csv = (name: string) =>
  readFileSync(new URL(`../../reference/data/${name}`, import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
const OLD_CODES = csv("provinces-2024.csv").map(([code]) => code);
const NEW_CODE_OF = new Map(csv("provinces-2025-merger.csv").map(([, newCode, oldCode]) => [oldCode, newCode]));

/** Tiles reachable from the first one through shared edges. */
function connected(tiles: readonly Tile[]): number {
  const seen = new Set<Tile>([tiles[0]]);
  const queue = [tiles[0]];
  while (queue.length) {
    const t = queue.pop()!;
    for (const n of tiles)
      if (!seen.has(n) && adjacent(t, n)) {
        seen.add(n);
        queue.push(n);
      }
  }
  return seen.size;
}

describe("the province tile grid", () => {
  it("has one tile for each of the 63 provinces before July 2025, no two on one cell", () => {
    expect(TILES.map((t) => t.code).sort()).toEqual([...OLD_CODES].sort());
    expect(new Set(TILES.map((t) => `${t.col},${t.row}`)).size).toBe(63);
  });

  it("draws one country: every tile reachable from every other through shared edges", () => {
    expect(connected(TILES)).toBe(TILES.length);
  });

  it("keeps north above south: Hà Giang's row above Hà Nội's, Hà Nội's above Huế's, Huế's above Cà Mau's", () => {
    const rowOf = (code: string) => TILES.find((t) => t.code === code)!.row;
    expect(rowOf("02")).toBeLessThan(rowOf("01"));
    expect(rowOf("01")).toBeLessThan(rowOf("46"));
    expect(rowOf("46")).toBeLessThan(rowOf("96"));
  });

  it("draws each of the 34 provinces of 1 July 2025 as the union of its old provinces' tiles, all touching", () => {
    const merged = tilesByProvince((old) => NEW_CODE_OF.get(old)!);
    expect(merged.size).toBe(34);
    expect([...merged.values()].flat()).toHaveLength(63);
    for (const [code, tiles] of merged)
      expect({ code, reachable: connected(tiles) }).toEqual({ code, reachable: tiles.length });
  });
});
