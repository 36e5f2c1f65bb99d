import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportDocument, ImportFigure } from "../../src/ingest/import-format.ts";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const QUOTE =
  "Năm 2023, tỷ lệ hộ nghèo toàn tỉnh còn 8,11%, giảm 4,2% so với năm trước; dự kiến năm 2024 còn khoảng 6%";
const doc = (
  sourceKey: string,
  figures: Partial<ImportFigure>[],
  extra: Partial<ImportDocument> = {},
): ImportDocument => ({
  document: {
    sourceKey,
    title: "Gia Lai",
    publisher: null,
    author: null,
    publishedAt: "2024-01-15",
    url: null,
    fileName: null,
  },
  figures: figures.map((f, i) => ({
    key: `f${i}`,
    place: "64",
    measure: "poverty_rate",
    period: "2023",
    text: "8,11%",
    quote: QUOTE,
    ...f,
  })),
  ...extra,
});
const run = (d: ImportDocument) => importDocument(db.pool, d, { actor: "test" });
const stored = async (sourceKey: string) =>
  (
    await db.pool.query(
      `SELECT f.figure_key, f.value::float8 AS value, f.value_type::text, f.status::text, f.base, f.period_start::text, f.period_end::text
     FROM figure f JOIN document d ON d.id = f.document_id WHERE d.source_key = $1 ORDER BY f.figure_key`,
      [sourceKey],
    )
  ).rows;

describe("value forms through the import", () => {
  it("reads level, change and estimate from the quote, and periods in the report's words", async () => {
    const s = await run(
      doc("vf/read", [
        { period: "cuối năm 2023" },
        { text: "4,2%" },
        { text: "khoảng 6%", period: "năm 2024", kind: "PLAN" },
      ]),
    );
    expect(s.errors).toEqual([]);
    expect(await stored("vf/read")).toEqual([
      {
        figure_key: "f0",
        value: 8.11,
        value_type: "LEVEL",
        status: "A",
        base: null,
        period_start: "2023-12-31",
        period_end: "2023-12-31",
      },
      {
        figure_key: "f1",
        value: -4.2,
        value_type: "CHANGE",
        status: "A",
        base: "so với năm trước",
        period_start: "2023-01-01",
        period_end: "2023-12-31",
      },
      {
        figure_key: "f2",
        value: 6,
        value_type: "LEVEL",
        status: "E",
        base: null,
        period_start: "2024-01-01",
        period_end: "2024-12-31",
      },
    ]);
  });

  it("refuses what the sentence contradicts, funding parts of a count, and period words without a publication date", async () => {
    const d = doc("vf/bad", [
      { text: "4,2%", valueType: "SHARE", base: "x" },
      { measure: "poor_households", text: "8,11%", fundingSource: "CENTRAL" },
      { period: "31/5" },
      { valueType: "CHANGE" },
    ]);
    d.document.publishedAt = null;
    const s = await run(d);
    expect(s.status).toBe("ERROR");
    expect(s.errors.map((e) => [e.row, e.field])).toEqual([
      [1, "valueType"],
      [2, "fundingSource"],
      [3, "period"],
      [4, "valueType"],
      [2, "text"],
    ]);
    expect(s.errors[0].reason).toMatch(/makes this CHANGE, not SHARE/);
    expect(s.errors[2].reason).toMatch(/publication date/);
    expect(s.errors[3].reason).toMatch(/needs a direction/);
  });

  it("keeps a document whose figures cannot be recorded, with the reasons, and updates the list on re-import", async () => {
    const notRecorded = [{ text: "8,11%", quote: QUOTE, reason: "the place is a group of communes" }];
    const first = await run(doc("vf/none", [], { notRecorded }));
    expect(first).toMatchObject({ status: "CREATED", imported: 0, notRecorded: 1, errors: [] });
    expect((await run(doc("vf/none", [], { notRecorded }))).status).toBe("UNCHANGED");
    const again = await run(doc("vf/none", [], { notRecorded: [{ ...notRecorded[0], reason: "another reason" }] }));
    expect(again).toMatchObject({ status: "UPDATED", version: 2 });
    const rows = (
      await db.pool.query(
        `SELECT n.reason FROM not_recorded_figure n JOIN document d ON d.id = n.document_id WHERE d.source_key = 'vf/none'`,
      )
    ).rows;
    expect(rows).toEqual([{ reason: "another reason" }]);
  });

  it("still refuses a document with neither figures nor figures not recorded", async () => {
    const s = await run(doc("vf/empty", []));
    expect(s.errors).toEqual([{ row: 0, field: "figures", reason: expect.stringMatching(/no figures.*notRecorded/) }]);
  });

  it("refuses a figure not recorded whose quote does not hold its text", async () => {
    const s = await run(doc("vf/nr-bad", [], { notRecorded: [{ text: "9%", quote: QUOTE, reason: "r" }] }));
    expect(s.errors).toEqual([
      { row: 0, field: "notRecorded[0].quote", reason: expect.stringMatching(/does not contain/) },
    ]);
  });
});

describe("the seed dataset's value forms", () => {
  it("are all levels: 'giảm 3%' of poverty_rate_reduction is that measure's level, not a change of it", async () => {
    const { loadSeed } = await import("../../src/ingest/seed/load-seed.ts");
    const seedDb = await createTestDb();
    try {
      const summaries = await loadSeed(seedDb.pool);
      expect(summaries.flatMap((x) => x.errors)).toEqual([]);
      expect(summaries.reduce((n, x) => n + x.imported, 0)).toBeGreaterThan(100);
      const rows = (
        await seedDb.pool.query(
          `SELECT measure_code, value_type::text, value::float8 AS value, raw_text FROM figure WHERE value_type <> 'LEVEL' ORDER BY id`,
        )
      ).rows;
      expect(rows).toEqual([]);
    } finally {
      await seedDb.drop();
    }
  }, 60_000);
});
