import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { listSeedDocuments } from "../../src/ingest/seed/documents.ts";
import { loadSeed, loadSeedIfEmpty } from "../../src/ingest/seed/load-seed.ts";
import type { Slice } from "../../src/shared/slices.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { figureRow, renamed, seedDocument, snapshot } from "./helpers.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const seeds = listSeedDocuments();
const totalFigures = seeds.reduce((n, d) => n + d.figures.length, 0);

describe("seed load", () => {
  it("imports every seed document, once", async () => {
    const summaries = await loadSeedIfEmpty(db.pool);
    expect(summaries).not.toBeNull();
    expect(summaries!.map((s) => s.status)).toEqual(seeds.map(() => "CREATED"));
    for (const [i, s] of summaries!.entries()) {
      expect(s).toMatchObject({
        sourceKey: seeds[i].document.sourceKey,
        version: 1,
        imported: seeds[i].figures.length,
        updated: 0,
        deleted: 0,
        ignored: 0,
        errors: [],
      });
      expect(s.touched.length).toBeGreaterThan(0);
    }
    const counts = await db.pool
      .query(`SELECT (SELECT count(*) FROM figure)::int AS f, (SELECT count(*) FROM document)::int AS d,
      (SELECT count(*) FROM figure_audit WHERE action = 'INSERT' AND actor = 'seed')::int AS a`);
    expect(counts.rows[0]).toEqual({ f: totalFigures, d: seeds.length, a: totalFigures });
    expect(await loadSeedIfEmpty(db.pool)).toBeNull();
  });

  it("stores the values the reports give", async () => {
    const row = (doc: string, key: string) => figureRow(db.pool, `seed/${doc}`, key);
    expect(await row("000_25442aa91860a0f0", "health-insurance-cards-2021")).toMatchObject({
      place_key: "P-20-2008",
      measure_code: "health_insurance_cards",
      period_start: "2021-01-01",
      period_end: "2021-12-31",
      value: "269316.000000",
      qualifier: "EXACT",
      raw_text: "269.316 thẻ",
      flags: [],
    });
    expect(await row("001_2ddaf8eb7a8f073c", "credit-disbursed-2023-01-2024-05")).toMatchObject({
      place_key: "P-80-2008",
      measure_code: "loans_disbursed_vnd",
      period_start: "2023-01-01",
      period_end: "2024-05-31",
      value: "3000000000000.000000",
      qualifier: "NEARLY",
    });
    expect(await row("003_6e80bded62f7b578", "jobs-workers-2022")).toMatchObject({
      kind: "ACTUAL",
      value: "727.000000",
      measure_code: "workers_employed",
      place_key: "D-06-BACH-THONG",
    });
    expect(await row("003_6e80bded62f7b578", "jobs-workers-plan-2022")).toMatchObject({
      kind: "PLAN",
      value: "700.000000",
      measure_code: "workers_employed",
    });
    expect(await row("004_514c6c2de4e5625c", "poverty-rate-giang-thanh-2020")).toMatchObject({
      place_key: "D-91-GIANG-THANH",
      value: "7.960000",
      measure_code: "poverty_rate",
    });
    expect(await row("001_2ddaf8eb7a8f073c", "credit-household-occasions-2023-01-2024-05")).toMatchObject({
      value: "68000.000000",
      qualifier: "AT_LEAST",
      measure_code: "occasions_households",
    });
    expect(await row("000_25442aa91860a0f0", "education-pupil-occasions-2021")).toMatchObject({
      measure_code: "occasions_pupils",
    });
    expect(await row("003_6e80bded62f7b578", "job-loans-disbursed-2022")).toMatchObject({ value: "2044000000.000000" });
  });

  it("stores the Bạch Thông lunch figure as reported, flagged, with a reason and the likely value", async () => {
    const lunch = await figureRow(db.pool, "seed/003_6e80bded62f7b578", "lunch-spending-2022");
    expect(lunch).toMatchObject({
      value: "1218000000000.000000",
      flags: ["IMPLAUSIBLE"],
      suggested_value: "1218000000.000000",
    });
    expect(lunch.flag_reason).toMatch(/EDU-LUNCH/);
    expect(lunch.flag_reason).toMatch(/1735/);
    const unflagged = await figureRow(db.pool, "seed/003_6e80bded62f7b578", "lunch-children-2022");
    expect(unflagged).toMatchObject({ flags: [], flag_reason: null, suggested_value: null });
  });

  it("changes nothing when the same documents are imported again", async () => {
    const before = await snapshot(db.pool);
    const again = await loadSeed(db.pool);
    expect(again.map((s) => s.status)).toEqual(seeds.map(() => "UNCHANGED"));
    for (const [i, s] of again.entries()) {
      expect(s).toMatchObject({
        version: 1,
        imported: 0,
        updated: 0,
        deleted: 0,
        ignored: seeds[i].figures.length,
        touched: [],
      });
    }
    expect(again.find((s) => s.sourceKey === "seed/003_6e80bded62f7b578")!.flagged).toBe(2);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it("sees through spelling: defaults written out or left out, figures in another order", async () => {
    const doc = seedDocument("001");
    for (const f of doc.figures) {
      delete f.ethnicity;
      if (f.programme === "ALL") delete f.programme;
      if (f.kind === "ACTUAL") delete f.kind;
    }
    doc.figures.reverse();
    const before = await snapshot(db.pool);
    const s = await importDocument(db.pool, doc, { actor: "test" });
    expect(s.status).toBe("UNCHANGED");
    expect(await snapshot(db.pool)).toEqual(before);
  });
});

describe("corrected re-import", () => {
  const sourceKey = "test/corrected-001";

  it("updates, inserts and deletes exactly what changed, audited old → new", async () => {
    const original = renamed(seedDocument("001"), sourceKey);
    expect((await importDocument(db.pool, original, { actor: "alice" })).status).toBe("CREATED");

    const corrected = structuredClone(original);
    const changed = corrected.figures.find((f) => f.key === "credit-household-occasions-2023-01-2024-05")!;
    changed.text = "trên 68.100 lượt hộ";
    changed.quote = changed.quote.replace("68.000", "68.100");
    const removedKey = "near-poverty-rate-2024-01-01";
    corrected.figures = corrected.figures.filter((f) => f.key !== removedKey);
    corrected.figures.push({
      key: "electricity-occasions-2022",
      place: "80",
      programme: "ELECTRICITY",
      measure: "occasions_households",
      period: "2022",
      text: "4.100 lượt hộ",
      quote: "năm 2022 đã hỗ trợ 4.100 lượt hộ",
    });

    const auditsBefore = (await db.pool.query(`SELECT count(*)::int AS n FROM figure_audit`)).rows[0].n;
    const s = await importDocument(db.pool, corrected, { actor: "bob" });
    expect(s).toMatchObject({
      status: "UPDATED",
      version: 2,
      imported: 1,
      updated: 1,
      deleted: 1,
      ignored: original.figures.length - 2,
      errors: [],
    });
    expect(s.touched).toEqual(
      expect.arrayContaining([
        {
          measureCode: "occasions_households",
          kind: "ACTUAL",
          periodStart: "2023-01-01",
          periodEnd: "2024-05-31",
          places: ["P-80-2008"],
          ethnicities: ["ALL"],
          programmes: ["CREDIT"],
        },
        {
          measureCode: "occasions_households",
          kind: "ACTUAL",
          periodStart: "2022-01-01",
          periodEnd: "2022-12-31",
          places: ["P-80-2008"],
          ethnicities: ["ALL"],
          programmes: ["ELECTRICITY"],
        },
        {
          measureCode: "near_poverty_rate",
          kind: "ACTUAL",
          periodStart: "2024-01-01",
          periodEnd: "2024-01-01",
          places: ["P-80-2008"],
          ethnicities: ["ALL"],
          programmes: ["ALL"],
        },
      ]),
    );
    expect(s.touched).toHaveLength(3);

    expect(await figureRow(db.pool, sourceKey, "credit-household-occasions-2023-01-2024-05")).toMatchObject({
      value: "68100.000000",
      raw_text: "trên 68.100 lượt hộ",
    });
    expect(await figureRow(db.pool, sourceKey, "electricity-occasions-2022")).toMatchObject({
      place_key: "P-80-2008",
      value: "4100.000000",
    });
    expect(await figureRow(db.pool, sourceKey, removedKey)).toBeNull();

    const audits = await db.pool.query(
      `SELECT a.figure_key, a.action::text, a.old_value, a.new_value, a.actor FROM figure_audit a JOIN document d ON d.id = a.document_id
        WHERE d.source_key = $1 AND a.actor = 'bob' ORDER BY a.figure_key`,
      [sourceKey],
    );
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM figure_audit`)).rows[0].n).toBe(auditsBefore + 3);
    expect(audits.rows.map((a) => [a.figure_key, a.action])).toEqual([
      ["credit-household-occasions-2023-01-2024-05", "UPDATE"],
      ["electricity-occasions-2022", "INSERT"],
      [removedKey, "DELETE"],
    ]);
    const [updated, inserted, deleted] = audits.rows;
    expect(inserted.old_value).toBeNull();
    expect(inserted.new_value).toMatchObject({
      value: "4100",
      placeKey: "P-80-2008",
      measureCode: "occasions_households",
    });
    expect(updated.old_value).toMatchObject({ value: "68000", rawText: "trên 68.000 lượt hộ", qualifier: "AT_LEAST" });
    expect(updated.new_value).toMatchObject({ value: "68100", rawText: "trên 68.100 lượt hộ", qualifier: "AT_LEAST" });
    expect(deleted.old_value).toMatchObject({ value: "1.86", measureCode: "near_poverty_rate" });
    expect(deleted.new_value).toBeNull();

    const doc = (await db.pool.query(`SELECT version, imported_by FROM document WHERE source_key = $1`, [sourceKey]))
      .rows[0];
    expect(doc).toEqual({ version: 2, imported_by: "bob" });

    const before = await snapshot(db.pool);
    const again = await importDocument(db.pool, corrected, { actor: "bob" });
    expect(again).toMatchObject({ status: "UNCHANGED", version: 2, ignored: corrected.figures.length, touched: [] });
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it("moves a figure between slices: both the old and the new slice are touched", async () => {
    const doc = renamed(seedDocument("001"), "test/moved-001");
    await importDocument(db.pool, doc, { actor: "test" });
    const moved = structuredClone(doc);
    moved.figures.find((f) => f.key === "electricity-spending-2023")!.period = "2023-01/2023-06";
    const s = await importDocument(db.pool, moved, { actor: "test" });
    expect(s).toMatchObject({ status: "UPDATED", updated: 1, imported: 0, deleted: 0 });
    expect(s.touched).toEqual([
      {
        measureCode: "spending_vnd",
        kind: "ACTUAL",
        periodStart: "2023-01-01",
        periodEnd: "2023-06-30",
        places: ["P-80-2008"],
        ethnicities: ["ALL"],
        programmes: ["ELECTRICITY"],
      },
      {
        measureCode: "spending_vnd",
        kind: "ACTUAL",
        periodStart: "2023-01-01",
        periodEnd: "2023-12-31",
        places: ["P-80-2008"],
        ethnicities: ["ALL"],
        programmes: ["ELECTRICITY"],
      },
    ]);
    const dirty = await db.pool.query(
      `SELECT 1 FROM rollup_dirty WHERE measure_code = 'spending_vnd' AND period_end = '2023-06-30'`,
    );
    expect(dirty.rowCount).toBe(1);
  });

  it("versions a change of the document's own fields without touching figures", async () => {
    const doc = renamed(seedDocument("002"), "test/retitled-002");
    await importDocument(db.pool, doc, { actor: "test" });
    const retitled = structuredClone(doc);
    retitled.document.title += " (corrected title)";
    const s = await importDocument(db.pool, retitled, { actor: "test" });
    expect(s).toMatchObject({
      status: "UPDATED",
      version: 2,
      imported: 0,
      updated: 0,
      deleted: 0,
      ignored: doc.figures.length,
      touched: [],
    });
    const row = (await db.pool.query(`SELECT title FROM document WHERE source_key = $1`, [doc.document.sourceKey]))
      .rows[0];
    expect(row.title).toMatch(/\(corrected title\)$/);
  });

  it("versions a change of only the document's publishedAt, and the stored date follows it", async () => {
    const doc = renamed(seedDocument("002"), "test/redated-002");
    await importDocument(db.pool, doc, { actor: "test" });
    const redated = structuredClone(doc);
    redated.document.publishedAt = "2019-03-04";
    expect(redated.document.publishedAt).not.toBe(doc.document.publishedAt);
    const s = await importDocument(db.pool, redated, { actor: "test" });
    expect(s).toMatchObject({ status: "UPDATED", version: 2, imported: 0, updated: 0, deleted: 0, touched: [] });
    const row = (
      await db.pool.query(`SELECT published_at::text AS published_at, version FROM document WHERE source_key = $1`, [
        doc.document.sourceKey,
      ])
    ).rows[0];
    expect(row).toEqual({ published_at: "2019-03-04", version: 2 });
  });

  it("updates a figure whose only change is its explicit qualifier, audited old → new", async () => {
    const doc = renamed(seedDocument("001"), "test/requalified-001");
    await importDocument(db.pool, doc, { actor: "test" });
    const requalified = structuredClone(doc);
    // "trên 68.000 lượt hộ": AT_LEAST from its text, no explicit qualifier. (The catalogue work dropped
    // Long An's bare "hơn 5.200 lượt", electricity-occasions-2023, from the seed.)
    const key = "credit-household-occasions-2023-01-2024-05";
    const figure = requalified.figures.find((f) => f.key === key)!;
    expect(figure).toBeDefined();
    expect(figure.qualifier).toBeUndefined();
    figure.qualifier = "ABOUT";
    const s = await importDocument(db.pool, requalified, { actor: "test" });
    expect(s).toMatchObject({ status: "UPDATED", version: 2, imported: 0, updated: 1, deleted: 0 });
    expect(await figureRow(db.pool, doc.document.sourceKey, key)).toMatchObject({
      qualifier: "ABOUT",
    });
    const audit = (
      await db.pool.query(
        `SELECT a.old_value->>'qualifier' AS old, a.new_value->>'qualifier' AS next FROM figure_audit a
         JOIN document d ON d.id = a.document_id WHERE d.source_key = $1 AND a.action = 'UPDATE'`,
        [doc.document.sourceKey],
      )
    ).rows;
    expect(audit).toEqual([{ old: "AT_LEAST", next: "ABOUT" }]);
  });

  it("tries a dry run completely and keeps nothing", async () => {
    const doc = renamed(seedDocument("001"), "test/dry-001");
    const before = await snapshot(db.pool);
    let called = false;
    const s = await importDocument(db.pool, doc, {
      actor: "test",
      dryRun: true,
      onCommitted: async () => {
        called = true;
      },
    });
    expect(s).toMatchObject({ status: "CREATED", dryRun: true, documentId: null, imported: doc.figures.length });
    expect(called).toBe(false);
    expect(await snapshot(db.pool)).toEqual(before);
  });

  it("calls onCommitted after the commit, with the touched slices", async () => {
    const doc = renamed(seedDocument("004"), "test/committed-004");
    let seen: { slices: Slice[]; visible: number } | null = null;
    const s = await importDocument(db.pool, doc, {
      actor: "test",
      onCommitted: async (slices) => {
        // Another connection sees the figures: the transaction has committed.
        const r = await db.pool.query(
          `SELECT count(*)::int AS n FROM figure f JOIN document d ON d.id = f.document_id WHERE d.source_key = $1`,
          [doc.document.sourceKey],
        );
        seen = { slices, visible: r.rows[0].n };
      },
    });
    expect(seen).not.toBeNull();
    expect(seen!.visible).toBe(doc.figures.length);
    expect(seen!.slices).toEqual(s.touched);
    const dirty = await db.pool.query(
      `SELECT measure_code, kind::text, period_start::text, period_end::text FROM rollup_dirty`,
    );
    const dirtyIds = new Set(dirty.rows.map((r) => `${r.measure_code}|${r.kind}|${r.period_start}|${r.period_end}`));
    for (const t of s.touched)
      expect(dirtyIds.has(`${t.measureCode}|${t.kind}|${t.periodStart}|${t.periodEnd}`)).toBe(true);
  });

  it("resolves place codes and names against the figure's period", async () => {
    const doc = renamed(seedDocument("001"), "test/codes-001");
    doc.figures = doc.figures.slice(0, 3);
    doc.figures[0].place = "80";
    doc.figures[1].place = "80@2023-06-01";
    doc.figures[2].place = "Long An";
    const s = await importDocument(db.pool, doc, { actor: "test" });
    expect(s.errors).toEqual([]);
    const places = await db.pool.query(
      `SELECT DISTINCT place_key FROM figure f JOIN document d ON d.id = f.document_id WHERE d.source_key = $1`,
      [doc.document.sourceKey],
    );
    expect(places.rows).toEqual([{ place_key: "P-80-2008" }]);
  });
});
