import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { codeOf, startHarness, type Harness } from "./harness.ts";

let db: TestDb;
let h: Harness;

beforeAll(async () => {
  db = await createTestDb();
  h = await startHarness(db);
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

const PLACE = `key code name level validFrom validTo`;

describe("places", () => {
  it("finds Bạch Thông by a name typed without diacritics", async () => {
    const r = await h.run(`{ places(name: "Bac Thong", level: DISTRICT) { ${PLACE} kind parent { key name } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.places).toEqual([
      expect.objectContaining({
        key: "D-06-BACH-THONG",
        name: "Bạch Thông",
        level: "DISTRICT",
        parent: { key: "P-06-2008", name: "Bắc Kạn" },
      }),
    ]);
  });

  it("matches a name with diacritics and a substring", async () => {
    // The district until 2025, and the commune of that name in Thái Nguyên since.
    const withMarks = await h.run(`{ places(name: "Bạch Thông") { key } }`);
    expect(withMarks.data!.places.map((p: { key: string }) => p.key)).toEqual(["D-06-BACH-THONG", "C-02014-20250701"]);
    const part = await h.run(`{ places(name: "ninh", level: PROVINCE, asOf: "2026-01-01") { name } }`);
    const names = part.data!.places.map((p: { name: string }) => p.name);
    expect(names).toContain("Tây Ninh");
    expect(names).toContain("Ninh Bình");
    expect(names).not.toContain("Long An");
  });

  it("keeps only units valid on asOf: 63 provinces before the merger, 34 after", async () => {
    const before = await h.run(`{ places(level: PROVINCE, asOf: "2024-01-01") { key validTo } }`);
    expect(before.data!.places).toHaveLength(63);
    expect(before.data!.places.every((p: { key: string }) => p.key.endsWith("-2008"))).toBe(true);
    const after = await h.run(`{ places(level: PROVINCE, asOf: "2025-07-01") { key validTo } }`);
    expect(after.data!.places).toHaveLength(34);
    expect(after.data!.places.every((p: { validTo: string | null }) => p.validTo === null)).toBe(true);
  });

  it("takes a key or an official code as parentCode", async () => {
    const byKey = await h.run(`{ places(parentCode: "P-06-2008") { key } }`);
    const byCode = await h.run(`{ places(parentCode: "06") { key } }`);
    const keys = byKey.data!.places.map((p: { key: string }) => p.key);
    expect(keys).toContain("D-06-BACH-THONG");
    expect(byCode.data!.places.map((p: { key: string }) => p.key)).toEqual(keys);
  });

  it("refuses a malformed asOf", async () => {
    const literal = await h.run(`{ places(asOf: "2024-02-30") { key } }`);
    expect(literal.status).toBe(400); // a bad literal fails validation (GRAPHQL_VALIDATION_FAILED)
    expect(literal.errors![0].message).toContain("YYYY-MM-DD");
    const variable = await h.run(`query ($d: Date) { places(asOf: $d) { key } }`, { d: "2024-02-30" });
    expect(codeOf(variable)).toBe("BAD_USER_INPUT");
  });
});

describe("place", () => {
  it('refuses "80" without asOf and lists the candidate keys', async () => {
    const r = await h.run(`{ place(code: "80") { key } }`);
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.candidates).toEqual(["P-80-2008", "P-80-2025"]);
    expect(r.errors![0].message).toContain("P-80-2008");
    expect(r.errors![0].message).toContain("P-80-2025");
  });

  it('"80" on 2024-01-01 is Long An, succeeded by the new Tây Ninh', async () => {
    const r = await h.run(`{ place(code: "80", asOf: "2024-01-01") { ${PLACE} successors { key name } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.place).toMatchObject({
      key: "P-80-2008",
      name: "Long An",
      validFrom: "1997-01-01",
      validTo: "2025-06-30",
    });
    expect(r.data!.place.successors).toEqual([{ key: "P-80-2025", name: "Tây Ninh" }]);
  });

  it('"80" on 2025-07-01 is the new Tây Ninh, formed from Long An and the old Tây Ninh', async () => {
    const r = await h.run(`{ place(code: "80", asOf: "2025-07-01") { key name predecessors { key level } } }`);
    expect(r.data!.place.key).toBe("P-80-2025");
    const provinces = r.data!.place.predecessors.filter((p: { level: string }) => p.level === "PROVINCE");
    expect(provinces.map((p: { key: string }) => p.key).sort()).toEqual(["P-72-2008", "P-80-2008"]);
    // Long An's districts went straight into the new province when districts were abolished.
    expect(r.data!.place.predecessors).toContainEqual({ key: "D-80-BEN-LUC", level: "DISTRICT" });
  });

  it("P-19-2025 (Thái Nguyên) has Bắc Kạn among its predecessors", async () => {
    const r = await h.run(`{ place(code: "P-19-2025") { name predecessors { key name } } }`);
    expect(r.data!.place.name).toBe("Thái Nguyên");
    expect(r.data!.place.predecessors).toContainEqual({ key: "P-06-2008", name: "Bắc Kạn" });
  });

  it("accepts a key in any case; asOf does not apply to keys", async () => {
    const r = await h.run(`{ place(code: "p-80-2008", asOf: "2026-01-01") { key } }`);
    expect(r.data!.place.key).toBe("P-80-2008");
  });

  it("an unknown code is NOT_FOUND; a code with no unit on the day too", async () => {
    expect(codeOf(await h.run(`{ place(code: "XX-NOPE") { key } }`))).toBe("NOT_FOUND");
    const r = await h.run(`{ place(code: "80", asOf: "1996-12-31") { key } }`);
    expect(codeOf(r)).toBe("NOT_FOUND");
    expect(r.errors![0].message).toContain("P-80-2008");
  });

  it("lists children from the place tree, optionally as of a day", async () => {
    const r = await h.run(`{ place(code: "P-06-2008") { children { key level } } }`);
    expect(r.data!.place.children).toContainEqual({ key: "D-06-BACH-THONG", level: "DISTRICT" });
    const region = await h.run(
      `{ place(code: "R-NMM") { all: children { key } now: children(asOf: "2026-01-01") { key } } }`,
    );
    const all = region.data!.place.all.map((p: { key: string }) => p.key);
    const now = region.data!.place.now.map((p: { key: string }) => p.key);
    expect(all).toContain("P-06-2008");
    expect(now).not.toContain("P-06-2008");
    expect(now).toContain("P-19-2025");
  });
});

describe("reference lists", () => {
  it("returns the whole programme tree, depth first, with parents and children", async () => {
    const count = Number((await db.pool.query(`SELECT count(*) FROM programme`)).rows[0].count);
    const r = await h.run(`{ programmes { code name nameEn parent { code } children { code } } }`);
    const list = r.data!.programmes as {
      code: string;
      parent: { code: string } | null;
      children: { code: string }[];
    }[];
    expect(list).toHaveLength(count);
    expect(list[0]).toMatchObject({ code: "ALL", parent: null });
    const lunch = list.find((p) => p.code === "EDU-LUNCH")!;
    expect(lunch.parent).toEqual({ code: "EDUCATION" });
    const index = (code: string) => list.findIndex((p) => p.code === code);
    expect(index("EDUCATION")).toBeLessThan(index("EDU-LUNCH"));
    expect(list.find((p) => p.code === "EDUCATION")!.children.map((c) => c.code)).toContain("EDU-LUNCH");
  });

  it("returns one programme by code, NOT_FOUND for an unknown one", async () => {
    const r = await h.run(`{ programme(code: "NTP-2021") { name children { code } } }`);
    expect(r.data!.programme.children.map((c: { code: string }) => c.code)).toEqual([
      "NTP-2021-P1",
      "NTP-2021-P2",
      "NTP-2021-P3",
      "NTP-2021-P4",
      "NTP-2021-P5",
      "NTP-2021-P6",
      "NTP-2021-P7",
    ]);
    expect(codeOf(await h.run(`{ programme(code: "NOPE") { code } }`))).toBe("NOT_FOUND");
  });

  it("returns measures with their aggregation, ratio parts and exact bounds", async () => {
    const r = await h.run(`{ measures { code unit aggregation maxValue numerator { code } denominator { code } } }`);
    const byCode = new Map((r.data!.measures as { code: string }[]).map((m) => [m.code, m]));
    expect(byCode.get("poverty_rate")).toMatchObject({
      aggregation: "RATIO",
      unit: "PERCENT",
      numerator: { code: "poor_households" },
      denominator: { code: "households" },
    });
    expect(byCode.get("spending_vnd")).toMatchObject({
      aggregation: "SUM",
      maxValue: "1000000000000000",
      numerator: null,
    });
  });

  it("returns the ethnic groups with the minority flag", async () => {
    const r = await h.run(`{ ethnicGroups { code name parentCode isMinority } }`);
    const groups = r.data!.ethnicGroups as {
      code: string;
      name: string;
      parentCode: string | null;
      isMinority: boolean;
    }[];
    expect(groups).toHaveLength(59);
    expect(groups.slice(0, 6).map((g) => g.code)).toEqual([
      "ALL",
      "DTTS",
      "DTTS-RAT-IT-NGUOI",
      "DTTS-TAI-CHO",
      "DTTS-TAY-NGUYEN",
      "01",
    ]);
    const byCode = new Map(groups.map((g) => [g.code, g]));
    expect(byCode.get("01")).toMatchObject({ name: "Kinh", isMinority: false, parentCode: "ALL" });
    expect(byCode.get("DTTS")!.isMinority).toBe(true);
    expect(byCode.get("ALL")!.isMinority).toBe(false);
    expect(groups.filter((g) => g.parentCode === "DTTS").every((g) => g.isMinority)).toBe(true);
    // combined groups stand outside the tree, and are minorities
    expect(byCode.get("DTTS-TAI-CHO")).toMatchObject({ parentCode: null, isMinority: true });
  });
});
