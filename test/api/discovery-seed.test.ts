import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baBeCreditReport, startSeededServer, type SeededServer } from "./support.ts";

// Discovering what is there (issue 18): which places reported anything, which measures a place has,
// the documents about a place, everything from one report, a figure's change history, and what
// was known on a given date. Over HTTP on the seed dataset; the same queries are the README's examples.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

const BACH_THONG_DOC = "seed/003_6e80bded62f7b578";

describe("discovery on the seed dataset", () => {
  it("which provinces reported anything in 2022 (a district's figures count for its province)", async () => {
    const r = await s.gql(
      `{ dataAvailability(filter: { level: PROVINCE, period: "2022" }, by: [PLACE]) { place { key name } measures figures documents periods } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = r.data.dataAvailability;
    expect(rows.map((x: any) => x.place.name)).toEqual(["Bắc Kạn", "Kiên Giang"]);
    const [bacKan, kienGiang] = rows;
    // Bạch Thông's report: every 2022 figure of the district but the two flagged ones
    const figures = await s.gql(
      `{ figures(filter: { placeCodes: ["P-06-2008"], includeDescendants: true, period: "2022" }) { totalCount } }`,
    );
    expect(bacKan).toMatchObject({
      place: { key: "P-06-2008" },
      figures: figures.data.figures.totalCount,
      documents: 1,
      periods: ["2022"],
    });
    expect(bacKan.measures).toEqual(
      expect.arrayContaining(["loans_outstanding_vnd", "households_supported", "workers_employed"]),
    );
    // Kiên Giang's plan: "giảm tỷ lệ hộ nghèo … năm 2022" as a target
    expect(kienGiang).toMatchObject({ measures: ["poverty_rate_reduction"], periods: ["2022"] });
  });

  it("which measures Long An has, and over which periods", async () => {
    const r = await s.gql(
      `{ dataAvailability(filter: { place: "P-80-2008" }, by: [MEASURE]) { measure { code unit } figures periods } }`,
    );
    const byCode = Object.fromEntries(r.data.dataAvailability.map((x: any) => [x.measure.code, x]));
    expect(byCode.poverty_rate).toMatchObject({ figures: 1, periods: ["2024-01-01"], measure: { unit: "PERCENT" } });
    expect(byCode.poor_households).toMatchObject({ periods: ["2024-01-01"] });
    expect(byCode.loans_disbursed_vnd.periods).toEqual(["2023-01/2024-05"]);
  });

  it("the documents about a province include those about its districts; by date; by words without diacritics", async () => {
    const q = (filter: string) =>
      s.gql(
        `{ documents(filter: ${filter}, first: 20) { totalCount edges { node { sourceKey title publishedAt figureCount } } } }`,
      );
    const bacKan = await q(`{ place: "P-06-2008" }`);
    expect(bacKan.errors).toBeUndefined();
    expect(bacKan.data.documents.totalCount).toBe(1);
    expect(bacKan.data.documents.edges[0].node).toMatchObject({ sourceKey: BACH_THONG_DOC, publishedAt: "2023-03-01" });
    expect(bacKan.data.documents.edges[0].node.title).toMatch(/^Bạch Thông/);
    const recent = await q(`{ publishedFrom: "2023-01-01" }`);
    expect(recent.data.documents.edges.map((e: any) => e.node.publishedAt).sort()).toEqual([
      "2023-03-01",
      "2024-06-01",
    ]);
    const words = await q(`{ search: "bach thong" }`);
    expect(words.data.documents.edges.map((e: any) => e.node.sourceKey)).toEqual([BACH_THONG_DOC]);
    const lang = await q(`{ search: "Lạng Sơn" }`);
    expect(lang.data.documents.totalCount).toBe(2);
    const page = await s.gql(
      `{ documents(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
    );
    const next = await s.gql(`query($a: String) { documents(first: 10, after: $a) { edges { node { id } } } }`, {
      a: page.data.documents.pageInfo.endCursor,
    });
    expect(page.data.documents).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    expect(next.data.documents.edges).toHaveLength(3);
  });

  it("everything from one report: its figures, the flagged ones too", async () => {
    const r = await s.gql(
      `{ document(sourceKey: "${BACH_THONG_DOC}") { title publishedAt figureCount figures { key measure { code } value rawText flags quote } } }`,
    );
    const doc = r.data.document;
    expect(doc.figures).toHaveLength(doc.figureCount);
    const lunch = doc.figures.find((f: any) => f.key === "lunch-spending-2022");
    expect(lunch).toMatchObject({
      measure: { code: "spending_vnd" },
      value: "1218000000000",
      rawText: "1.218.000 triệu đồng",
      flags: ["IMPLAUSIBLE"],
    });
    expect(doc.figures.find((f: any) => f.rawText === "727/700 lao động")).toBeDefined();
    expect((await s.gql(`{ document(sourceKey: "nope") { title } }`)).data.document).toBeNull();
  });

  it("a figure's change history, and the figures and analytics as they stood before a correction", async () => {
    const importReport = (value: string) =>
      s.gql(
        `mutation($d: JSON!) { importReport(document: $d) { status } }`,
        { d: baBeCreditReport(value) },
        { "x-api-key": s.editorKey },
      );
    expect((await importReport("300")).data.importReport.status).toBe("CREATED");
    await new Promise((r) => setTimeout(r, 20));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    expect((await importReport("320")).data.importReport.status).toBe("UPDATED");

    const listed = await s.gql(
      `{ figures(filter: { document: "test/ba-be-credit-2022" }) { edges { node { id value } } } }`,
    );
    const id = listed.data.figures.edges[0].node.id;
    const h = await s.gql(
      `query($id: ID!) { figure(id: $id) { value history { at actor action oldValue newValue changes } } }`,
      { id },
    );
    expect(h.errors).toBeUndefined();
    expect(h.data.figure.value).toBe("320");
    expect(h.data.figure.history).toMatchObject([
      { action: "INSERT", actor: "api-key:test-editor", oldValue: null, newValue: "300" },
      {
        action: "UPDATE",
        actor: "api-key:test-editor",
        oldValue: "300",
        newValue: "320",
        changes: ["quote", "rawText", "value"],
      },
    ]);

    const then = await s.gql(
      `query($t: DateTime) { figures(filter: { document: "test/ba-be-credit-2022", asOf: $t }) { edges { node { id value } } } }`,
      { t: between },
    );
    expect(then.data.figures.edges).toEqual([{ node: { id, value: "300" } }]);
    const after = await s.gql(
      `query($t: DateTime) { figures(filter: { document: "test/ba-be-credit-2022", asOf: $t }) { edges { node { value } } } }`,
      { t: new Date().toISOString() },
    );
    expect(after.data.figures.edges).toEqual([{ node: { value: "320" } }]);
    const before = await s.gql(
      `{ figures(filter: { document: "test/ba-be-credit-2022", asOf: "2020-01-01T00:00:00Z" }) { edges { node { id } } } }`,
    );
    expect(before.data.figures.edges).toEqual([]);

    // Bắc Kạn's credit households: Bạch Thông's 490..1,573 (overlapping loan types), + Ba Bể's 300 as known then, 320 now
    const q = `query($t: DateTime) { analytics(query: { measures: [{ code: "households_supported" }], places: [{ keys: ["P-06-2008"] }], periods: { list: ["2022"] },
      filter: { programme: "CREDIT" }, asOf: $t }) { servedFrom asOf rows { values { value lower upper coverage { covered total } } } } }`;
    const past = await s.gql(q, { t: between });
    expect(past.errors).toBeUndefined();
    expect(past.data.analytics).toMatchObject({
      servedFrom: "FACTS",
      rows: [{ values: [{ value: "790", lower: "790", upper: "1873", coverage: { covered: 2, total: 8 } }] }],
    });
    const now = await s.gql(q, { t: null });
    expect(now.data.analytics.rows[0].values[0].value).toBe("810");
    const future = await s.gql(q, { t: "2100-01-01T00:00:00Z" });
    expect(future.errors![0].extensions.code).toBe("BAD_USER_INPUT");
  });
});
