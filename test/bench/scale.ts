/**
 * Load and full rebuild at growing scales, cumulatively in one database: each step synthesizes the
 * figures that take the synthetic total up to the scale (seed = the scale, its own document), then
 * rebuilds every rollup: in one piece (rebuildAll: one connection, one snapshot), then as a worker
 * does by default (ROLLUP_FULL_CONNECTIONS, 2: its parts side by side, rebuildFull).
 */
import type pg from "pg";
import { synthesize } from "../../src/ingest/synth/synthesize.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { rebuildFull } from "../../src/rollup/split-rebuild.ts";
import { readConfig } from "../../src/shared/config.ts";
import { round, timed } from "./stats.ts";

export interface ScaleResult {
  scale: number;
  synthesized: number;
  figuresInTable: number;
  loadMs: number;
  loadFiguresPerSecond: number;
  /** The full rebuild as a worker runs it: on `rebuildConnections` connections at once. */
  rebuildMs: number;
  rebuildFiguresPerSecond: number;
  rebuildConnections: number;
  /** The same in one piece (one connection), for comparison. */
  rebuildOnePieceMs: number;
  rollupRows: number;
  rollupSlices: number;
  rollupTableMb: number;
  /** The physical limit beside the rebuild: one plain GROUP BY over the figures on the cell key. */
  plainGroupByMs: number;
  rollupRowsPerFigure: number;
  /** Units with figures below the province: the shape of the hierarchy the rollups walk. */
  districtsWithFigures: number;
  communesWithFigures: number;
}

/** Districts and communes that have figures (the rollup trees leave out the places without). */
export async function placesWithFigures(pool: pg.Pool): Promise<{ districts: number; communes: number }> {
  const r = await pool.query<{ districts: number; communes: number }>(
    `SELECT count(*) FILTER (WHERE p.level = 'DISTRICT')::int AS districts, count(*) FILTER (WHERE p.level = 'COMMUNE')::int AS communes
       FROM place p WHERE p.level IN ('DISTRICT', 'COMMUNE') AND EXISTS (SELECT 1 FROM figure f WHERE f.place_key = p.key)`,
  );
  return r.rows[0];
}

/** A plain GROUP BY of every figure on the seven key columns, summing the values: what any rebuild must at least do. */
async function plainGroupBy(pool: pg.Pool): Promise<number> {
  const t = await timed(() =>
    pool.query(`SELECT count(*) FROM (SELECT measure_code, kind, place_key, ethnicity_code, programme_code, period_start, period_end, sum(value)
      FROM figure GROUP BY 1, 2, 3, 4, 5, 6, 7) cells`),
  );
  return t.ms;
}

export async function benchScale(pool: pg.Pool, scale: number, synthesizedSoFar: number): Promise<ScaleResult> {
  const add = scale - synthesizedSoFar;
  const load = await timed(() => synthesize(pool, { facts: add, seed: scale, sourceKey: `synthetic/bench-${scale}` }));
  const figuresInTable = Number((await pool.query("SELECT count(*) n FROM figure")).rows[0].n);
  const onePiece = await timed(() => rebuildAll(pool));
  const connections = readConfig().rollupFullConnections;
  const rebuild = connections > 1 ? await timed(() => rebuildFull(pool, connections)) : onePiece;
  const limitMs = await plainGroupBy(pool);
  const places = await placesWithFigures(pool);
  const size = Number((await pool.query("SELECT pg_total_relation_size('rollup') b")).rows[0].b);
  return {
    scale,
    synthesized: load.result.inserted,
    figuresInTable,
    loadMs: round(load.ms),
    loadFiguresPerSecond: round(load.result.inserted / (load.ms / 1000), 0),
    rebuildMs: round(rebuild.ms),
    rebuildFiguresPerSecond: round(figuresInTable / (rebuild.ms / 1000), 0),
    rebuildConnections: connections,
    rebuildOnePieceMs: round(onePiece.ms),
    rollupRows: rebuild.result.rows,
    rollupSlices: rebuild.result.slices,
    rollupTableMb: round(size / 1024 / 1024, 1),
    plainGroupByMs: round(limitMs),
    rollupRowsPerFigure: round(rebuild.result.rows / figuresInTable, 2),
    districtsWithFigures: places.districts,
    communesWithFigures: places.communes,
  };
}
