import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument } from "../../src/ingest/import/import-document.ts";
import { rebuildAll } from "../../src/rollup/rebuild.ts";
import { startSeededServer, type SeededServer } from "./support.ts";

// The seven answers of "honest numbers" (issue 16), over HTTP on the seed dataset: each was wrong
// before (the number in each test's name is what it used to say).
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

const ROW = `place { key } ethnicity programme periodStart periodEnd value lower upper qualifier ratio numerator denominator matchedCells reason
  matchedCoverage { numerator { matched whole leftOutCells } denominator { matched whole leftOutCells } }
  derivation coverage { covered total dimension } flags povertyStandards leafCoverage { dimension child level depth covered total }`;
const compare = async (input: Record<string, unknown>) => {
  const r = await s.gql(`query($input: CompareInput!) { compare(input: $input) { servedFrom rows { ${ROW} } } }`, {
    input,
  });
  expect(r.errors).toBeUndefined();
  return r.data.compare.rows;
};

/** Imports a document of these figures (published 2023-01-10) into the server's database. */
const importFigures = (sourceKey: string, title: string, figures: object[]) =>
  importDocument(
    s.db.pool,
    {
      document: {
        sourceKey,
        title,
        publisher: null,
        author: null,
        publishedAt: "2023-01-10",
        url: null,
        fileName: null,
      },
      figures,
    } as never,
    { actor: "test" },
  );

describe("honest numbers on the seed dataset", () => {
  it("attainment at the programme root is 727/700 (was 1.08 = 756/700): the job-loan workers without a plan are left out, and named", async () => {
    const [bt] = await compare({
      measure: "workers_employed",
      places: ["D-06-BACH-THONG"],
      period: "2022",
      againstPlan: true,
    });
    expect(bt).toMatchObject({
      programme: "ALL",
      numerator: "727",
      denominator: "700",
      matchedCells: 1,
      reason: "left out: actuals without a plan at CREDIT",
    });
    expect(bt.ratio).toBeCloseTo(1.0386, 4);
    expect(bt.flags).toContain("UNMATCHED_LEFT_OUT");
    // its matched coverage: 727 of the 727..756 workers (one cell left out), all 700 planned
    expect(bt.matchedCoverage).toEqual({
      numerator: { matched: "727", whole: "727", leftOutCells: 1 },
      denominator: { matched: "700", whole: "700", leftOutCells: 0 },
    });
    const csv = await s.gql(
      `{ compare(input: { measure: "workers_employed", places: ["D-06-BACH-THONG"], period: "2022", againstPlan: true }) { csv } }`,
    );
    const [header, line] = csv.data.compare.csv.trim().split("\r\n");
    const cells = Object.fromEntries(header.split(",").map((h: string, i: number) => [h, line.split(",")[i]]));
    expect(cells).toMatchObject({
      numerator: "727",
      denominator: "700",
      numerator_whole: "727",
      numerator_left_out_cells: "1",
      denominator_whole: "700",
      denominator_left_out_cells: "0",
    });
  });

  it("per household divides housing money by housing households only (was money of every programme over credit + housing households)", async () => {
    const [bt] = await compare({
      measure: "spending_vnd",
      places: ["D-06-BACH-THONG"],
      period: "2022",
      per: "households_supported",
    });
    expect(bt).toMatchObject({
      value: "70000000",
      numerator: "1960000000",
      denominator: "28",
      matchedCells: 1,
      derivation: "RATIO_OF_SUMS",
    });
    expect(bt.reason).toBe(
      "left out: values without a matching count at EDUCATION, GREAT-UNITY-HOUSES; counts without a matching value at CREDIT",
    );
  });

  it("households over programmes are a bounded value, 490..1601 (was 155, a figure filed at the root; the sum would be 1601)", async () => {
    const [bt] = await compare({ measure: "households_supported", places: ["D-06-BACH-THONG"], period: "2022" });
    expect(bt).toMatchObject({
      value: "490",
      lower: "490",
      upper: "1601",
      qualifier: "BETWEEN",
      derivation: "BOUNDED_BY_PARTS",
      coverage: { covered: 2, dimension: "PROGRAMME" },
    });
    const [credit] = await compare({
      measure: "households_supported",
      places: ["D-06-BACH-THONG"],
      period: "2022",
      programme: "CREDIT",
    });
    expect(credit).toMatchObject({
      value: "490",
      lower: "490",
      upper: "1573",
      qualifier: "BETWEEN",
      coverage: { covered: 7, total: 11 },
    });
  });

  it("pupils' and households' lượt are never summed (was 99,523 occasions in Lạng Sơn 2021)", async () => {
    const [pupils] = await compare({ measure: "occasions_pupils", places: ["P-20-2008"], period: "2021" });
    const [households] = await compare({ measure: "occasions_households", places: ["P-20-2008"], period: "2021" });
    expect([pupils.value, households.value]).toEqual(["78394", "21129"]);
    const gone = await s.gql(
      `{ compare(input: { measure: "occasions_supported", places: ["P-20-2008"] }) { rows { value } } }`,
    );
    expect(gone.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("cards' coverage counts only the programme that issues cards (was 1 of 11 sub-programmes)", async () => {
    const [ls] = await compare({ measure: "health_insurance_cards", places: ["P-20-2008"], period: "2021" });
    expect(ls).toMatchObject({
      value: "269316",
      coverage: { covered: 1, total: 1, dimension: "PROGRAMME" },
      flags: [],
    });
  });

  it("the flagged cell itself says FLAGGED_EXCLUDED (was a bare NO_DATA)", async () => {
    const [lunch] = await compare({
      measure: "spending_vnd",
      places: ["D-06-BACH-THONG"],
      programme: "EDU-LUNCH",
      period: "2022",
    });
    expect(lunch).toMatchObject({ value: null, derivation: "NO_DATA", flags: ["FLAGGED_EXCLUDED", "NO_DATA"] });
    const [other] = await compare({
      measure: "spending_vnd",
      places: ["D-06-BACH-THONG"],
      programme: "EDU-RICE",
      period: "2022",
    });
    expect(other.flags).toEqual(["NO_DATA"]);
  });

  it("DTTS stays DTTS: a figure for ethnic minorities only is never ALL's total, at most a lower bound of it", async () => {
    // the seed's own DTTS figure (Bạch Thông's 2023 target for minorities) is not ALL's
    const target = { measure: "poverty_rate_reduction", places: ["D-06-BACH-THONG"], period: "2023", kind: "TARGET" };
    const [dtts] = await compare({ ...target, ethnicity: "DTTS" });
    expect(dtts).toMatchObject({ value: "3", qualifier: "AT_LEAST", derivation: "REPORTED" });
    const [all] = await compare(target);
    expect(all).toMatchObject({ value: "4", derivation: "REPORTED" });
    // households reached by loans for minorities only, in a district and year without any other figure
    await importDocument(
      s.db.pool,
      {
        document: {
          sourceKey: "test/dtts-only",
          title: "Na Rì 2023",
          publisher: null,
          author: null,
          publishedAt: "2024-01-10",
          url: null,
          fileName: null,
        },
        figures: [
          {
            key: "dtts-loans",
            place: "D-06-NA-RI",
            ethnicity: "DTTS",
            programme: "CREDIT-EM",
            measure: "households_supported",
            period: "2023",
            text: "312 hộ",
            quote: "312 hộ đồng bào dân tộc thiểu số được vay vốn",
          },
        ],
      },
      { actor: "test" },
    );
    await rebuildAll(s.db.pool);
    for (const source of ["FACTS", "ROLLUP"]) {
      const ask = {
        measure: "households_supported",
        places: ["D-06-NA-RI"],
        period: "2023",
        programme: "CREDIT-EM",
        source,
      };
      const [dtts] = await compare({ ...ask, ethnicity: "DTTS" });
      expect(dtts).toMatchObject({ value: "312", qualifier: "EXACT", lower: "312", upper: "312" });
      const [all] = await compare(ask);
      expect(all).toMatchObject({
        value: "312",
        lower: "312",
        upper: null,
        qualifier: "AT_LEAST",
        derivation: "SUM_OF_PARTS",
        coverage: { covered: 1, total: 2, dimension: "ETHNICITY" },
      });
      expect(all.flags).toContain("PARTIAL_COVERAGE");
      expect(all.leafCoverage).toEqual(
        expect.arrayContaining([
          { dimension: "ETHNICITY", child: "01", level: "GROUP", depth: 1, covered: 0, total: 1 },
          { dimension: "ETHNICITY", child: "DTTS", level: "GROUP", depth: 1, covered: 1, total: 1 },
        ]),
      );
      // and so is everything built from it: the programme root over all groups
      const [root] = await compare({ ...ask, programme: "ALL" });
      expect(root).toMatchObject({ value: "312", upper: null, qualifier: "AT_LEAST" });
    }
  });

  it("gives coverage through the levels: new Thái Nguyên is 1 of 8 districts of old Bắc Kạn and none of old Thái Nguyên's 9", async () => {
    const r = await s.gql(
      `{ compare(input: { measure: "workers_employed", places: ["P-19-2025"], boundaries: CURRENT, period: "2022" }) {
          rows { value coverage { covered total dimension } leafCoverage { dimension child level depth covered total } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const [tn] = r.data.compare.rows;
    expect(tn.coverage).toEqual({ covered: 1, total: 2, dimension: "PLACE" });
    expect(tn.leafCoverage).toHaveLength(2);
    expect(tn.leafCoverage).toEqual(
      expect.arrayContaining([
        { dimension: "PLACE", child: "P-06-2008", level: "DISTRICT", depth: 2, covered: 1, total: 8 },
        { dimension: "PLACE", child: "P-19-2008", level: "DISTRICT", depth: 2, covered: 0, total: 9 },
      ]),
    );
  });

  it("a figure carries its poverty standard; rows under different standards say so", async () => {
    const quote =
      "tỷ lệ hộ nghèo năm 2015 là 5,2%, năm 2022 còn 3,1%; năm 2021 có 812 hộ nghèo, theo chuẩn mới 1.020 hộ";
    const figure = (key: string, measure: string, period: string, text: string, extra = {}) => ({
      key,
      place: "D-20-VAN-QUAN",
      programme: "ALL",
      measure,
      period,
      text,
      quote,
      ...extra,
    });
    const bad = await importFigures("test/standards-bad", "Văn Quan", [
      figure("r", "poverty_rate", "2015", "5,2%", { povertyStandard: "MULTIDIMENSIONAL_2030" }),
    ]);
    expect(bad.status).toBe("ERROR");
    const summary = await importFigures("test/standards", "Văn Quan", [
      figure("r2015", "poverty_rate", "2015", "5,2%"),
      figure("r2022", "poverty_rate", "2022", "3,1%"),
      figure("p2021-old", "poor_households", "2021", "812 hộ"),
    ]);
    expect(summary.status).toBe("CREATED");
    const later = await importFigures("test/standards-new", "Văn Quan", [
      figure("p2021-new", "poor_households", "2021", "1.020 hộ", { povertyStandard: "MULTIDIMENSIONAL_2022_2025" }),
    ]);
    expect(later.status).toBe("CREATED");
    const rates = await compare({ measure: "poverty_rate", places: ["D-20-VAN-QUAN"], source: "FACTS" });
    const byYear = Object.fromEntries(rates.map((r: any) => [r.periodStart.slice(0, 4), r]));
    expect(byYear["2015"]).toMatchObject({ value: "5.2", povertyStandards: ["INCOME_2011_2015"] });
    expect(byYear["2022"]).toMatchObject({ value: "3.1", povertyStandards: ["MULTIDIMENSIONAL_2022_2025"] });
    for (const r of rates.filter((r: any) => r.value !== null)) expect(r.flags).toContain("POVERTY_STANDARDS_DIFFER");
    // the 2021 count re-measured under the 2022-2025 standard (the later report wins the cell) …
    const [poor] = await compare({
      measure: "poor_households",
      places: ["D-20-VAN-QUAN"],
      period: "2021",
      source: "FACTS",
    });
    expect(poor).toMatchObject({ value: "1020", povertyStandards: ["MULTIDIMENSIONAL_2022_2025"] });
    const stored = await s.db.pool.query(
      `SELECT figure_key, poverty_standard FROM figure WHERE figure_key LIKE 'p2021-%' ORDER BY 1`,
    );
    expect(stored.rows).toEqual([
      { figure_key: "p2021-new", poverty_standard: "MULTIDIMENSIONAL_2022_2025" },
      { figure_key: "p2021-old", poverty_standard: null },
    ]);
    // each figure says its standard: stated, else its period's; also as the figures stood at a past moment
    const listed = async (asOf: string) =>
      (
        await s.gql(
          `{ figures(first: 20, filter: { placeCodes: ["D-20-VAN-QUAN"], measureCodes: ["poverty_rate", "poor_households"], asOf: "${asOf}" }) { edges { node { key povertyStandard } } } }`,
        )
      ).data.figures.edges.map((e: any) => [e.node.key, e.node.povertyStandard]);
    const now = new Date(Date.now() + 60_000).toISOString();
    expect(new Map(await listed(now))).toEqual(
      new Map([
        ["r2015", "INCOME_2011_2015"],
        ["r2022", "MULTIDIMENSIONAL_2022_2025"],
        ["p2021-old", "MULTIDIMENSIONAL_2016_2020"],
        ["p2021-new", "MULTIDIMENSIONAL_2022_2025"],
      ]),
    );
    const m = await s.gql(
      `{ measure(code: "poverty_rate") { byPovertyStandard } povertyStandards { code validFrom validTo } }`,
    );
    expect(m.data.measure.byPovertyStandard).toBe(true);
    expect(m.data.povertyStandards.map((p: any) => p.code)).toEqual([
      "INCOME_2011_2015",
      "MULTIDIMENSIONAL_2016_2020",
      "MULTIDIMENSIONAL_2022_2025",
    ]);
  });

  it("a corrected re-import that restates a figure's poverty standard changes the answer's standard (kept per data version)", async () => {
    const figure = (povertyStandard?: string) => ({
      key: "poor-2019",
      place: "D-20-BINH-GIA",
      programme: "ALL",
      measure: "poor_households",
      period: "2019",
      text: "640 hộ",
      quote: "năm 2019 còn 640 hộ nghèo",
      ...(povertyStandard ? { povertyStandard } : {}),
    });
    const input = { measure: "poor_households", places: ["D-20-BINH-GIA"], period: "2019", source: "FACTS" };
    expect((await importFigures("test/standards-restated", "Bình Gia 2019", [figure()])).status).toBe("CREATED");
    const [before] = await compare(input);
    expect(before).toMatchObject({ value: "640", povertyStandards: ["MULTIDIMENSIONAL_2016_2020"] });
    const again = await importFigures("test/standards-restated", "Bình Gia 2019", [figure("INCOME_2011_2015")]);
    expect(again.status).not.toBe("ERROR");
    // the same figure (same id), updated in place: the standard kept for it goes with the data version
    await expect
      .poll(async () => (await compare(input))[0].povertyStandards, { timeout: 5_000 })
      .toEqual(["INCOME_2011_2015"]);
  });

  it("lists a district valid until the first day of the period among its province's children (validTo is inclusive)", async () => {
    const rows = await compare({
      measure: "workers_employed",
      places: ["P-06-2008"],
      period: "2025-06-30",
      groupBy: ["CHILD_PLACE"],
    });
    expect(rows).toHaveLength(8);
    expect(rows.map((r: any) => r.place.key)).toContain("D-06-BACH-THONG");
  });

  it("an import flags a rate that contradicts its own counts, keeps counting it, and validationResults lists it by document, place and rule", async () => {
    const quote = "toàn huyện còn 39.217 hộ nghèo (22,77%) trên tổng số 140.061 hộ";
    const figure = (key: string, measure: string, text: string) => ({
      key,
      place: "D-20-BINH-GIA",
      programme: "ALL",
      measure,
      period: "2022",
      text,
      quote,
    });
    const summary = await importFigures("test/inconsistent-rate", "Bình Gia 2022", [
      figure("rate", "poverty_rate", "22,77%"),
      figure("poor", "poor_households", "39.217 hộ"),
      figure("all", "households", "140.061 hộ"),
    ]);
    expect(summary.status).toBe("CREATED");
    const r = await s.gql(
      `{ validationResults(sourceKey: "test/inconsistent-rate") { sourceKey figureKey placeKey rule reason } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.validationResults).toEqual([
      {
        sourceKey: "test/inconsistent-rate",
        figureKey: "rate",
        placeKey: "D-20-BINH-GIA",
        rule: "RATE_VS_COUNTS",
        reason: "poverty_rate 22.77% but its counts imply 28% (39217 / 140061: poor, all)",
      },
    ]);
    const byRule = await s.gql(`{ validationResults(rule: "IMPLAUSIBLE") { figureKey rule } }`);
    expect(byRule.data.validationResults).toContainEqual({ figureKey: "lunch-spending-2022", rule: "IMPLAUSIBLE" });
    const stored = await s.db.pool.query(
      `SELECT flags FROM figure WHERE figure_key = 'rate' AND place_key = 'D-20-BINH-GIA'`,
    );
    expect(stored.rows[0].flags).toEqual(["INCONSISTENT"]);
  });

  it("pairs a province's actuals and plans district by district: a district's actuals without a plan stay out (was 767/700, flagged uneven)", async () => {
    const summary = await importFigures("test/ba-be-workers", "Ba Bể 2022", [
      {
        key: "workers",
        place: "D-06-BA-BE",
        programme: "NTP-2021-P4",
        measure: "workers_employed",
        period: "2022",
        text: "40 lao động",
        quote: "giải quyết việc làm cho 40 lao động",
      },
    ]);
    expect(summary.status).toBe("CREATED");
    const input = { measure: "workers_employed", places: ["P-06-2008"], programme: "NTP-2021-P4", period: "2022" };
    for (const source of ["FACTS", "ROLLUP"]) {
      if (source === "ROLLUP") await rebuildAll(s.db.pool);
      const [bk] = await compare({ ...input, againstPlan: true, source });
      expect(bk).toMatchObject({
        value: "767",
        numerator: "727",
        denominator: "700",
        matchedCells: 1,
        reason: "left out: actuals without a plan at D-06-BA-BE",
        matchedCoverage: {
          numerator: { matched: "727", whole: "767", leftOutCells: 1 },
          denominator: { matched: "700", whole: "700", leftOutCells: 0 },
        },
      });
      expect(bk.ratio).toBeCloseTo(1.0386, 4);
      expect(bk.flags).toContain("UNMATCHED_LEFT_OUT");
      expect(bk.flags).not.toContain("UNEVEN_COVERAGE");
    }
    // all programmes: down to the districts, then Bạch Thông's programmes (its job-loan workers
    // have no plan), each read from the rollup only where the province holds the programme
    for (const source of ["FACTS", "ROLLUP"]) {
      const [all] = await compare({ ...input, programme: "ALL", againstPlan: true, source });
      expect(all).toMatchObject({
        numerator: "727",
        denominator: "700",
        reason: "left out: actuals without a plan at D-06-BA-BE, D-06-BACH-THONG CREDIT",
      });
    }
    // a plan without actuals of the same place: nothing to divide, and the row says why
    const [baBe] = await compare({ ...input, places: ["D-06-BA-BE"], againstPlan: true });
    expect(baBe).toMatchObject({ ratio: null, flags: expect.arrayContaining(["NO_PLAN"]) });
  });
});
