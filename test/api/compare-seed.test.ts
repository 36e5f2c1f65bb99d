import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededServer, type SeededServer } from "./support.ts";

// The "Query API" acceptance questions, over HTTP, on the seed dataset. The same queries are the
// README's examples.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

const ROW = `place { key name } ethnicity programme periodStart periodEnd value lower upper qualifier ratio numerator denominator
  derivation coverage { covered total dimension } flags sources { title publishedAt quote }`;
const compare = (input: Record<string, unknown>) =>
  s.gql(`query($input: CompareInput!) { compare(input: $input) { servedFrom computedAt rows { ${ROW} } } }`, { input });

describe("comparisons on the seed dataset", () => {
  it("Lạng Sơn vs Long An: health-insurance cards (Long An's sum of three target groups keeps its qualifiers)", async () => {
    const r = await compare({
      measure: "health_insurance_cards",
      places: ["P-20-2008", "P-80-2008"],
      programme: "HEALTH-INSURANCE",
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.compare.servedFrom).toBe("ROLLUP");
    const [ls, la] = r.data.compare.rows;
    expect(ls).toMatchObject({
      place: { name: "Lạng Sơn" },
      periodStart: "2021-01-01",
      periodEnd: "2021-12-31",
      value: "269316",
      qualifier: "EXACT",
      derivation: "REPORTED",
    });
    expect(ls.sources[0].quote).toContain("269.316 thẻ BHYT");
    // gần 11.000 + hơn 28.800 + 216.200: nearly + at least + exact = about, with no bound left
    expect(la).toMatchObject({
      place: { name: "Long An" },
      periodStart: "2023-01-01",
      value: "256000",
      qualifier: "ABOUT",
      lower: null,
      upper: null,
      derivation: "SUM_OF_PARTS",
      coverage: { covered: 3, total: 3, dimension: "PROGRAMME" },
    });
    expect(la.sources).toHaveLength(3);
  });

  it("Bạch Thông credit outstanding by loan type (groupBy PROGRAMME), and the total as a sum of parts", async () => {
    const r = await compare({
      measure: "loans_outstanding_vnd",
      places: ["D-06-BACH-THONG"],
      programme: "CREDIT",
      groupBy: ["PROGRAMME"],
      period: "2022",
    });
    const byProgramme = Object.fromEntries(r.data.compare.rows.map((x: any) => [x.programme, x.value]));
    expect(byProgramme).toEqual({
      "CREDIT-POOR": "25796000000",
      "CREDIT-NEAR-POOR": "37921000000",
      "CREDIT-ESCAPED": "1665000000",
      "CREDIT-HOUSING": "4040000000",
      "CREDIT-JOBS": "30724000000",
      "CREDIT-STUDENTS": "1913000000",
      "CREDIT-ABROAD": "1026000000",
      // loan types the report does not mention
      "CREDIT-WATER": null,
      "CREDIT-DIFFICULT-AREA": null,
      "CREDIT-DECREE-28": null,
      "CREDIT-EM": null,
    });
    const total = await compare({
      measure: "loans_outstanding_vnd",
      places: ["D-06-BACH-THONG"],
      programme: "CREDIT",
      period: "2022",
    });
    expect(total.data.compare.rows[0]).toMatchObject({
      value: "103085000000",
      derivation: "SUM_OF_PARTS",
      coverage: { covered: 7, total: 11 },
    });
  });

  it("jobs against plan: 727 / 700 in Bạch Thông, and Bắc Kạn's province row covers 1 of 8 districts", async () => {
    const r = await compare({
      measure: "workers_employed",
      places: ["D-06-BACH-THONG", "P-06-2008"],
      programme: "NTP-2021-P4",
      againstPlan: true,
      period: "2022",
    });
    const [bt, bk] = r.data.compare.rows;
    expect(bt).toMatchObject({ value: "727", numerator: "727", denominator: "700", derivation: "REPORTED" });
    expect(bt.ratio).toBeCloseTo(1.0386, 4);
    expect(bk).toMatchObject({
      value: "727",
      derivation: "SUM_OF_PARTS",
      coverage: { covered: 1, total: 8, dimension: "PLACE" },
    });
    expect(bk.flags).toContain("PARTIAL_COVERAGE");
    expect(bk.ratio).toBeCloseTo(1.0386, 4);
  });

  it("Kiên Giang district poverty rates (CHILD_PLACE), a row for every district, rates never averaged", async () => {
    const r = await compare({
      measure: "poverty_rate",
      places: ["P-91-2008"],
      groupBy: ["CHILD_PLACE"],
      period: "2020",
    });
    const rows = r.data.compare.rows;
    expect(rows).toHaveLength(15);
    const rate = (name: string) => rows.find((x: any) => x.place.name === name);
    expect(rate("Giang Thành")).toMatchObject({ value: "7.96", qualifier: "EXACT", derivation: "REPORTED" });
    expect(rate("Giang Thành").ratio).toBeCloseTo(0.0796, 6);
    expect(rate("U Minh Thượng").value).toBe("6.32");
    expect(rate("An Minh").value).toBe("5.04");
    expect(rate("Phú Quốc")).toMatchObject({ value: "1", qualifier: "AT_MOST" });
    expect(rate("Hòn Đất")).toMatchObject({
      value: null,
      derivation: "NO_DATA",
      coverage: { covered: 0 },
      flags: ["NO_DATA"],
    });
    // the province has no household counts for 2020: its rate is not invented from the districts' rates
    const province = await compare({ measure: "poverty_rate", places: ["P-91-2008"], period: "2020" });
    expect(province.data.compare.rows[0]).toMatchObject({ value: null, derivation: "NO_DATA" });
  });

  it("CURRENT boundaries: Thái Nguyên (2025) vs Lạng Sơn in 2022 counts Bắc Kạn inside Thái Nguyên; AS_REPORTED keeps it apart", async () => {
    const current = await compare({
      measure: "households_supported",
      places: ["19", "20"],
      period: "2022",
      programme: "CREDIT",
      boundaries: "CURRENT",
    });
    expect(current.errors).toBeUndefined();
    const [tn, ls] = current.data.compare.rows;
    // Bạch Thông's seven loan types overlap (a household can have two loans): 490..1573 households
    expect(tn).toMatchObject({
      place: { key: "P-19-2025", name: "Thái Nguyên" },
      value: "490",
      lower: "490",
      upper: "1573",
      qualifier: "BETWEEN",
      derivation: "SUM_OF_PARTS",
      coverage: { covered: 1, total: 2, dimension: "PLACE" },
    });
    expect(ls).toMatchObject({ place: { key: "P-20-2025" }, value: null, derivation: "NO_DATA" });
    const reported = await compare({
      measure: "households_supported",
      places: ["19", "06"],
      period: "2022",
      programme: "CREDIT",
    });
    expect(reported.data.compare.rows.map((x: any) => [x.place.key, x.value])).toEqual([
      ["P-19-2008", null],
      ["P-06-2008", "490"],
    ]);
    // mixed old and new codes in one request
    const mixed = await compare({
      measure: "households_supported",
      places: ["P-06-2008", "P-19-2025"],
      period: "2022",
      programme: "CREDIT",
    });
    expect(mixed.data.compare.rows.map((x: any) => [x.place.key, x.value])).toEqual([
      ["P-06-2008", "490"],
      ["P-19-2025", "490"],
    ]);
  });

  it("leaves the flagged Bạch Thông lunch figure out by default, and shows it with includeFlagged", async () => {
    const query = { measure: "spending_vnd", places: ["D-06-BACH-THONG"], programme: "EDU-LUNCH", period: "2022" };
    const plain = await compare(query);
    expect(plain.data.compare.rows[0]).toMatchObject({ value: null, derivation: "NO_DATA" });
    const education = await compare({ ...query, programme: "EDUCATION" });
    expect(education.data.compare.rows[0]).toMatchObject({
      value: "511900000",
      flags: ["FLAGGED_EXCLUDED", "PARTIAL_COVERAGE"],
      coverage: { covered: 1, total: 5 },
    });
    const flagged = await compare({ ...query, includeFlagged: true });
    expect(flagged.data.compare).toMatchObject({
      servedFrom: "FACTS",
      rows: [{ value: "1218000000000", derivation: "REPORTED" }],
    });
    const figures =
      await s.gql(`{ figures(filter: { placeCodes: ["D-06-BACH-THONG"], programmeCodes: ["EDU-LUNCH"], measureCodes: ["spending_vnd"], includeFlagged: true }) {
      edges { node { value flags flagReason suggestedValue rawText } } } }`);
    expect(figures.data.figures.edges[0].node).toMatchObject({
      value: "1218000000000",
      flags: ["IMPLAUSIBLE"],
      suggestedValue: "1218000000",
      rawText: "1.218.000 triệu đồng",
    });
    const hidden = await s.gql(
      `{ figures(filter: { placeCodes: ["D-06-BACH-THONG"], programmeCodes: ["EDU-LUNCH"], measureCodes: ["spending_vnd"] }) { totalCount } }`,
    );
    expect(hidden.data.figures.totalCount).toBe(0);
  });

  it("per poor household: a ratio of sums; a money measure as denominator is refused", async () => {
    const ok = await compare({
      measure: "loans_outstanding_vnd",
      places: ["D-06-BACH-THONG"],
      programme: "CREDIT-POOR",
      per: "households_supported",
      period: "2022",
    });
    expect(ok.data.compare.rows[0]).toMatchObject({
      numerator: "25796000000",
      denominator: "416",
      derivation: "RATIO_OF_SUMS",
    });
    expect(Number(ok.data.compare.rows[0].value)).toBeCloseTo(62009615.38, 1);
    const bad = await compare({ measure: "households_supported", places: ["D-06-BACH-THONG"], per: "spending_vnd" });
    expect(bad.errors![0].extensions.code).toBe("BAD_USER_INPUT");
    expect(bad.errors![0].message).toMatch(/VND/);
  });

  it('per poor household: a flow over 2023 is divided by the poor households counted at its end ("đầu năm 2024")', async () => {
    const q = {
      measure: "houses_built",
      places: ["P-80-2008"],
      programme: "GREAT-UNITY-HOUSES",
      per: "poor_households",
    };
    for (const source of ["ROLLUP", "FACTS"]) {
      const r = await compare({ ...q, period: "2023", source });
      expect(r.errors).toBeUndefined();
      expect(r.data.compare.rows[0]).toMatchObject({
        numerator: "276",
        denominator: "3600",
        derivation: "RATIO_OF_SUMS",
      });
      expect(Number(r.data.compare.rows[0].value)).toBeCloseTo(276 / 3600, 6);
    }
    // a count dated inside a longer period divides it too; none before 2023 exists, so 2022 has no divisor
    const longer = await compare({
      ...q,
      measure: "occasions_households",
      programme: "CREDIT",
      period: "2023-01/2024-05",
    });
    expect(longer.data.compare.rows[0]).toMatchObject({ numerator: "68000", denominator: "3600" });
    const before = await compare({ ...q, measure: "spending_vnd", programme: "ALL", period: "2022" });
    expect(before.data.compare.rows[0].denominator).toBeNull();
  });

  it("gives clear errors: an ambiguous code, an unknown place, a bad period", async () => {
    const ambiguous = await compare({ measure: "poverty_rate", places: ["80"] });
    expect(ambiguous.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(ambiguous.errors![0].message).toMatch(/P-80-2008.*P-80-2025|P-80-2025.*P-80-2008/);
    expect((await compare({ measure: "poverty_rate", places: ["P-99-2008"] })).errors![0].extensions.code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await compare({ measure: "poverty_rate", places: ["P-91-2008"], period: "2025-2021" })).errors![0].extensions
        .code,
    ).toBe("BAD_USER_INPUT");
    expect((await compare({ measure: "nonsense", places: ["P-91-2008"] })).errors![0].extensions.code).toBe(
      "BAD_USER_INPUT",
    );
  });

  it("exports a comparison as CSV", async () => {
    const r = await s.gql(
      `{ compare(input: { measure: "poverty_rate", places: ["P-91-2008"], groupBy: [CHILD_PLACE], period: "2020" }) { csv } }`,
    );
    const lines = r.data.compare.csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^place_key,place_name,place_code,/);
    expect(lines).toHaveLength(16);
    expect(lines.find((l: string) => l.startsWith("D-91-GIANG-THANH"))).toMatch(/,7\.96,/);
  });
});
