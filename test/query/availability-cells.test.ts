import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportDocument } from "../../src/ingest/import-format.ts";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { synthesize } from "../../src/ingest/synth/synthesize.ts";
import { dataAvailability, type AvailabilityDimension, type AvailabilityFilter } from "../../src/query/availability.ts";
import { ReferenceCache } from "../../src/query/reference-cache.ts";
import { renamed, seedDocument } from "../ingest/helpers.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// The availability tables (kept by figure's statement triggers, migration
// 20261202020000_availability_cells) against a recount of the figures after every way figures are
// written: an import, a correction that moves figures between cells and clears a flag, figures
// deleted by a re-import, flags set by hand (and a figure without a flags array), two writers of the
// same cells at once, a synthetic bulk load, a document removed, a TRUNCATE. And dataAvailability
// read from the tables answers exactly as the figure scan.
let db: TestDb;

const UNFLAGGED = `coalesce(NOT ('IMPLAUSIBLE' = ANY (flags)), false)`;
const RECOUNT: Record<string, string> = {
  availability_place: `SELECT document_id, place_key, period_start, period_end, unflagged, sum(n)::int, jsonb_object_agg(measure_code, n)
      FROM (SELECT document_id, place_key, period_start, period_end, ${UNFLAGGED} AS unflagged, measure_code, count(*)::int AS n
              FROM figure GROUP BY 1, 2, 3, 4, 5, 6) m
     GROUP BY 1, 2, 3, 4, 5`,
  availability_programme: `SELECT document_id, programme_code, kind, measure_code, period_start, period_end, ${UNFLAGGED}, count(*)::int
      FROM figure GROUP BY 1, 2, 3, 4, 5, 6, 7`,
};

const CASES: [AvailabilityFilter, AvailabilityDimension[]][] = [
  [{}, ["PLACE"]],
  [{ level: "PROVINCE" }, ["PLACE"]],
  [{ level: "DISTRICT", period: "2022" }, ["PLACE"]],
  [{ level: "PROVINCE", includeFlagged: true }, ["PLACE", "PERIOD"]],
  [{ place: "P-06-2008" }, ["PLACE", "DOCUMENT"]],
  [{}, ["PROGRAMME", "KIND"]],
  [{ includeFlagged: true }, ["PROGRAMME"]],
  [{ period: "2022", programme: "EDUCATION" }, ["KIND", "DOCUMENT"]],
  [{}, ["MEASURE", "PERIOD"]],
  // from availability_place: measures from its bit strings, or its count maps taken apart per measure
  [{ level: "REGION" }, ["PLACE", "DOCUMENT"]],
  [{ period: "2022", includeFlagged: true }, ["PLACE", "PERIOD", "DOCUMENT"]],
  [{ level: "DISTRICT", measures: ["poverty_rate", "spending_vnd"] }, ["PLACE"]],
  [{ level: "PROVINCE", measures: ["households_supported", "poor_households"], period: "2022" }, ["PLACE", "MEASURE"]],
  [{ level: "PROVINCE", place: "P-06-2008", measures: ["spending_vnd"] }, ["PLACE", "MEASURE", "DOCUMENT"]],
  // from the figures' index on kind and programme, rolled up through unitsAt's pairs
  [{ level: "PROVINCE", programme: "EDUCATION" }, ["PLACE"]],
  [{ level: "DISTRICT", kind: "ACTUAL", period: "2022" }, ["PLACE", "MEASURE"]],
  [{ programme: "EDUCATION", kind: "ACTUAL" }, ["PLACE", "DOCUMENT"]],
];

/** The columns RECOUNT recounts (availability_place's measure_mask is checked against its count map). */
const COUNTED: Record<string, string> = {
  availability_place: "document_id, place_key, period_start, period_end, unflagged, figures, measures",
  availability_programme: "*",
};
// the codes whose bit is set, against the count map's keys
const MASK_MISMATCHES = `SELECT count(*)::int AS n FROM availability_place a
  WHERE ARRAY(SELECT b.code FROM availability_measure_bit b
               WHERE b.bit < length(a.measure_mask) AND get_bit(a.measure_mask, b.bit) = 1 ORDER BY 1)
        IS DISTINCT FROM ARRAY(SELECT k FROM jsonb_object_keys(a.measures) k ORDER BY 1)
     OR length(a.measure_mask) % 64 <> 0`;

async function expectCellsToMatchFigures(): Promise<void> {
  for (const [table, recount] of Object.entries(RECOUNT)) {
    const stored = `SELECT ${COUNTED[table]} FROM ${table}`;
    const r = await db.pool.query(
      `SELECT (SELECT count(*) FROM (${recount} EXCEPT ${stored}) x)::int AS missing,
              (SELECT count(*) FROM (${stored} EXCEPT ${recount}) y)::int AS wrong`,
    );
    expect({ table, ...r.rows[0] }).toEqual({ table, missing: 0, wrong: 0 });
  }
  expect((await db.pool.query(MASK_MISMATCHES)).rows[0].n).toBe(0);
  const ref = await ReferenceCache.load(db.pool);
  for (const [filter, by] of CASES) {
    const fromFigures = await dataAvailability(db.pool, ref, filter, by, "figures");
    expect({ filter, by, rows: await dataAvailability(db.pool, ref, filter, by) }).toEqual({
      filter,
      by,
      rows: fromFigures,
    });
  }
}

const cellsOf = async (sourceKey: string) =>
  (
    await db.pool.query(
      `SELECT (SELECT count(*) FROM availability_place a JOIN document d ON d.id = a.document_id WHERE d.source_key = $1)::int AS place,
              (SELECT count(*) FROM availability_programme a JOIN document d ON d.id = a.document_id WHERE d.source_key = $1)::int AS programme`,
      [sourceKey],
    )
  ).rows[0];

const importAs = async (doc: ImportDocument) => {
  const s = await importDocument(db.pool, doc, { actor: "test" });
  expect(s.errors).toEqual([]);
  return s;
};

// Bạch Thông's report: its lunch and boarding spending are flagged as implausible.
const BACH_THONG = "003";
const A = "test/cells-a";
const B = "test/cells-b";

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.drop();
});

describe("the availability tables follow every write of figures", () => {
  it("hold the seeded figures, and the backfill rebuilds the same", async () => {
    await expectCellsToMatchFigures();
    await db.pool.query(`DELETE FROM availability_place; DELETE FROM availability_programme;
      SELECT availability_add('SELECT *, 1 AS s FROM figure')`);
    await expectCellsToMatchFigures();
  });

  it("add an import's figures, flagged ones apart", async () => {
    const s = await importAs(renamed(seedDocument(BACH_THONG), A));
    expect(s.flagged).toBeGreaterThan(0);
    await importAs(renamed(seedDocument("001"), B));
    expect(await cellsOf(A)).toEqual({ place: expect.any(Number), programme: expect.any(Number) });
    expect((await cellsOf(A)).place).toBeGreaterThan(0);
    await expectCellsToMatchFigures();
  });

  it("move figures when a correction changes their place, period or measure, and when it clears a flag", async () => {
    const doc = renamed(seedDocument(BACH_THONG), A);
    const lunch = doc.figures.find((f) => f.key === "lunch-spending-2022")!;
    lunch.text = "1.218 triệu đồng";
    lunch.quote = lunch.quote.replace("1.218.000 triệu đồng", "1.218 triệu đồng");
    const children = doc.figures.find((f) => f.key === "lunch-children-2022")!;
    children.place = "D-06-BA-BE";
    children.period = "2023";
    const s = await importAs(doc);
    expect(s.updated).toBeGreaterThan(0);
    await expectCellsToMatchFigures();
  });

  it("drop figures a re-import leaves out, and cells left empty", async () => {
    const doc = renamed(seedDocument(BACH_THONG), A);
    doc.figures = doc.figures.filter((f, i) => i % 3 === 0 || f.key.startsWith("lunch"));
    const s = await importAs(doc);
    expect(s.deleted).toBeGreaterThan(0);
    await expectCellsToMatchFigures();
  });

  it("follow flags set or cleared by hand, and a figure without a flags array", async () => {
    await db.pool.query(
      `UPDATE figure SET flags = CASE WHEN 'IMPLAUSIBLE' = ANY (flags) THEN '{}' ELSE ARRAY['IMPLAUSIBLE'] END
        WHERE document_id = (SELECT id FROM document WHERE source_key = $1)`,
      [B],
    );
    await db.pool.query(
      `UPDATE figure SET flags = NULL WHERE id = (SELECT min(id) FROM figure WHERE document_id = (SELECT id FROM document WHERE source_key = $1))`,
      [A],
    );
    await expectCellsToMatchFigures();
  });

  it("add up two writers of the same cells at once", async () => {
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      const ids = (
        await db.pool.query(
          `SELECT id FROM figure WHERE document_id = (SELECT id FROM document WHERE source_key = $1) ORDER BY id`,
          [B],
        )
      ).rows.map((r) => r.id);
      const half = ids.length >> 1;
      const flip = `UPDATE figure SET flags = CASE WHEN 'IMPLAUSIBLE' = ANY (coalesce(flags, '{}')) THEN '{}' ELSE ARRAY['IMPLAUSIBLE'] END WHERE id = ANY($1)`;
      await first.query("BEGIN");
      await second.query("BEGIN");
      await first.query(flip, [ids.slice(0, half)]);
      // waits on the cells' row locks until the first commits, then adds to what it committed
      const waiting = second.query(flip, [ids.slice(half)]);
      await new Promise((r) => setTimeout(r, 100));
      await first.query("COMMIT");
      await waiting;
      await second.query("COMMIT");
    } finally {
      first.release();
      second.release();
    }
    await Promise.all([
      importAs(renamed(seedDocument("002"), "test/cells-c")),
      importAs(renamed(seedDocument("002"), "test/cells-d")),
    ]);
    await expectCellsToMatchFigures();
  });

  it("keep the bit strings written before more codes were numbered, and read them padded", async () => {
    // 70 more codes numbered: strings written from now on are 64 bits longer
    await db.pool.query(
      `INSERT INTO availability_measure_bit (code) SELECT 'test-code-' || i FROM generate_series(1, 70) i`,
    );
    await importAs(renamed(seedDocument("004"), "test/cells-longer"));
    const lengths = await db.pool.query(`SELECT DISTINCT length(measure_mask) AS n FROM availability_place ORDER BY 1`);
    expect(lengths.rows.map((r) => r.n)).toEqual([64, 128]);
    await expectCellsToMatchFigures();
  });

  it("take in a synthetic load, which skips figure's triggers and adds its documents itself", async () => {
    const first = await synthesize(db.pool, { facts: 400, seed: 3, sourceKey: "test/cells-synth" });
    expect(first.foreignKeys).toBe("bulk");
    await expectCellsToMatchFigures();
    // a second run replaces the first one's documents
    const second = await synthesize(db.pool, { facts: 300, seed: 4, sourceKey: "test/cells-synth" });
    expect(second.replacedDocuments).toBe(first.documents);
    await expectCellsToMatchFigures();
  });

  it("lose a removed document's cells", async () => {
    await db.pool.query(`DELETE FROM document WHERE source_key = $1`, [A]);
    expect(await cellsOf(A)).toEqual({ place: 0, programme: 0 });
    await expectCellsToMatchFigures();
  });

  it("are emptied by a TRUNCATE", async () => {
    await db.pool.query(`TRUNCATE figure CASCADE`);
    const r = await db.pool.query(
      `SELECT (SELECT count(*) FROM availability_place)::int + (SELECT count(*) FROM availability_programme)::int AS n`,
    );
    expect(r.rows[0].n).toBe(0);
  });
});
