/**
 * Incremental refresh: import a document, refresh the slices it touched (as the worker would, but in
 * this process), and time until a rollup cell it must change shows the new figure. Two reports: a
 * national one (1,000 figures over leaf places across the country: the refresh covers nearly whole
 * slices), a province's (its districts only: the refresh covers them and their ancestors) and a
 * district's (its own figures, every measure and ethnicity the document builder has: 16 figures).
 */
import type pg from "pg";
import { performance } from "node:perf_hooks";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { refreshSlices, type RunResult } from "../../src/rollup/rebuild.ts";
import type { Slice } from "../../src/shared/slices.ts";
import { buildImportDocument, valueOf, type Place } from "./import-doc.ts";
import { round } from "./stats.ts";

export type ReportScope = "nation" | "province" | "district";

export interface IncrementalResult {
  scope: string;
  figures: number;
  status: string;
  slices: number;
  refreshedRows: number;
  importMs: number;
  refreshMs: number;
  totalMs: number;
  checkedCell: string;
  before: string | null;
  after: string | null;
}

/** Leaf places valid in 2024, as the synthesizer chooses them. */
async function leafPlaces(pool: pg.Pool): Promise<Place[]> {
  return (
    await pool.query<Place>(
      `SELECT key, name FROM place
      WHERE (level = 'DISTRICT' AND valid_from <= '2024-01-01' AND valid_to >= '2024-12-31')
         OR (level = 'PROVINCE' AND valid_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM place d WHERE d.parent_key = place.key))
      ORDER BY key`,
    )
  ).rows;
}

async function cellOf(
  pool: pg.Pool,
  placeKey: string,
  measure: string,
): Promise<{ value: string; derivation: string } | null> {
  const r = await pool.query(
    `SELECT value::text, derivation::text FROM rollup WHERE boundary = 'AS_REPORTED' AND measure_code = $1 AND kind = 'ACTUAL'
        AND place_key = $2 AND ethnicity_code = 'ALL' AND programme_code = 'ALL' AND period_start = '2024-01-01' AND period_end = '2024-12-31'`,
    [measure, placeKey],
  );
  return r.rows[0] ?? null;
}

/** The districts of the pre-2025 province with the most districts. */
async function provinceDistricts(pool: pg.Pool): Promise<{ province: string; places: Place[] }> {
  const province = (
    await pool.query<{ key: string; name: string }>(
      `SELECT p.key, p.name FROM place p JOIN place d ON d.parent_key = p.key AND d.level = 'DISTRICT' AND d.valid_to >= '2024-12-31'
      WHERE p.level = 'PROVINCE' AND p.valid_to IS NOT NULL GROUP BY p.key, p.name ORDER BY count(*) DESC, p.key LIMIT 1`,
    )
  ).rows[0];
  const places = (
    await pool.query<Place>(
      `SELECT key, name FROM place WHERE parent_key = $1 AND level = 'DISTRICT' AND valid_from <= '2024-01-01' AND valid_to >= '2024-12-31' ORDER BY key`,
      [province.key],
    )
  ).rows;
  return { province: province.name, places };
}

export async function benchIncremental(
  pool: pg.Pool,
  n: number,
  scope: ReportScope = "nation",
): Promise<IncrementalResult> {
  const province = scope === "nation" ? null : await provinceDistricts(pool);
  const local = province && scope === "district" ? { ...province, places: province.places.slice(0, 1) } : province;
  const places = local ? local.places : await leafPlaces(pool);
  const salt = { nation: 0, province: 1, district: 2 }[scope];
  const doc = buildImportDocument(
    places,
    local ? Math.min(n, places.length * 16) : n,
    `bench/incremental-${scope}-${process.pid}`,
    salt,
  );
  // Figure 0 is the only figure of its cell (ALL × ALL at a leaf place): the cell must become it, REPORTED.
  const probe = doc.figures[0];
  const expected = String(valueOf(0, salt));
  const show = (c: { value: string; derivation: string } | null) =>
    c ? `${c.value.replace(/\.0+$/, "")} ${c.derivation}` : null;
  const before = await cellOf(pool, probe.place, probe.measure);

  let importMs = 0;
  let refresh: RunResult | null = null;
  let refreshMs = 0;
  const t0 = performance.now();
  const summary = await importDocument(pool, doc, {
    actor: "bench",
    onCommitted: async (touched: Slice[]) => {
      importMs = performance.now() - t0;
      refresh = await refreshSlices(pool, touched);
      refreshMs = performance.now() - t0 - importMs;
    },
  });
  if (summary.errors.length) throw new Error(`benchmark import refused: ${JSON.stringify(summary.errors.slice(0, 3))}`);
  let after = await cellOf(pool, probe.place, probe.measure);
  const giveUp = performance.now() + 30_000;
  while (
    !(after && after.derivation === "REPORTED" && after.value.replace(/\.0+$/, "") === expected) &&
    performance.now() < giveUp
  ) {
    await new Promise((r) => setTimeout(r, 20));
    after = await cellOf(pool, probe.place, probe.measure);
  }
  const totalMs = performance.now() - t0;
  const reflected = after && after.derivation === "REPORTED" && after.value.replace(/\.0+$/, "") === expected;
  if (!reflected)
    throw new Error(
      `the rollup did not reflect the import: ${probe.place} ${probe.measure} 2024 is ${show(after)}, expected ${expected} REPORTED`,
    );
  const r = refresh as RunResult | null;
  return {
    scope: !local
      ? "nation"
      : scope === "district"
        ? `${places[0].name} (a district)`
        : `${local.province} (${places.length} districts)`,
    figures: summary.imported + summary.updated,
    status: summary.status,
    slices: r?.slices ?? 0,
    refreshedRows: r?.rows ?? 0,
    importMs: round(importMs),
    refreshMs: round(refreshMs),
    totalMs: round(totalMs),
    checkedCell: `${probe.place} ${probe.measure} 2024 ALL/ALL`,
    before: show(before),
    after: show(after),
  };
}
