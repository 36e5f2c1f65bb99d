/**
 * A tile-grid map of Vietnam's provinces: one equal square per province, laid out like the country, as
 * newsrooms draw it. It needs no boundary data (no open-licensed admin-1 shapes can be had here). A province
 * of 1 July 2025 is drawn as the union of the tiles of the old provinces it was made of, so the 63-province
 * and the 34-province maps share one layout and a merged province keeps its real extent.
 */

export interface Tile {
  /** GSO code of the pre-2025 province the tile stands for. */
  code: string;
  /** Column, west to east. */
  col: number;
  /** Row, north to south. */
  row: number;
}

/** Laid out by hand from the provinces' positions: [GSO code, column, row]. */
const LAYOUT: readonly (readonly [string, number, number])[] = [
  ["12", 4, 0],
  ["10", 5, 0],
  ["02", 6, 0],
  ["04", 7, 0],
  ["11", 3, 1],
  ["14", 4, 1],
  ["15", 5, 1],
  ["08", 6, 1],
  ["06", 7, 1],
  ["20", 8, 1],
  ["25", 5, 2],
  ["26", 6, 2],
  ["19", 7, 2],
  ["24", 8, 2],
  ["22", 9, 2],
  ["17", 5, 3],
  ["01", 6, 3],
  ["33", 7, 3],
  ["27", 8, 3],
  ["30", 9, 3],
  ["35", 6, 4],
  ["34", 7, 4],
  ["31", 9, 4],
  ["38", 5, 5],
  ["37", 6, 5],
  ["36", 7, 5],
  ["40", 5, 6],
  ["42", 6, 6],
  ["44", 6, 7],
  ["45", 6, 8],
  ["46", 6, 9],
  ["48", 7, 9],
  ["49", 7, 10],
  ["62", 6, 11],
  ["51", 7, 11],
  ["64", 6, 12],
  ["52", 7, 12],
  ["66", 6, 13],
  ["54", 7, 13],
  ["67", 5, 14],
  ["68", 6, 14],
  ["56", 7, 14],
  ["72", 3, 15],
  ["70", 4, 15],
  ["75", 5, 15],
  ["60", 6, 15],
  ["58", 7, 15],
  ["89", 1, 16],
  ["87", 2, 16],
  ["80", 3, 16],
  ["74", 4, 16],
  ["79", 5, 16],
  ["77", 6, 16],
  ["91", 1, 17],
  ["82", 2, 17],
  ["83", 3, 17],
  ["93", 1, 18],
  ["92", 2, 18],
  ["86", 3, 18],
  ["84", 4, 18],
  ["96", 0, 19],
  ["95", 1, 19],
  ["94", 2, 19],
];

export const TILES: readonly Tile[] = LAYOUT.map(([code, col, row]) => ({ code, col, row }));

export const GRID_SIZE = {
  cols: Math.max(...TILES.map((t) => t.col)) + 1,
  rows: Math.max(...TILES.map((t) => t.row)) + 1,
};

/**
 * The tiles of each province of a boundary version: `successorOf` maps an old province's GSO code to the code
 * of the province it belongs to (identity before 1 July 2025; the merger table after).
 */
export function tilesByProvince(
  successorOf: (oldCode: string) => string,
  tiles: readonly Tile[] = TILES,
): Map<string, Tile[]> {
  const byProvince = new Map<string, Tile[]>();
  for (const tile of tiles) {
    const owner = successorOf(tile.code);
    byProvince.set(owner, [...(byProvince.get(owner) ?? []), tile]);
  }
  return byProvince;
}

/** Whether two tiles touch by an edge. */
export const adjacent = (a: Tile, b: Tile) => Math.abs(a.col - b.col) + Math.abs(a.row - b.row) === 1;
