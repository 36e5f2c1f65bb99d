/**
 * Incremental refresh: import a document, refresh the slices it touched (as the worker would, but in
 * this process), and time until a rollup cell it must change shows the new figure. Two reports: a
 * national one (1,000 figures over leaf places across the country: the refresh covers nearly whole
 * slices), a province's (its districts only: the refresh covers them and their ancestors) and a
 * district's (its communes: the refresh climbs commune, district, province, region, nation).
 */
import type pg from "pg";
import { performance } from "node:perf_hooks";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { importReferenceOf } from "../../src/ingest/import/reference-cache.ts";
import { refreshSlices, type RunResult } from "../../src/rollup/rebuild.ts";
import type { Slice } from "../../src/shared/slices.ts";
import { buildImportDocument, valueOf, type Place } from "./import-doc.ts";
import { round } from "./stats.ts";

export const REPORT_SCOPES = ["nation", "province", "district"] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

export interface IncrementalResult {
  scope: string;
  figures: number;
  status: string;
  slices: number;
  /** Rollup rows the refresh deleted, updated or inserted (cells that came out the same are not written). */
  refreshedRows: number;
  /** refreshedRows over the figures the import added or changed. */
  rowsPerFigure: number;
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

interface LocalReport {
  /** "Thanh Hóa (26 districts)". */
  scope: string;
  places: Place[];
}

/** The districts of the pre-2025 province with the most districts. */
async function provinceDistricts(pool: pg.Pool): Promise<LocalReport> {
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
  return { scope: `${province.name} (${places.length} districts)`, places };
}

/** The communes of the district with the most communes valid throughout 2024. */
async function districtCommunes(pool: pg.Pool): Promise<LocalReport> {
  const valid = (t: string) => `${t}.valid_from <= '2024-01-01' AND ${t}.valid_to >= '2024-12-31'`;
  const district = (
    await pool.query<{ key: string; name: string }>(
      `SELECT d.key, d.name FROM place d JOIN place c ON c.parent_key = d.key AND c.level = 'COMMUNE' AND ${valid("c")}
        WHERE d.level = 'DISTRICT' AND ${valid("d")} GROUP BY d.key, d.name ORDER BY count(*) DESC, d.key LIMIT 1`,
    )
  ).rows[0];
  const places = (
    await pool.query<Place>(
      `SELECT key, name FROM place c WHERE parent_key = $1 AND level = 'COMMUNE' AND ${valid("c")} ORDER BY key`,
      [district.key],
    )
  ).rows;
  return { scope: `${district.name} (${places.length} communes)`, places };
}

/** The places a report of this scope covers, and its name. */
export async function reportPlaces(pool: pg.Pool, scope: ReportScope): Promise<LocalReport> {
  if (scope === "province") return provinceDistricts(pool);
  if (scope === "district") return districtCommunes(pool);
  return { scope: "nation", places: await leafPlaces(pool) };
}

export async function benchIncremental(
  pool: pg.Pool,
  n: number,
  scope: ReportScope = "nation",
): Promise<IncrementalResult> {
  const local = scope === "nation" ? null : await reportPlaces(pool, scope);
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
  // Loaded before the clock starts, as an API process holds it once its first import loaded it (0.2 s
  // at the whole country's reference): the import below only checks its version, as each import does.
  await importReferenceOf(pool).get(pool);
  const t0 = performance.now();
  const summary = await importDocument(pool, doc, {
    actor: "bench",
    reference: await importReferenceOf(pool).get(pool), // kept across runs, as the API keeps it
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
    scope: local ? local.scope : "nation",
    figures: summary.imported + summary.updated,
    status: summary.status,
    slices: r?.slices ?? 0,
    refreshedRows: r?.rows ?? 0,
    rowsPerFigure: round((r?.rows ?? 0) / Math.max(1, summary.imported + summary.updated + summary.deleted)),
    importMs: round(importMs),
    refreshMs: round(refreshMs),
    totalMs: round(totalMs),
    checkedCell: `${probe.place} ${probe.measure} 2024 ALL/ALL`,
    before: show(before),
    after: show(after),
  };
}
