import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { renamed, seedDocument } from "./helpers.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

async function stored(sourceKey: string) {
  const r = await db.pool.query(
    `SELECT (SELECT count(*) FROM document WHERE source_key = $1)::int AS documents,
            count(f.id)::int AS figures, count(DISTINCT f.figure_key)::int AS keys,
            (SELECT count(*) FROM figure_audit a JOIN document d ON d.id = a.document_id WHERE d.source_key = $1)::int AS audits,
            max(d.version) AS version
       FROM document d LEFT JOIN figure f ON f.document_id = d.id WHERE d.source_key = $1`,
    [sourceKey],
  );
  return r.rows[0];
}

describe("concurrent imports of one document", () => {
  it("serialise: one document, no duplicate figures, one CREATED and one UNCHANGED", async () => {
    const doc = renamed(seedDocument("003"), "test/concurrent-same");
    const results = await Promise.all([1, 2, 3].map(() => importDocument(db.pool, doc, { actor: "test" })));
    expect(results.map((r) => r.status).sort()).toEqual(["CREATED", "UNCHANGED", "UNCHANGED"]);
    expect(new Set(results.map((r) => r.documentId)).size).toBe(1);
    expect(await stored(doc.document.sourceKey)).toEqual({
      documents: 1,
      figures: doc.figures.length,
      keys: doc.figures.length,
      audits: doc.figures.length,
      version: 1,
    });
  });

  it("serialise a document and its correction: both applied in some order, never mixed", async () => {
    const doc = renamed(seedDocument("004"), "test/concurrent-corrected");
    const corrected = structuredClone(doc);
    corrected.figures = corrected.figures.slice(1);
    const [a, b] = await Promise.all([
      importDocument(db.pool, doc, { actor: "first" }),
      importDocument(db.pool, corrected, { actor: "second" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["CREATED", "UPDATED"]);
    const final = await stored(doc.document.sourceKey);
    expect(final).toMatchObject({ documents: 1, version: 2 });
    // Whichever committed last is what is stored.
    const lastFigures = (a.status === "UPDATED" ? doc : corrected).figures.length;
    expect(final.figures).toBe(lastFigures);
    expect(final.keys).toBe(lastFigures);
  });
});
