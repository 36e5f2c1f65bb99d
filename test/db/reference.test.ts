import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../../src/reference/load.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
});

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);

describe("reference data", () => {
  it("has 6 regions, 63 old and 34 new provinces, 54 groups plus DTTS and ALL", async () => {
    expect(await count("SELECT count(*) n FROM place WHERE level = 'REGION'")).toBe(6);
    expect(await count("SELECT count(*) n FROM place WHERE level = 'PROVINCE' AND valid_to = '2025-06-30'")).toBe(63);
    expect(await count("SELECT count(*) n FROM place WHERE level = 'PROVINCE' AND valid_from = '2025-07-01'")).toBe(34);
    expect(
      await count(
        "SELECT count(*) n FROM place WHERE level = 'DISTRICT' AND valid_to = '2025-06-30' AND valid_from <= '2025-03-01'",
      ),
    ).toBe(696);
    expect(
      await count(
        "SELECT count(*) n FROM place WHERE level = 'COMMUNE' AND valid_to = '2025-06-30' AND valid_from <= '2025-03-01'",
      ),
    ).toBe(10047);
    expect(await count("SELECT count(*) n FROM place WHERE level = 'COMMUNE' AND valid_from = '2025-07-01'")).toBe(
      3321,
    );
    // every unit 2008-2025, as the README counts them
    expect(await count("SELECT count(*) n FROM place WHERE level = 'DISTRICT'")).toBe(730);
    expect(await count("SELECT count(*) n FROM place WHERE level = 'COMMUNE' AND valid_to IS NOT NULL")).toBe(12429);
    expect(await count("SELECT count(*) n FROM ethnicity")).toBe(59); // + 3 combined groups
  });

  it("keeps code 80 as two units: Long An until 2025-06-30 and the new Tây Ninh after", async () => {
    const rows = (
      await db.pool.query(
        "SELECT key, name, valid_from::text, valid_to::text FROM place WHERE code = '80' ORDER BY valid_from",
      )
    ).rows;
    expect(rows).toEqual([
      { key: "P-80-2008", name: "Long An", valid_from: "1997-01-01", valid_to: "2025-06-30" },
      { key: "P-80-2025", name: "Tây Ninh", valid_from: "2025-07-01", valid_to: null },
    ]);
  });

  it("walks the crosswalk: Bắc Kạn and its districts go to Thái Nguyên, Lạng Sơn to itself", async () => {
    const to = async (from: string) =>
      (await db.pool.query("SELECT to_key FROM place_succession WHERE from_key = $1", [from])).rows.map(
        (r) => r.to_key,
      );
    expect(await to("P-06-2008")).toEqual(["P-19-2025"]);
    expect(await to("D-06-BACH-THONG")).toEqual(["P-19-2025"]);
    expect(await to("P-20-2008")).toEqual(["P-20-2025"]);
    expect(await to("P-91-2008")).toEqual(["P-91-2025"]);
    expect(await count("SELECT count(*) n FROM place_succession WHERE from_key LIKE 'P-%'")).toBe(63);
  });

  it("keeps every district key used before districts had codes, now with its official code", async () => {
    const seedKeys = [
      "D-06-BACH-THONG",
      "D-20-LANG-SON",
      "D-80-KIEN-TUONG",
      "D-91-GIANG-THANH",
      "D-80-CHAU-THANH",
      "D-91-PHU-QUOC",
    ];
    const rows = (await db.pool.query("SELECT key, code FROM place WHERE key = ANY($1) ORDER BY key", [seedKeys])).rows;
    expect(rows.map((r) => r.key)).toEqual([...seedKeys].sort());
    expect(rows.every((r) => /^\d{3}$/.test(r.code))).toBe(true);
  });

  it("marks how much of an old commune went into each new one", async () => {
    const shares = (
      await db.pool.query(
        "SELECT share, count(*)::int n FROM place_succession WHERE from_key LIKE 'C-%' AND to_key LIKE 'C-%-20250701' GROUP BY 1 ORDER BY 1",
      )
    ).rows;
    expect(shares).toEqual([
      { share: "full", n: 10604 - 1012 - 5 },
      { share: "partial", n: 1012 },
    ]);
  });

  it("reloads idempotently, and not at all when the data is unchanged", async () => {
    const before = await count("SELECT count(*) n FROM place");
    expect(await loadReference(db.pool)).toEqual({ loaded: false });
    expect(await loadReference(db.pool, { force: true })).toEqual({ loaded: true });
    expect(await count("SELECT count(*) n FROM place")).toBe(before);
  });
});
