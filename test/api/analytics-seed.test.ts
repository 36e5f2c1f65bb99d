import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededServer, type SeededServer } from "./support.ts";

// The researchers' questions (issue 18), each one `analytics` query over HTTP on the seed dataset,
// the numbers checked against the reports. The same queries are the README's examples.
let s: SeededServer;
beforeAll(async () => {
  s = await startSeededServer();
});
afterAll(async () => {
  await s?.stop();
});

const VALUE = `measure value lower upper qualifier derivation numerator denominator ratio flags coverage { covered total dimension }
  sourcePeriod { label } sources { title quote }`;
const ROWS = `total servedFrom columns { name measure unit aggregation additiveOver }
  rows { place { key name level } period { start end label } programme ethnicity kind values { ${VALUE} } }`;
const ask = (query: Record<string, unknown>, select = ROWS) =>
  s.gql(`query($q: AnalyticsInput!) { analytics(query: $q) { ${select} } }`, { q: query });
/** [place, period, value of each measure] per row. */
const brief = (rows: any[]) =>
  rows.map((r) => [r.place.name, r.period?.label ?? null, ...r.values.map((v: any) => v.value)]);
const codeOf = (r: { errors?: { extensions: Record<string, any> }[] }) => r.errors?.[0]?.extensions.code;

describe("analytics: the researchers' questions on the seed dataset", () => {
  it("the top 5 provinces by poverty rate (every province of the country, reported rates only, highest first)", async () => {
    const r = await ask({
      measures: [{ code: "poverty_rate" }],
      places: [{ level: "PROVINCE" }],
      orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
      limit: 5,
    });
    expect(r.errors).toBeUndefined();
    // Kiên Giang: "tỷ lệ hộ nghèo … còn 1,69%" at the start of 2021; Long An: 0,75% at the start of 2024
    expect(brief(r.data.analytics.rows)).toEqual([
      ["Kiên Giang", "2021-01-01", "1.69"],
      ["Long An", "2024-01-01", "0.75"],
    ]);
    expect(r.data.analytics).toMatchObject({
      total: 2,
      servedFrom: "ROLLUP",
      columns: [{ name: "poverty_rate", unit: "PERCENT", aggregation: "RATIO", additiveOver: [] }],
    });
    expect(r.data.analytics.rows[0].values[0].sources[0].quote).toMatch(/1,69%/);
  });

  it("the poverty rate of every district in the country, 2020, NO_DATA rows last", async () => {
    const r = await ask({
      measures: [{ code: "poverty_rate" }],
      places: [{ level: "DISTRICT" }],
      periods: { list: ["2020"], fillEmpty: true },
      orderBy: [{ measure: "poverty_rate", direction: "DESC" }],
    });
    const a = r.data.analytics;
    const districts = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM place WHERE level = 'DISTRICT' AND valid_from <= '2020-12-31' AND (valid_to IS NULL OR valid_to >= '2020-01-01')`,
    );
    expect(a.total).toBe(districts.rows[0].n); // every district of 2020 the reference data holds
    expect(a.rows.every((x: any) => x.place.level === "DISTRICT" && x.period.label === "2020")).toBe(true);
    expect(brief(a.rows.slice(0, 3))).toEqual([
      ["Giang Thành", "2020", "7.96"],
      ["U Minh Thượng", "2020", "6.32"],
      ["An Minh", "2020", "5.04"],
    ]);
    expect(a.rows.slice(3, 6).map((x: any) => x.values[0])).toEqual(
      Array(3).fill(expect.objectContaining({ value: "1", qualifier: "AT_MOST", upper: "1", lower: null })),
    );
    expect(
      a.rows.slice(6).every((x: any) => x.values[0].derivation === "NO_DATA" && x.values[0].flags.includes("NO_DATA")),
    ).toBe(true);
    // ascending too: NO_DATA stays last
    const asc = await ask({
      measures: [{ code: "poverty_rate" }],
      places: [{ level: "DISTRICT" }],
      periods: { list: ["2020"], fillEmpty: true },
      orderBy: [{ measure: "poverty_rate", direction: "ASC" }],
      limit: 7,
    });
    expect(brief(asc.data.analytics.rows).map((x) => x[2])).toEqual(["1", "1", "1", "5.04", "6.32", "7.96", null]);
  });

  it("a province and its districts in one answer, two measures side by side; the province's rate is not averaged from its districts", async () => {
    const r = await ask({
      measures: [{ code: "poverty_rate" }, { code: "workers_employed" }],
      places: [{ childrenOf: "P-91-2008", includeParent: true }],
      periods: { list: ["2020"], fillEmpty: true },
    });
    const rows = r.data.analytics.rows;
    expect(rows).toHaveLength(16);
    expect(rows[0].place).toMatchObject({ key: "P-91-2008", level: "PROVINCE" });
    // "giải quyết việc làm cho hơn 35.000 lao động/năm": at least 35,000; no household counts, so no rate
    expect(rows[0].values).toMatchObject([
      { measure: "poverty_rate", value: null, derivation: "NO_DATA" },
      { measure: "workers_employed", value: "35000", qualifier: "AT_LEAST", lower: "35000", upper: null },
    ]);
    expect(rows.slice(1).every((x: any) => x.place.level === "DISTRICT")).toBe(true);
    expect(brief(rows).find((x) => x[0] === "Giang Thành")).toEqual(["Giang Thành", "2020", "7.96", null]);
  });

  it("several measures of Bạch Thông side by side, with a ratio per household and jobs against plan, and as CSV", async () => {
    const q = {
      measures: [
        { code: "loans_outstanding_vnd" },
        { code: "households_supported" },
        { code: "loans_outstanding_vnd", per: "households_supported" },
        { code: "workers_employed", againstPlan: true },
      ],
      places: [{ keys: ["D-06-BACH-THONG"] }],
      periods: { list: ["2022"] },
      filter: { programme: "CREDIT" },
    };
    const r = await ask(q, `${ROWS} csv`);
    expect(r.errors).toBeUndefined();
    const a = r.data.analytics;
    expect(a.columns.map((c: any) => [c.name, c.unit, c.aggregation])).toEqual([
      ["loans_outstanding_vnd", "VND", "SUM"],
      ["households_supported", "HOUSEHOLD", "SUM"],
      ["loans_outstanding_vnd/households_supported", "VND/HOUSEHOLD", "RATIO"],
      ["workers_employed:plan", "PERSON", "SUM"],
    ]);
    expect(a.columns[0].additiveOver).toEqual(["PLACE", "ETHNICITY", "PROGRAMME"]); // money adds over everything, but a stock not over time
    expect(a.columns[1].additiveOver).toEqual(["PLACE", "ETHNICITY", "PERIOD"]); // one household gets several kinds of support
    const [loans, households, perHousehold, jobs] = a.rows[0].values;
    // the seven loan types of the report: 25.796 + 37.921 + 1.665 + 4.040 + 30.724 + 1.913 + 1.026 (triệu đồng)
    expect(loans).toMatchObject({
      value: "103085000000",
      derivation: "SUM_OF_PARTS",
      // the catalogue gave CREDIT 11 loan types (+ water, difficult-area, Decree 28, EM), which the report does not mention
      coverage: { covered: 7, total: 11, dimension: "PROGRAMME" },
    });
    expect(perHousehold).toMatchObject({
      numerator: "103085000000",
      denominator: households.value,
      derivation: "RATIO_OF_SUMS",
    });
    expect(Number(perHousehold.value)).toBeCloseTo(103085000000 / Number(households.value), 4);
    // 29 workers employed with job-creation loans (CREDIT-JOBS); the plan of 700 is for NTP-2021-P4, not credit
    expect(jobs).toMatchObject({ value: "29", ratio: null, denominator: null });
    expect(jobs.flags).toContain("NO_PLAN");
    const lines = a.csv.trim().split("\r\n");
    expect(lines[0]).toContain("loans_outstanding_vnd,loans_outstanding_vnd_qualifier,loans_outstanding_vnd_lower");
    expect(lines[0]).toContain("loans_outstanding_vnd/households_supported,");
    expect(lines[1]).toMatch(
      /^D-06-BACH-THONG,Bạch Thông,DISTRICT,2022-01-01,2022-12-31,CREDIT,ALL,ACTUAL,103085000000,EXACT,/,
    );
    const jobsVsPlan = await ask({
      measures: [{ code: "workers_employed", againstPlan: true }],
      places: [{ keys: ["D-06-BACH-THONG"] }],
      periods: { list: ["2022"] },
      filter: { programme: "NTP-2021-P4" },
    });
    expect(jobsVsPlan.data.analytics.rows[0].values[0]).toMatchObject({
      value: "727",
      numerator: "727",
      denominator: "700",
    });
    expect(jobsVsPlan.data.analytics.rows[0].values[0].ratio).toBeCloseTo(727 / 700, 6); // "727/700 lao động, đạt 103,8%"
  });

  it("a yearly series 2019-2024 with the empty years shown", async () => {
    const r = await ask({
      measures: [{ code: "workers_employed" }],
      places: [{ keys: ["P-91-2008"] }],
      periods: { from: "2019", to: "2024", granularity: "YEAR", fillEmpty: true },
    });
    expect(brief(r.data.analytics.rows)).toEqual([
      ["Kiên Giang", "2019", "35000"],
      ["Kiên Giang", "2020", "35000"],
      ["Kiên Giang", "2021", null],
      ["Kiên Giang", "2022", null],
      ["Kiên Giang", "2023", null],
      ["Kiên Giang", "2024", null],
    ]);
    const sparse = await ask({
      measures: [{ code: "workers_employed" }],
      places: [{ keys: ["P-91-2008"] }],
      periods: { from: "2019", to: "2024", granularity: "YEAR" },
    });
    expect(sparse.data.analytics.total).toBe(2);
  });

  it("the last 5 years, counted from a given day", async () => {
    const r = await ask({
      measures: [{ code: "workers_employed" }],
      places: [{ keys: ["P-91-2008"] }],
      periods: { relative: "LAST_5_YEARS", asOf: "2021-06-30" },
    });
    expect(brief(r.data.analytics.rows).map((x) => x[1])).toEqual(["2016", "2017", "2018", "2019", "2020"]);
    expect(r.data.analytics.rows.every((x: any) => x.values[0].value === "35000")).toBe(true);
    const undated = await ask({
      measures: [{ code: "workers_employed" }],
      places: [{ keys: ["P-91-2008"] }],
      periods: { relative: "LAST_5_YEARS" },
    });
    expect(codeOf(undated)).toBe("BAD_USER_INPUT");
    expect(undated.errors![0].message).toMatch(/needs the day it counts from/);
  });

  it('a stock takes its latest count inside a year (Long An\'s poor households "đầu năm 2024"), never a sum', async () => {
    const r = await ask({
      measures: [{ code: "poverty_rate" }, { code: "poor_households" }],
      places: [{ keys: ["P-80-2008"] }],
      periods: { from: "2023", to: "2024", granularity: "YEAR", fillEmpty: true },
    });
    const [y2023, y2024] = r.data.analytics.rows;
    expect(y2023.values.map((v: any) => v.value)).toEqual([null, null]);
    expect(y2024.values).toMatchObject([
      { value: "0.75", sourcePeriod: { label: "2024-01-01" } },
      { value: "3600", qualifier: "AT_LEAST", sourcePeriod: { label: "2024-01-01" } },
    ]);
  });

  it('having honours bounds: "at most 1 %" certainly passes ≤ 1, is uncertain under < 1, and fails > 5', async () => {
    const q = {
      measures: [{ code: "poverty_rate" }],
      places: [{ level: "DISTRICT", within: "P-91-2008" }],
      periods: { list: ["2020"] },
    };
    const over5 = await ask({ ...q, having: [{ measure: "poverty_rate", gt: 5 }], orderBy: [{ dimension: "PLACE" }] });
    expect(brief(over5.data.analytics.rows)).toEqual([
      ["An Minh", "2020", "5.04"],
      ["Giang Thành", "2020", "7.96"],
      ["U Minh Thượng", "2020", "6.32"],
    ]);
    const atMost1 = await ask({
      ...q,
      having: [{ measure: "poverty_rate", le: 1 }],
      orderBy: [{ dimension: "PLACE" }],
    });
    expect(atMost1.data.analytics.rows.map((x: any) => [x.place.name, x.values[0].flags])).toEqual([
      ["Kiên Hải", []],
      ["Phú Quốc", []],
      ["Rạch Giá", []],
    ]);
    const under1 = await ask({ ...q, having: [{ measure: "poverty_rate", lt: 1 }] });
    expect(under1.data.analytics.total).toBe(3);
    expect(under1.data.analytics.rows.every((x: any) => x.values[0].flags.includes("HAVING_UNCERTAIN"))).toBe(true);
  });

  it("CURRENT boundaries: every province of the country as of 2026 is one of the 34, Bắc Kạn's 2022 households inside Thái Nguyên (bounded, as compare)", async () => {
    const r = await ask({
      measures: [{ code: "households_supported" }],
      places: [{ level: "PROVINCE", asOf: "2026-01-01" }],
      periods: { list: ["2022"], fillEmpty: true },
      filter: { programme: "CREDIT", boundaries: "CURRENT" },
      orderBy: [{ measure: "households_supported", direction: "DESC" }],
    });
    expect(r.data.analytics.total).toBe(34);
    // Bạch Thông's seven loan types overlap (a household can have two loans): 490..1573 households
    expect(r.data.analytics.rows[0]).toMatchObject({
      place: { key: "P-19-2025", name: "Thái Nguyên" },
      values: [
        {
          value: "490",
          lower: "490",
          upper: "1573",
          qualifier: "BETWEEN",
          derivation: "SUM_OF_PARTS",
          coverage: { covered: 1, total: 2, dimension: "PLACE" },
        },
      ],
    });
    const asReported = await ask({
      measures: [{ code: "households_supported" }],
      places: [{ level: "PROVINCE", asOf: "2022-06-30" }],
      periods: { list: ["2022"] },
      filter: { programme: "CREDIT" },
    });
    expect(brief(asReported.data.analytics.rows)).toEqual([["Bắc Kạn", "2022", "490"]]);
  });

  it("pivots places down and periods across", async () => {
    const r = await ask(
      {
        measures: [{ code: "workers_employed" }],
        places: [{ keys: ["P-91-2008", "P-20-2008"] }],
        periods: { from: "2019", to: "2021", granularity: "YEAR", fillEmpty: true },
      },
      `pivot(rows: [PLACE], columns: [PERIOD]) { header rows { labels cells } csv }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.analytics.pivot.header).toEqual(["place", "2019", "2020", "2021"]);
    // "khoảng 14.100 lao động" in Lạng Sơn, 2021
    expect(r.data.analytics.pivot.rows).toEqual([
      { labels: ["Kiên Giang"], cells: ["AT_LEAST 35000", "AT_LEAST 35000", null] },
      { labels: ["Lạng Sơn"], cells: [null, null, "ABOUT 14100"] },
    ]);
    expect(r.data.analytics.pivot.csv.split("\r\n")[1]).toBe("Kiên Giang,AT_LEAST 35000,AT_LEAST 35000,");
  });

  it("refuses bad input with the reason", async () => {
    const base = { measures: [{ code: "poverty_rate" }], places: [{ keys: ["P-91-2008"] }] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, measures: [{ code: "nonsense" }] }, /unknown measure "nonsense"/],
      [{ ...base, measures: [{ code: "households_supported", per: "spending_vnd" }] }, /must be a count/],
      [{ ...base, having: [{ measure: "poor_households", gt: 1 }] }, /does not ask for/],
      [{ ...base, orderBy: [{ measure: "households" }] }, /does not ask for/],
      [{ ...base, limit: 100000 }, /limit must be between 0 and 5000/],
      [{ ...base, periods: { from: "2019", to: "2024", fillEmpty: true } }, /granularity/],
      [{ ...base, places: [{ level: "DISTRICT", keys: ["P-91-2008"] }] }, /exactly one of/],
      [{ ...base, periods: { list: ["2019-13"] } }, /bad period/],
    ];
    for (const [q, message] of cases) {
      const r = await ask(q);
      expect(codeOf(r), JSON.stringify(q)).toBe("BAD_USER_INPUT");
      expect(r.errors![0].message).toMatch(message);
    }
    expect(codeOf(await ask({ ...base, places: [{ childrenOf: "P-99-2008" }] }))).toBe("NOT_FOUND");
  });

  it("gives the same matched ratios as compare where both sides are sums over programmes", async () => {
    for (const [measure, extra] of [
      ["loans_outstanding_vnd", { per: "households_supported" }],
      ["workers_employed", { againstPlan: true }],
    ] as const) {
      const cmp = await s.gql(
        `query($i: CompareInput!) { compare(input: $i) { rows { value lower upper numerator denominator ratio derivation flags } } }`,
        { i: { measure, places: ["D-06-BACH-THONG", "P-06-2008"], programme: "ALL", period: "2022", ...extra } },
      );
      const an = await ask({
        measures: [{ code: measure, ...extra }],
        places: [{ keys: ["D-06-BACH-THONG", "P-06-2008"] }],
        periods: { from: "2022", to: "2022" },
      });
      expect(cmp.errors).toBeUndefined();
      const pick = ({ value, lower, upper, numerator, denominator, ratio, derivation, flags }: any) => ({
        value,
        lower,
        upper,
        numerator,
        denominator,
        ratio,
        derivation,
        flags,
      });
      expect(an.data.analytics.rows.map((r: any) => pick(r.values[0]))).toEqual(cmp.data.compare.rows.map(pick));
    }
  });

  it("gives the same cells as compare, from rollups and from facts", async () => {
    const cmp =
      await s.gql(`{ compare(input: { measure: "poverty_rate", places: ["P-91-2008"], groupBy: [CHILD_PLACE], period: "2020" }) {
      rows { place { key } value lower upper qualifier derivation ratio coverage { covered total } flags } } }`);
    const byKey = new Map(cmp.data.compare.rows.map((x: any) => [x.place.key, x]));
    for (const source of ["ROLLUP", "FACTS"]) {
      const an = await ask({
        measures: [{ code: "poverty_rate" }],
        places: [{ childrenOf: "P-91-2008" }],
        periods: { from: "2020", to: "2020" },
        filter: { source },
      });
      expect(an.data.analytics.servedFrom).toBe(source);
      for (const row of an.data.analytics.rows) {
        const { value, lower, upper, qualifier, derivation, ratio, coverage, flags } = row.values[0];
        expect({
          value,
          lower,
          upper,
          qualifier,
          derivation,
          ratio,
          coverage: { covered: coverage.covered, total: coverage.total },
          flags,
        }).toEqual((({ place: _p, ...rest }: any) => rest)(byKey.get(row.place.key)));
      }
    }
  });
});
