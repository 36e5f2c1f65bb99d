import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { codeOf, startHarness, type Harness } from "./harness.ts";

// The whole country over GraphQL: every district and commune before and after the 2025 reform,
// names as reports write them, the commune crosswalk, place groups.
const EDITOR_KEY = "places-country-editor-key";
const asEditor = { "x-api-key": EDITOR_KEY };

let db: TestDb;
let h: Harness;

beforeAll(async () => {
  db = await createTestDb();
  h = await startHarness(db, { editorKey: EDITOR_KEY });
});
afterAll(async () => {
  await h?.stop();
  await db?.drop();
});

describe("every unit, before and after 2025", () => {
  it("counts 63 provinces in 2024, 696 districts and 10,047 communes on 2025-03-01, 3,321 communes after the reform", async () => {
    const count = async (level: string, asOf: string) => {
      const r = await h.run(`{ places(level: ${level}, asOf: "${asOf}") { key } }`);
      expect(r.errors).toBeUndefined();
      return r.data!.places.length;
    };
    expect(await count("PROVINCE", "2024-01-01")).toBe(63);
    expect(await count("DISTRICT", "2025-03-01")).toBe(696);
    expect(await count("COMMUNE", "2025-03-01")).toBe(10047);
    expect(await count("COMMUNE", "2025-08-01")).toBe(3321);
    expect(await count("DISTRICT", "2025-08-01")).toBe(0);
  });

  it('"063" on 2022-01-01 is Bạch Thông in Bắc Kạn, with its communes', async () => {
    const r = await h.run(
      `{ place(code: "063", asOf: "2022-01-01") { key code name kind level parent { key name } children(asOf: "2022-01-01") { level } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.place).toMatchObject({
      key: "D-06-BACH-THONG",
      code: "063",
      name: "Bạch Thông",
      kind: "Huyện",
      level: "DISTRICT",
      parent: { key: "P-06-2008", name: "Bắc Kạn" },
    });
    expect(r.data!.place.children.length).toBeGreaterThan(5);
    expect(r.data!.place.children.every((c: { level: string }) => c.level === "COMMUNE")).toBe(true);
  });

  it("keeps Đạ Tẻh for its own period and says what it went into", async () => {
    const r = await h.run(
      `{ place(code: "Đạ Tẻh", asOf: "2020-06-01") { key code validTo successorLinks { place { key name } share effective } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.place).toMatchObject({ key: "D-68-DA-TEH", code: "682", validTo: "2025-02-28" });
    expect(r.data!.place.successorLinks).toEqual([
      { place: { key: "D-68-DA-HUOAI", name: "Đạ Huoai" }, share: "full", effective: "2025-03-01" },
    ]);
    const after = await h.run(`{ place(code: "Đạ Tẻh", asOf: "2025-05-01") { key } }`);
    expect(codeOf(after)).toBe("NOT_FOUND");
  });

  it("resolves names as reports write them", async () => {
    const at = async (name: string) =>
      (await h.run(`query ($n: String!) { place(code: $n, asOf: "2022-06-01") { key name } }`, { n: name })).data?.place
        ?.key;
    expect(await at("Đakrông")).toBe("D-45-DA-KRONG");
    expect(await at("M'Đrắk")).toBe("D-66-M-DRAK");
    expect(await at("M’Đrắk")).toBe("D-66-M-DRAK");
    expect(await at("huyện Ea Súp")).toBe("D-66-EA-SUP");
    expect(await at("Tp. Phan Rang - Tháp Chàm")).toBe("D-58-PHAN-RANG-THAP-CHAM");
    expect(await at("huyện Phú Quốc")).toBe("D-91-PHU-QUOC"); // a city since 2021, a district before
  });

  it('refuses "Châu Thành" without context, listing the candidates; resolves it with its province', async () => {
    const r = await h.run(`{ place(code: "Châu Thành", asOf: "2022-06-01") { key } }`);
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.candidates).toHaveLength(10);
    expect(r.errors![0].extensions!.candidates).toContain("D-80-CHAU-THANH");
    const inLongAn = await h.run(`{ place(code: "Châu Thành, Long An", asOf: "2022-06-01") { key } }`);
    expect(inLongAn.data!.place.key).toBe("D-80-CHAU-THANH");
  });

  it('never resolves "Kien Gian" to Kiên Giang: NOT_FOUND with a suggestion', async () => {
    const r = await h.run(`{ place(code: "Kien Gian", asOf: "2022-06-01") { key } }`);
    expect(codeOf(r)).toBe("NOT_FOUND");
    expect(r.errors![0].message).toContain('did you mean "Kiên Giang"');
  });

  it('ranks name search exact > prefix > fuzzy with the matched form; "Ha Giang" never returns Hậu Giang', async () => {
    const r = await h.run(
      `{ placeSearch(name: "Ha Giang", asOf: "2022-06-01") { place { key name } match matchedForm } }`,
    );
    expect(r.errors).toBeUndefined();
    const names = r.data!.placeSearch.map((m: { place: { name: string } }) => m.place.name);
    expect(names).not.toContain("Hậu Giang");
    expect(r.data!.placeSearch[0]).toEqual({
      place: { key: "P-02-2008", name: "Hà Giang" },
      match: "EXACT",
      matchedForm: "Hà Giang",
    });
    expect(r.data!.placeSearch).toContainEqual({
      place: { key: "D-02-HA-GIANG", name: "Hà Giang" },
      match: "EXACT",
      matchedForm: "Thành phố Hà Giang",
    });
    const prefix = await h.run(
      `{ placeSearch(name: "Bac Thong", level: DISTRICT) { place { key } match matchedForm } }`,
    );
    expect(prefix.data!.placeSearch).toEqual([
      { place: { key: "D-06-BACH-THONG" }, match: "PREFIX", matchedForm: "Huyện Bạch Thông" },
    ]);
    const fuzzy = await h.run(`{ placeSearch(name: "Kien Giag", level: PROVINCE) { place { name } match } }`);
    expect(fuzzy.data!.placeSearch[0]).toEqual({ place: { name: "Kiên Giang" }, match: "FUZZY" });
  });

  it("lists the communes of a 2025 province and each one's predecessors, full or partial", async () => {
    const r = await h.run(`{ places(level: COMMUNE, parentCode: "P-01-2025") { key } }`);
    expect(r.data!.places.length).toBe(126);
    const baDinh = await h.run(
      `{ place(code: "00004", asOf: "2025-08-01") { key name predecessorLinks { place { code name } share } } }`,
    );
    expect(baDinh.data!.place).toMatchObject({ key: "C-00004-20250701", name: "Ba Đình" });
    expect(baDinh.data!.place.predecessorLinks).toContainEqual({
      place: { code: "00004", name: "Trúc Bạch" },
      share: "full",
    });
    expect(baDinh.data!.place.predecessorLinks).toContainEqual({
      place: { code: "00016", name: "Ngọc Hà" },
      share: "partial",
    });
    const reused = await h.run(`{ place(code: "00004") { key } }`);
    expect(codeOf(reused)).toBe("BAD_USER_INPUT");
    expect(reused.errors![0].extensions!.candidates).toEqual(["C-00004-20080801", "C-00004-20250701"]);
  });
});

describe("place groups", () => {
  it("ships the poor districts of Decision 353/QĐ-TTg with their source; 7 of them in Hà Giang", async () => {
    const r =
      await h.run(`{ placeGroup(code: "QD353-HUYEN-NGHEO-2021-2025") { code source official validFrom validTo place { key level }
      members(within: "P-02-2008") { name } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.placeGroup).toMatchObject({
      official: true,
      validFrom: "2021-01-01",
      validTo: "2025-06-30",
      place: { key: "G-QD353-HUYEN-NGHEO-2021-2025", level: "GROUP" },
    });
    expect(r.data!.placeGroup.source).toContain("353/QĐ-TTg");
    expect(r.data!.placeGroup.members.map((m: { name: string }) => m.name).sort()).toEqual(
      ["Bắc Mê", "Hoàng Su Phì", "Mèo Vạc", "Quản Bạ", "Xín Mần", "Yên Minh", "Đồng Văn"].sort(),
    );
    const all = await h.run(`{ placeGroups { code } }`);
    expect(all.data!.placeGroups.map((g: { code: string }) => g.code)).toContain("QD353-HUYEN-NGHEO-2021-2025");
  });

  it("lets an editor define a group by names; refuses ambiguous, unknown and out-of-period members; audits it", async () => {
    const create = `mutation ($g: PlaceGroupInput!) { createPlaceGroup(group: $g) { code name createdBy place { key } } }`;
    const base = {
      name: "Trạm Tấu và Mù Cang Chải",
      source: "Báo cáo thử",
      validFrom: "2021-01-01",
      validTo: "2025-06-30",
    };
    const anonymous = await h.run(create, { g: { ...base, code: "TT-MCC", members: ["Trạm Tấu", "Mù Cang Chải"] } });
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    const ambiguous = await h.run(
      create,
      { g: { ...base, code: "TT-MCC", members: ["Trạm Tấu", "Châu Thành"] } },
      asEditor,
    );
    expect(codeOf(ambiguous)).toBe("BAD_USER_INPUT");
    expect(ambiguous.errors![0].extensions!.members[0]).toMatchObject({ member: "Châu Thành" });
    const outside = await h.run(
      create,
      { g: { ...base, code: "TT-MCC", validFrom: "2024-01-01", members: ["Trạm Tấu", "Đạ Tẻh"] } },
      asEditor,
    );
    expect(codeOf(outside)).toBe("BAD_USER_INPUT");
    expect(outside.errors![0].message).toMatch(/Đạ Tẻh/);
    const ok = await h.run(create, { g: { ...base, code: "TT-MCC", members: ["Trạm Tấu", "Mù Cang Chải"] } }, asEditor);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createPlaceGroup).toMatchObject({ code: "TT-MCC", place: { key: "G-TT-MCC" } });
    const again = await h.run(create, { g: { ...base, code: "TT-MCC", members: ["Trạm Tấu"] } }, asEditor);
    expect(codeOf(again)).toBe("BAD_USER_INPUT");
    expect(again.errors![0].message).toMatch(/exists already/);
    const audit = await db.pool.query(`SELECT action::text, actor FROM place_group_audit WHERE group_code = 'TT-MCC'`);
    expect(audit.rows).toEqual([{ action: "INSERT", actor: expect.stringContaining("api-key:") }]);
  });
});

describe("reports across the 2025 reform", () => {
  const QUOTE =
    "Năm 2022 huyện Trạm Tấu hỗ trợ 120 hộ; hai huyện Trạm Tấu và Mù Cang Chải hỗ trợ 300 hộ; năm 2026 xã Trạm Tấu hỗ trợ 45 hộ.";
  const figure = (key: string, place: string, period: string, text: string) => ({
    key,
    place,
    measure: "households_supported",
    period,
    text,
    quote: QUOTE,
  });
  const doc = {
    document: {
      sourceKey: "test/places-country",
      title: "Báo cáo thử",
      publisher: "UBND tỉnh",
      author: null,
      publishedAt: "2026-09-01",
      url: null,
      fileName: null,
    },
    figures: [
      figure("district-2022", "huyện Trạm Tấu", "2022", "120 hộ"),
      figure("group-2022", "G-TT-MCC", "2022", "300 hộ"),
      figure("commune-2026", "xã Trạm Tấu", "2026", "45 hộ"),
    ],
  };

  it("imports a district of a non-seed province, a 2025 commune and a group, and compares them under CURRENT", async () => {
    const imported = await h.run(
      `mutation ($d: JSON!) { importReport(document: $d) { status imported errors { row field reason } } }`,
      { d: doc },
      asEditor,
    );
    expect(imported.data!.importReport).toMatchObject({ status: "CREATED", imported: 3, errors: [] });
    const keys = (await db.pool.query(`SELECT figure_key, place_key FROM figure ORDER BY figure_key`)).rows;
    expect(keys).toEqual([
      { figure_key: "commune-2026", place_key: "C-04606-20250701" },
      { figure_key: "district-2022", place_key: "D-15-TRAM-TAU" },
      { figure_key: "group-2022", place_key: "G-TT-MCC" },
    ]);
    await rebuildAll(db.pool);
    const compare = async (places: string[], period: string) => {
      const r = await h.run(
        `query ($i: CompareInput!) { compare(input: $i) { servedFrom rows { place { key } value derivation coverage { covered total } } } }`,
        { i: { measure: "households_supported", places, period, boundaries: "CURRENT" } },
      );
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.compare;
    };
    // The new Lào Cai (old Lào Cai + Yên Bái): 2022 through Yên Bái and its district, 2026 through its commune;
    // the group's 300 households are never added in.
    const before = await compare(["P-15-2025"], "2022");
    expect(before.servedFrom).toBe("ROLLUP");
    expect(before.rows[0]).toMatchObject({
      place: { key: "P-15-2025" },
      value: "120",
      derivation: "SUM_OF_PARTS",
      coverage: { covered: 1, total: 2 },
    });
    const after = await compare(["P-15-2025"], "2026");
    expect(after.rows[0]).toMatchObject({ value: "45", coverage: { covered: 1 } });
    expect(after.rows[0].coverage.total).toBeGreaterThan(90);
    // Yên Bái itself under CURRENT is re-expressed as the new Lào Cai; the group answers for itself.
    const yenBai = await compare(["Yên Bái"], "2022");
    expect(yenBai.rows[0]).toMatchObject({ place: { key: "P-15-2025" }, value: "120" });
    const group = await compare(["G-TT-MCC"], "2022");
    expect(group.rows[0]).toMatchObject({ place: { key: "G-TT-MCC" }, value: "300", derivation: "REPORTED" });
  });

  it("counts an old commune in the 2025 commune it went into whole, never one split between several; places a 2005 province figure", async () => {
    const quote = "Năm 2022 xã Pá Hu hỗ trợ 30 hộ, xã Bính Xá hỗ trợ 15 hộ; năm 2005 tỉnh Lạng Sơn hỗ trợ 200 hộ.";
    const communes = {
      document: { ...doc.document, sourceKey: "test/places-country-communes" },
      figures: [
        { ...figure("pa-hu-2022", "xã Pá Hu", "2022", "30 hộ"), quote },
        { ...figure("binh-xa-2022", "xã Bính Xá (Đình Lập)", "2022", "15 hộ"), quote },
        { ...figure("lang-son-2005", "Lạng Sơn", "2005", "200 hộ"), quote },
      ],
    };
    const imported = await h.run(
      `mutation ($d: JSON!) { importReport(document: $d) { status imported errors { row field reason } } }`,
      { d: communes },
      asEditor,
    );
    expect(imported.data!.importReport).toMatchObject({ status: "CREATED", imported: 3, errors: [] });
    const placed = await db.pool.query(
      `SELECT figure_key, place_key FROM figure WHERE figure_key = ANY($1) ORDER BY figure_key`,
      [["pa-hu-2022", "binh-xa-2022", "lang-son-2005"]],
    );
    expect(placed.rows).toEqual([
      { figure_key: "binh-xa-2022", place_key: "C-06622-20080801" },
      { figure_key: "lang-son-2005", place_key: "P-20-2008" },
      { figure_key: "pa-hu-2022", place_key: "C-04606-20080801" },
    ]);
    await rebuildAll(db.pool);
    const rowsOf = async (places: string[], period: string, boundaries: string, source = "AUTO") => {
      const r = await h.run(
        `query ($i: CompareInput!) { compare(input: $i) { servedFrom rows { place { key } value derivation flags coverage { covered total } } } }`,
        { i: { measure: "households_supported", places, period, boundaries, source } },
      );
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.compare.rows;
    };
    for (const source of ["ROLLUP", "FACTS"]) {
      // xã Trạm Tấu (2025) took Pá Hu, Túc Đán, Pá Lau and the old Trạm Tấu whole: Pá Hu's 30 count in it
      const traMTau = await rowsOf(["C-04606-20250701"], "2022", "CURRENT", source);
      expect(traMTau[0]).toMatchObject({ value: "30", derivation: "SUM_OF_PARTS", coverage: { covered: 1, total: 4 } });
      expect((await rowsOf(["C-04606-20250701"], "2022", "AS_REPORTED", source))[0].value).toBeNull();
      // Bính Xá was split: Đình Lập (2025) does not take its 15, and says so; Bính Xá stays itself
      const dinhLap = await rowsOf(["C-06613-20250701"], "2022", "CURRENT", source);
      expect(dinhLap[0]).toMatchObject({ value: null, flags: expect.arrayContaining(["SPLIT_COMMUNE_LEFT_OUT"]) });
      const binhXa = await rowsOf(["C-06622-20080801"], "2022", "CURRENT", source);
      expect(binhXa[0]).toMatchObject({ place: { key: "C-06622-20080801" }, value: "15" });
      expect(binhXa[0].flags).toContain("SPLIT_IN_2025");
      // ... and counts in its 2025 province, which never adds the 2025 communes' re-expressed cells twice
      const langSon = await rowsOf(["P-20-2025"], "2022", "CURRENT", source);
      expect(langSon[0]).toMatchObject({ value: "15" });
      const laoCai = await rowsOf(["P-15-2025"], "2022", "CURRENT", source);
      expect(laoCai[0]).toMatchObject({ value: "120" });
    }
    // analytics answers the same
    const analytics = await h.run(
      `query ($q: AnalyticsInput!) { analytics(query: $q) { rows { place { key } values { value derivation coverage { covered total } } } } }`,
      {
        q: {
          measures: [{ code: "households_supported" }],
          places: [{ keys: ["C-04606-20250701"] }],
          periods: { list: ["2022"] },
          filter: { boundaries: "CURRENT" },
        },
      },
    );
    expect(analytics.errors, JSON.stringify(analytics.errors)).toBeUndefined();
    expect(analytics.data!.analytics.rows[0]).toMatchObject({
      place: { key: "C-04606-20250701" },
      values: [{ value: "30", derivation: "SUM_OF_PARTS", coverage: { covered: 1, total: 4 } }],
    });
    // a province existed before 2008: Lạng Sơn's 2005 figure is placed in its unit
    const before2008 = await rowsOf(["P-20-2008"], "2005", "AS_REPORTED");
    expect(before2008[0]).toMatchObject({ value: "200", derivation: "REPORTED" });
  });

  it("refuses a key outside its unit's validity, and accepts an unchanged province for 2021-2025 by name", async () => {
    const bad = {
      ...doc,
      document: { ...doc.document, sourceKey: "test/places-country-bad" },
      figures: [
        figure("old-key", "P-11-2008", "2003-2017", "120 hộ"),
        figure("son-la", "Sơn La", "2021-2025", "120 hộ"),
      ],
    };
    const r = await h.run(
      `mutation ($d: JSON!) { importReport(document: $d, dryRun: true) { status errors { row field reason } } }`,
      { d: bad },
      asEditor,
    );
    expect(r.data!.importReport.status).toBe("ERROR");
    expect(r.data!.importReport.errors).toEqual([
      expect.objectContaining({
        row: 1,
        field: "place",
        reason: expect.stringMatching(/P-11-2008.*did not exist during/),
      }),
    ]);
  });
});
