import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import { rebuildAll, refreshSlices, type RunResult } from "../../src/rollup/rebuild.ts";
import type { Slice } from "../../src/shared/slices.ts";
import { rollupRows } from "../support/rollup-rows.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// A corrected re-import keeps its figures (matched on their keys: same ids) and its refresh writes
// only the cells whose values changed: the corrected figure's cell and the cells above it, not every
// cell of the places it recomputes.
let db: TestDb;

const DISTRICTS: [key: string, name: string][] = [
  ["D-06-BACH-THONG", "huyện Bạch Thông"],
  ["D-06-BA-BE", "huyện Ba Bể"],
  ["D-06-NA-RI", "huyện Na Rì"],
];

function report(values: number[]): ImportDocument {
  return {
    document: {
      sourceKey: "test/refresh-writes",
      title: "Báo cáo giảm nghèo năm 2024",
      publisher: "test",
      author: null,
      publishedAt: "2025-02-01",
      url: null,
      fileName: null,
    },
    figures: values.map((v, i) => {
      const [place, name] = DISTRICTS[i % DISTRICTS.length];
      const period = i < DISTRICTS.length ? "2024" : "quý I/2024";
      const text = `${v} hộ`;
      return {
        key: `f${i}`,
        place,
        ethnicity: "ALL",
        programme: "ALL",
        measure: "households_supported",
        period,
        kind: "ACTUAL",
        text,
        quote: `Năm 2024, ${name} đã hỗ trợ ${text}.`,
      };
    }),
  };
}

async function importAndRefresh(doc: ImportDocument): Promise<{ refresh: RunResult | null; updated: number }> {
  let refresh: RunResult | null = null;
  const summary = await importDocument(db.pool, doc, {
    actor: "test",
    onCommitted: async (touched: Slice[]) => {
      refresh = await refreshSlices(db.pool, touched);
    },
  });
  expect(summary.errors).toEqual([]);
  return { refresh, updated: summary.updated };
}

const figureIds = async () =>
  (await db.pool.query(`SELECT figure_key, id::text FROM figure WHERE figure_key LIKE 'f%' ORDER BY 1`)).rows;

beforeAll(async () => {
  db = await createTestDb();
  await importAndRefresh(report([120, 80, 45, 30, 20, 10]));
  await rebuildAll(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe("a corrected re-import", () => {
  it("keeps the figures' ids and rewrites only the cells above the corrected figure", async () => {
    const ids = await figureIds();
    const { refresh, updated } = await importAndRefresh(report([120, 81, 45, 30, 20, 10]));
    expect(updated).toBe(1);
    expect(await figureIds()).toEqual(ids);
    // Ba Bể's year cell and its district-to-nation ancestors under both boundaries (Bắc Kạn → Thái
    // Nguyên in 2025): at most 8 cells, though the refresh recomputes every cell of those places.
    expect(refresh!.rows).toBeGreaterThan(0);
    expect(refresh!.rows).toBeLessThanOrEqual(8);
    const refreshed = await rollupRows(db.pool);
    expect(refreshed.get("AS_REPORTED|households_supported|ACTUAL|D-06-BA-BE|ALL|ALL|2024-01-01|2024-12-31")).toMatch(
      /^81\.000000\|/,
    );
    await rebuildAll(db.pool);
    expect(await rollupRows(db.pool)).toEqual(refreshed);
  }, 60_000);

  it("writes nothing when the corrected value comes out the same in every cell", async () => {
    const { refresh } = await importAndRefresh({
      ...report([120, 81, 45, 30, 20, 10]),
      figures: report([120, 81, 45, 30, 20, 10]).figures.map((f, i) =>
        i === 0 ? { ...f, quote: `Theo báo cáo, ${f.quote}` } : f,
      ),
    });
    expect(refresh!.rows).toBe(0);
  }, 60_000);
});
