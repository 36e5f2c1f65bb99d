import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { ImportReferenceCache, readImportReferenceVersion } from "../../src/ingest/import/reference-cache.ts";
import { loadImportReference } from "../../src/ingest/import/reference.ts";
import { haGiangPoorDistricts, haGiangReport } from "../support/ha-giang-report.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

/** A cache whose loads are counted (the real loader, on the real database). */
function countedCache(): { cache: ImportReferenceCache; loads: () => number } {
  let loads = 0;
  const cache = new ImportReferenceCache((pool) => {
    loads++;
    return loadImportReference(pool);
  });
  return { cache, loads: () => loads };
}

const GROUP = haGiangPoorDistricts("HG-CACHED");

describe("the import reference kept between imports", () => {
  it("is loaded once while nothing it reads changes, imports of figures included", async () => {
    const { cache, loads } = countedCache();
    const first = await cache.get(db.pool);
    const plain = haGiangReport("cache/plain", [], GROUP.code);
    plain.figures = [{ ...plain.figures[0], place: "Mèo Vạc, Hà Giang" }];
    const s = await importDocument(db.pool, plain, { actor: "t", reference: first });
    expect([s.status, s.errors]).toEqual(["CREATED", []]);
    expect(await cache.get(db.pool)).toBe(first);
    expect(loads()).toBe(1);
  });

  it("shares one load between callers that ask at the same time", async () => {
    const { cache, loads } = countedCache();
    const got = await Promise.all([cache.get(db.pool), cache.get(db.pool), cache.get(db.pool)]);
    expect(loads()).toBe(1);
    expect(new Set(got).size).toBe(1);
  });

  it("is loaded again after a place is edited, and holds the edit", async () => {
    const { cache, loads } = countedCache();
    await cache.get(db.pool);
    await db.pool.query(`UPDATE place SET name = name || ' (edited)' WHERE name = 'Bắc Mê'`);
    const after = await cache.get(db.pool);
    expect(loads()).toBe(2);
    expect(after.places.all.some((p) => p.name === "Bắc Mê (edited)")).toBe(true);
    await db.pool.query(`UPDATE place SET name = 'Bắc Mê' WHERE name = 'Bắc Mê (edited)'`);
  });

  it("is loaded again after a measure changes, and holds the change", async () => {
    const { cache, loads } = countedCache();
    await cache.get(db.pool);
    const { rows } = await db.pool.query(`SELECT max_value::text AS v FROM measure WHERE code = 'poverty_rate'`);
    await db.pool.query(`UPDATE measure SET max_value = 99 WHERE code = 'poverty_rate'`);
    expect((await cache.get(db.pool)).measures.get("poverty_rate")!.maxValue).toBe("99.000000");
    expect(loads()).toBe(2);
    await db.pool.query(`UPDATE measure SET max_value = $1 WHERE code = 'poverty_rate'`, [rows[0].v]);
  });

  it("sees a group an import declared: the next import names it, and may not declare it otherwise", async () => {
    const { cache, loads } = countedCache();
    const declared = await importDocument(db.pool, haGiangReport("cache/declare", [GROUP], GROUP.code), {
      actor: "t",
      reference: await cache.get(db.pool),
    });
    expect([declared.status, declared.errors]).toEqual(["CREATED", []]);
    const next = await cache.get(db.pool);
    expect(loads()).toBe(2);
    expect(next.groups.has(GROUP.code)).toBe(true);
    const named = await importDocument(db.pool, haGiangReport("cache/named", [], GROUP.code), {
      actor: "t",
      reference: next,
    });
    expect([named.status, named.errors]).toEqual(["CREATED", []]);
    const redefined = await importDocument(
      db.pool,
      haGiangReport("cache/redefined", [{ ...GROUP, members: GROUP.members.slice(1) }], GROUP.code),
      { actor: "t", reference: await cache.get(db.pool) },
    );
    expect(redefined.errors).toEqual([
      expect.objectContaining({ field: "placeGroups[0].code", reason: expect.stringMatching(/exists already/) }),
    ]);
    expect(loads()).toBe(2);
  });

  it("tries again after a failed load", async () => {
    let calls = 0;
    const cache = new ImportReferenceCache((pool) =>
      ++calls === 1 ? Promise.reject(new Error("connection lost")) : loadImportReference(pool),
    );
    await expect(cache.get(db.pool)).rejects.toThrow("connection lost");
    expect((await cache.get(db.pool)).measures.has("poverty_rate")).toBe(true);
    expect(calls).toBe(2);
  });
});

// Every statement on every table the reference reads changes the version, in the writing transaction
// (statement-level triggers fire on no rows too, so the statements below change nothing and are rolled back).
/** Each table the reference reads, with a column its no-op UPDATE sets. */
const TABLES = [
  ["place", "name"],
  ["place_succession", "share"],
  ["ethnicity", "name"],
  ["programme", "name"],
  ["measure", "name"],
  ["place_group", "name"],
  ["place_group_member", "place_key"],
] as const;
const statements = (table: string, column: string) => [
  `INSERT INTO ${table} SELECT * FROM ${table} WHERE false`,
  `UPDATE ${table} SET ${column} = ${column} WHERE false`,
  `DELETE FROM ${table} WHERE false`,
  `TRUNCATE ${table} CASCADE`,
];

describe("the import reference version", () => {
  it.each(TABLES)("changes with every statement on %s, seen when the change is", async (table, column) => {
    const client = await db.pool.connect();
    try {
      const before = await readImportReferenceVersion(db.pool);
      await client.query("BEGIN");
      let seen = before;
      for (const sql of statements(table, column)) {
        await client.query(sql);
        const now = await readImportReferenceVersion(client);
        expect(now, sql).toBeGreaterThan(seen); // TRUNCATE … CASCADE counts the tables it cascades to too
        seen = now;
      }
      expect(await readImportReferenceVersion(db.pool)).toBe(before); // not yet committed
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
