import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { haGiangPoorDistricts, haGiangReport } from "../support/ha-giang-report.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// A report names a group of places ("Tại 7 huyện nghèo" of Hà Giang): the document declares the
// group, written with it, and its figures name the group by code.
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const GROUP = haGiangPoorDistricts("HG-POOR");

describe("place groups declared by an import document", () => {
  it("writes the group with the document and records the figures for it", async () => {
    const s = await importDocument(db.pool, haGiangReport("hg/1", [GROUP], GROUP.code), { actor: "clerk" });
    expect([s.status, s.errors, s.imported]).toEqual(["CREATED", [], 2]);
    const figures = await db.pool.query(
      `SELECT place_key, trim_scale(value)::text AS value, value_type::text FROM figure ORDER BY figure_key`,
    );
    expect(figures.rows).toEqual([
      { place_key: "G-HG-POOR", value: "73.26", value_type: "LEVEL" },
      { place_key: "G-HG-POOR", value: "-12.22", value_type: "CHANGE" },
    ]);
    const group = await db.pool.query(
      `SELECT g.within_key, g.source, g.created_by, count(m.place_key)::int AS members
         FROM place_group g LEFT JOIN place_group_member m ON m.group_code = g.code WHERE g.code = 'HG-POOR' GROUP BY g.code`,
    );
    expect(group.rows).toEqual([
      { within_key: "P-02-2008", source: "Hà Giang giảm nghèo (hg/1)", created_by: "clerk", members: 7 },
    ]);
  });

  it("takes the same declaration again (a re-import, another report) and refuses another definition", async () => {
    expect((await importDocument(db.pool, haGiangReport("hg/1", [GROUP], GROUP.code), { actor: "clerk" })).status).toBe(
      "UNCHANGED",
    );
    expect((await importDocument(db.pool, haGiangReport("hg/2", [GROUP], GROUP.code), { actor: "clerk" })).status).toBe(
      "CREATED",
    );
    const other = await importDocument(
      db.pool,
      haGiangReport("hg/3", [{ ...GROUP, members: GROUP.members.slice(1) }], GROUP.code),
      {
        actor: "clerk",
      },
    );
    expect(other.status).toBe("ERROR");
    expect(other.errors).toEqual([
      expect.objectContaining({ field: "placeGroups[0].code", reason: expect.stringMatching(/exists already/) }),
    ]);
  });

  it("refuses a member outside the group's unit and a figure of a group nobody declared, writing nothing", async () => {
    const outside = await importDocument(
      db.pool,
      haGiangReport("hg/4", [{ ...GROUP, code: "HG-OTHER", members: ["Mèo Vạc", "Bạch Thông"] }], "HG-OTHER"),
      { actor: "clerk" },
    );
    expect(outside.errors.map((e) => e.field)).toEqual(["placeGroups[0].members", "place", "place"]);
    expect(outside.errors[0].reason).toMatch(/"Bạch Thông": .* is not inside Hà Giang/);
    const groups = await db.pool.query(`SELECT code FROM place_group WHERE code = 'HG-OTHER'`);
    expect(groups.rows).toEqual([]);
    expect((await db.pool.query(`SELECT 1 FROM document WHERE source_key = 'hg/4'`)).rowCount).toBe(0);
  });

  it("does not keep a group of a dry run", async () => {
    const s = await importDocument(db.pool, haGiangReport("hg/5", [haGiangPoorDistricts("HG-DRY")], "HG-DRY"), {
      actor: "clerk",
      dryRun: true,
    });
    expect([s.status, s.errors]).toEqual(["CREATED", []]);
    expect((await db.pool.query(`SELECT 1 FROM place_group WHERE code = 'HG-DRY'`)).rowCount).toBe(0);
  });
});
